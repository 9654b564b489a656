"""A specialist loads a file on the upload page of any kind; the page shows the recompute it
queued waiting, then, once a worker has done it, done — without reloading."""

import threading

import pytest
from django.db import connections
from django_tasks_db.management.commands.db_worker import Worker

from tests import factories
from tests.e2e.conftest import browser_page, log_in
from tests.e2e.test_results_upload import LABELS, MAXES, _row


@pytest.fixture
def registry(transactional_db, database_queue):
    factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.UserFactory(username="spec", role="specialist")


def _worker_until_empty() -> None:
    """`msoko worker --until-empty`'s loop (django-tasks-db's Worker) in a thread: signals can
    only be set in the main thread, so the command itself runs in tests/pipeline instead."""
    try:
        Worker(
            queue_names=["default"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="e2e",
            excluded_queue_names=[],
        ).run()
    finally:
        connections.close_all()  # this thread's connection, closed by this thread


def test_the_upload_page_follows_the_queued_recompute_to_done(live_server, registry, tmp_path):
    path = tmp_path / "vpr.csv"
    header = ";".join(["Код ОО", "Класс", "Код участника", "Вариант", *LABELS])
    path.write_text(
        "\n".join([header, _row("0001", "P1", MAXES), _row("0001", "P2", MAXES)]) + "\n", encoding="utf-8"
    )

    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/upload/")
        page.get_by_role("link", name="Результаты ВПР, НИКО, РКР, МОП").click()
        page.select_option("select[name=procedure]", "ВПР")
        page.fill("input[name=subject]", "Математика")
        page.select_option("select[name=grade]", "4")
        page.fill("input[name=year]", "2020/2021")
        page.set_input_files("input[name=file]", str(path))
        page.get_by_role("button", name="Проверить и загрузить").click()

        state = page.locator(".run-state")
        state.wait_for()
        assert "Файл «vpr.csv» загружен" in page.content()
        assert "в очереди" in state.inner_text()

        worker = threading.Thread(target=_worker_until_empty)
        worker.start()
        worker.join(timeout=60)

        page.wait_for_selector(".run-state:has-text('готово')", timeout=15_000)  # polled, no reload
        assert "значений показателей" in page.locator(".run-state").inner_text()
        page.screenshot(path=str(tmp_path / "upload.png"), full_page=True)

"""A specialist uploads results in a real browser: sees the errors, then loads with quarantine."""

import pytest

from tests import factories
from tests.e2e.conftest import browser_page, log_in

LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
MAXES = (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2)


def _row(org: str, code: str, scores: tuple[int, ...]) -> str:
    return ";".join([org, "4А", code, "1", *(str(s) for s in scores)])


# row 3 of the file scores 5 on task 1, whose maximum is 1
ONE_BAD = "\n".join(
    [
        ";".join(["Код ОО", "Класс", "Код участника", "Вариант", *LABELS]),
        _row("0001", "P1", MAXES),
        _row("0001", "P2", (5, *MAXES[1:])),
        _row("0002", "P3", MAXES),
    ]
)


@pytest.fixture
def registry(transactional_db):
    factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.OrganizationFactory(code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2")
    factories.UserFactory(username="spec", role="specialist")


def test_specialist_sees_the_error_table_then_loads_with_quarantine(live_server, registry, tmp_path):
    path = tmp_path / "results.csv"
    path.write_text(ONE_BAD + "\n", encoding="utf-8")

    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/assessments/upload/")
        page.select_option("select[name=kind]", "ВПР")
        page.fill("input[name=subject]", "Математика")
        page.fill("input[name=grade]", "4")
        page.fill("input[name=school_year]", "2020/2021")
        page.set_input_files("input[name=file]", str(path))
        page.get_by_role("button", name="Проверить и загрузить").click()

        errors = page.locator("#upload-errors")
        errors.wait_for()
        assert "Файл отклонён целиком, ничего не записано" in page.content()
        first = errors.locator("tbody tr").first
        assert first.locator("td").first.inner_text() == "3"
        assert "ожидается балл от 0 до 1" in first.inner_text()
        assert page.url.endswith("/assessments/upload/")

        page.check("input[name=quarantine]")
        page.fill("input[name=max_invalid_percent]", "50")
        page.set_input_files("input[name=file]", str(path))
        page.get_by_role("button", name="Проверить и загрузить").click()

        summary = page.locator("#upload-summary")
        summary.wait_for()
        assert "карантин" in summary.inner_text()
        assert page.locator("#upload-errors").count() == 0


def _fill_procedure(page, live_server, path) -> None:
    page.goto(f"{live_server.url}/assessments/upload/")
    page.select_option("select[name=kind]", "ВПР")
    page.fill("input[name=subject]", "Математика")
    page.fill("input[name=grade]", "4")
    page.fill("input[name=school_year]", "2020/2021")
    page.set_input_files("input[name=file]", str(path))


def test_a_file_over_the_upload_limit_is_refused_before_it_is_sent(live_server, registry, tmp_path, settings):
    settings.MSOKO_MAX_UPLOAD_MB = 1
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (2 * 1024 * 1024))
    posts = []

    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.on("request", lambda request: posts.append(request.url) if request.method == "POST" else None)
        _fill_procedure(page, live_server, path)
        page.get_by_role("button", name="Проверить и загрузить").click()

        problem = page.locator("ul.errorlist li")
        problem.wait_for()
        text = problem.inner_text()

    assert text.startswith("Загружать можно файлы не больше 1,0 МБ, а этот занимает 2,0 МБ")
    assert posts == []


def test_a_413_from_the_server_is_shown_next_to_the_file(live_server, registry, tmp_path, settings):
    settings.MSOKO_MAX_UPLOAD_MB = 1
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))

    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        _fill_procedure(page, live_server, path)
        # as if the limit had been lowered after the page was loaded
        page.eval_on_selector(
            "input[name=file]", "input => input.setAttribute('data-max-bytes', '1000000000')"
        )
        page.get_by_role("button", name="Проверить и загрузить").click()

        problem = page.locator("ul.errorlist li")
        problem.wait_for()
        text = problem.inner_text()

    assert text == "Файл слишком большой: сервер его не принял. Разделите его на несколько файлов."

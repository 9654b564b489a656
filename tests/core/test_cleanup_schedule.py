"""`msoko worker` keeps one daily cleanup in the queue; the cleanup, once run, queues the next."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django_tasks_db.models import DBTaskResult

from msoko.cli import main
from msoko.core.tasks import cleanup_task, ensure_cleanup_scheduled, next_cleanup_at

pytestmark = pytest.mark.django_db(transaction=True)
MSK = zoneinfo.ZoneInfo("Europe/Moscow")


@pytest.fixture(autouse=True)
def _three_oclock_in_moscow(settings):
    settings.TIME_ZONE = "Europe/Moscow"
    settings.MSOKO_CLEANUP_HOUR = 3


def _waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=cleanup_task.module_path, status="READY"))


def test_the_next_cleanup_is_the_next_three_oclock(database_queue):
    # 02:59 → 03:00 the same day; 03:00 sharp and 17:00 → 03:00 the next day
    assert next_cleanup_at(dt.datetime(2026, 11, 27, 2, 59, tzinfo=MSK)) == dt.datetime(
        2026, 11, 27, 3, tzinfo=MSK
    )
    assert next_cleanup_at(dt.datetime(2026, 11, 27, 3, 0, tzinfo=MSK)) == dt.datetime(
        2026, 11, 28, 3, tzinfo=MSK
    )
    assert next_cleanup_at(dt.datetime(2026, 11, 27, 17, 0, tzinfo=MSK)) == dt.datetime(
        2026, 11, 28, 3, tzinfo=MSK
    )


def test_the_worker_queues_one_cleanup_however_often_it_starts(database_queue):
    assert main(["worker", "--until-empty"]) == 0
    assert main(["worker", "--until-empty"]) == 0

    [waiting] = _waiting()
    assert waiting.run_after > dt.datetime.now(dt.UTC)  # not run by `--until-empty`: it is not due yet
    assert ensure_cleanup_scheduled() is False


def test_a_due_cleanup_runs_on_the_worker_and_queues_the_next(database_queue):
    cleanup_task.enqueue()  # due now

    assert main(["worker", "--until-empty"]) == 0

    done = DBTaskResult.objects.get(task_path=cleanup_task.module_path, status="SUCCESSFUL")
    assert done.return_value.startswith("Удалено исходных файлов отклонённых загрузок старше 30 дн.: 0")
    [waiting] = _waiting()
    assert waiting.run_after > dt.datetime.now(dt.UTC)


def test_no_cleanup_is_queued_without_the_database_queue(settings):
    settings.MSOKO_TASKS = "immediate"
    assert ensure_cleanup_scheduled() is False
    assert not DBTaskResult.objects.exists()

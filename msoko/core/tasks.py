"""The daily `msoko cleanup` on the worker's queue: retention runs without a cron line.

`msoko worker` makes sure one cleanup waits in the queue for the next MSOKO_CLEANUP_HOUR; the
cleanup, once done, queues the next one. Two workers starting at once may queue two: the
cleanup is safe to run twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings
from django.utils import timezone
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from msoko.core.retention import remove_expired_rejected_files, remove_expired_student_data

#: jobs of higher layers that run with the daily cleanup (closing surveys whose period ended),
#: each returning the lines it prints; apps add theirs in ``AppConfig.ready``
_daily_jobs: list[Callable[[], list[str]]] = []


def register_daily(job: Callable[[], list[str]]) -> None:
    if job not in _daily_jobs:
        _daily_jobs.append(job)


def run_cleanup() -> list[str]:
    """Everything `msoko cleanup` does, as the lines it prints."""
    lines = remove_expired_rejected_files(actor=None).lines()
    removed = remove_expired_student_data(actor=None)
    lines += [year.line() for year in removed]
    if not removed:
        lines.append(
            f"Данных обучающихся старше {settings.MSOKO_STUDENT_DATA_YEARS} учебных лет "
            "(MSOKO_STUDENT_DATA_YEARS) нет."
        )
    for job in _daily_jobs:
        lines += job()
    return lines


@task()
def cleanup_task() -> str:
    lines = run_cleanup()
    ensure_cleanup_scheduled()
    return "\n".join(lines)


def next_cleanup_at(now: dt.datetime | None = None) -> dt.datetime:
    """The next MSOKO_CLEANUP_HOUR o'clock, local time, after ``now``."""
    local = timezone.localtime(now)
    at = local.replace(hour=settings.MSOKO_CLEANUP_HOUR, minute=0, second=0, microsecond=0)
    return at if at > local else at + dt.timedelta(days=1)


def ensure_cleanup_scheduled() -> bool:
    """Queue the next cleanup unless one is waiting; True when one was queued."""
    if settings.MSOKO_TASKS != "database":
        return False
    waiting = DBTaskResult.objects.filter(task_path=cleanup_task.module_path, status=TaskResultStatus.READY)
    if waiting.exists():
        return False
    cleanup_task.using(run_after=next_cleanup_at()).enqueue()
    return True

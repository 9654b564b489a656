"""Recompute the indicators in the background after an import (the Django tasks API).

An import schedules a recompute of its school year when its transaction commits; the
default immediate backend runs it at once, another backend hands it to a worker. Each run
is a :class:`ComputeRun` whose status and progress the «Пересчёт показателей» page shows.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from msoko.core.models import SchoolYear
from msoko.flags.compute import recompute_flags
from msoko.indicators.compute import recompute_indicators
from msoko.indicators.models import ComputeRun, ComputeStatus

_suspended: contextvars.ContextVar[bool] = contextvars.ContextVar("recompute_suspended", default=False)


@contextmanager
def suspended_recompute() -> Iterator[None]:
    """Load many files without recomputing after each; the caller recomputes once at the end."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


def schedule_recompute(*, school_year: SchoolYear | None, reason: str) -> ComputeRun | None:
    """Queue a recompute to run once the caller's transaction commits (nothing if it rolls back)."""
    if _suspended.get():
        return None
    run = ComputeRun.objects.create(school_year=school_year, reason=reason[:200])
    transaction.on_commit(lambda: recompute_task.enqueue(run.pk))
    return run


def run_recompute(run: ComputeRun) -> ComputeRun:
    """Do the work of one run, recording its progress; a failure is recorded, then raised."""
    ComputeRun.objects.filter(pk=run.pk).update(status=ComputeStatus.RUNNING, started_at=timezone.now())
    try:

        def progress(step: str) -> None:
            ComputeRun.objects.filter(pk=run.pk).update(progress=step[:200])

        report = recompute_indicators(school_year=run.school_year, progress=progress)
        recompute_flags(school_year=run.school_year, progress=progress)
    except Exception as error:
        ComputeRun.objects.filter(pk=run.pk).update(
            status=ComputeStatus.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        raise
    ComputeRun.objects.filter(pk=run.pk).update(
        status=ComputeStatus.DONE, finished_at=timezone.now(), values=report.values, progress="готово"
    )
    run.refresh_from_db()
    return run


@task()
def recompute_task(run_id: int) -> int:
    return run_recompute(ComputeRun.objects.get(pk=run_id)).values

"""The queue of recomputes (the Django tasks API): what imports ask for and `msoko worker` runs.

Imports never call this module: the pipeline hears of them through
``core.hooks.import_accepted`` (``receivers.py``) and queues a run of the school year here.
"""

from __future__ import annotations

import contextvars
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from msoko.core.models import SchoolYear
from msoko.pipeline.models import ComputeRun, ComputeStatus
from msoko.pipeline.runs import run_after, run_recompute


@task()
def recompute_task(run_id: int) -> int:
    recover_stale_runs()
    run = ComputeRun.objects.filter(pk=run_id).first()
    if run is None:  # the run was deleted with its school year; nothing to do
        return 0
    return run_recompute(run).values


@task()
def after_run_task(run_id: int) -> int:
    """What the apps do once a run is done (warming the pages its figures changed)."""
    run = ComputeRun.objects.filter(pk=run_id).first()
    if run is not None:
        run_after(run)
    return run_id


def recover_stale_runs(*, now: dt.datetime | None = None) -> list[ComputeRun]:
    """Runs whose process died (killed, machine lost): «выполняется» with no heartbeat for
    ``MSOKO_RUN_STALE_MINUTES`` are marked failed with the reason and queued again.

    Called when a worker starts and before every run; returns the runs queued in their place.
    """
    now = now or timezone.now()
    limit = now - dt.timedelta(minutes=settings.MSOKO_RUN_STALE_MINUTES)
    stale = list(ComputeRun.objects.filter(status=ComputeStatus.RUNNING, heartbeat_at__lt=limit))
    again = []
    for run in stale:
        seen = timezone.localtime(run.heartbeat_at).strftime("%d.%m.%Y %H:%M")
        with transaction.atomic():
            stopped = ComputeRun.objects.filter(pk=run.pk, status=ComputeStatus.RUNNING).update(
                status=ComputeStatus.FAILED,
                finished_at=now,
                error=f"процесс пересчёта остановился (последний признак работы {seen}); "
                "пересчёт поставлен в очередь заново",
            )
            if stopped:
                queued = schedule_recompute(
                    school_year=run.school_year, reason=f"повтор после сбоя №{run.pk}"
                )
                if queued is not None:
                    again.append(queued)
    return again


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
    """Queue a recompute of ``school_year``; call inside the transaction that changed the data.

    A run of the same year still waiting in the queue takes this request too (its reason says
    so) and nothing new is queued: it has not read anything yet, so it will see this change.
    """
    if _suspended.get():
        return None
    waiting = (
        ComputeRun.objects.select_for_update()
        .filter(school_year=school_year, status=ComputeStatus.QUEUED)
        .order_by("pk")
        .first()
    )
    if waiting is not None:
        waiting.reason = f"{waiting.reason}; {reason}"[:200]
        waiting.save(update_fields=["reason"])
        return waiting
    run = ComputeRun.objects.create(school_year=school_year, reason=reason[:200])
    _enqueue(run)
    return run


def _enqueue(run: ComputeRun) -> None:
    if settings.MSOKO_TASKS == "database":
        # the queue row commits with the import that asked for it: nothing is lost in between
        recompute_task.enqueue(run.pk)
    else:
        transaction.on_commit(lambda: recompute_task.enqueue(run.pk))

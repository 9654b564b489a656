"""How the pipeline hears of accepted imports: each one that changed data queues a recompute."""

from __future__ import annotations

from typing import Any

from django.urls import reverse_lazy

from msoko.core.imports.kinds import kind_title
from msoko.core.models import SchoolYear
from msoko.pipeline.models import ComputeRun, ComputeStatus
from msoko.pipeline.tasks import schedule_recompute


def recompute_after_import(
    *, kind: str, record_id: int, school_year: SchoolYear | None, affects: frozenset[str], **_: Any
) -> dict[str, Any] | None:
    """Inside the import's transaction: the run is queued with the data (coalesced per year).

    Answers the page to follow: the run's state, which refreshes itself until it is done.
    """
    run = schedule_recompute(school_year=school_year, reason=f"загрузка №{record_id}: {kind_title(kind)}")
    if run is None:
        return None
    # lazy: a command-line import never renders it, and resolving loads every URL module (~0.6 s)
    url = reverse_lazy("pipeline:run_state", args=[run.pk])
    return {"followup": {"title": "Пересчёт показателей", "url": url}}


def fail_runs_without_task(**_: Any) -> None:
    """After a restore: runs that waited or ran when the copy was made have no queued task any
    more; failed with the reason, so the next import of their year queues a fresh run."""
    ComputeRun.objects.filter(status__in=[ComputeStatus.QUEUED, ComputeStatus.RUNNING]).update(
        status=ComputeStatus.FAILED, error="прерван восстановлением из резервной копии"
    )

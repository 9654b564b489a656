"""Reads of recompute runs: the runs page, a run's state, the last finished run."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from msoko.core.models import SchoolYear
from msoko.pipeline.models import ComputeRun, ComputeStatus


def compute_run_list(*, limit: int = 50) -> list[ComputeRun]:
    """The latest recomputes, newest first (the municipality's; no organisation data in them)."""
    return list(ComputeRun.objects.select_related("school_year")[:limit])


def run_state(pk: int) -> ComputeRun | None:
    """One run with the run it was merged into (whose state is then the one that matters)."""
    return ComputeRun.objects.select_related("school_year", "merged_into").filter(pk=pk).first()


def last_finished_run_id() -> int:
    """The newest finished run (0 before any): pages cache on it, so a run in progress does not
    invalidate them and a finished one does."""
    last = (
        ComputeRun.objects.filter(status=ComputeStatus.DONE)
        .order_by("-finished_at", "-pk")
        .values_list("pk", flat=True)
        .first()
    )
    return last or 0


def run_detail(*, school_year: SchoolYear, key: str) -> Any:
    """A figure the last finished run of ``school_year`` kept (``ComputeRun.details``), e.g.
    «objectivity.index»; None before any run computed it."""
    runs = (
        ComputeRun.objects.filter(status=ComputeStatus.DONE)
        .filter(Q(school_year=school_year) | Q(school_year__isnull=True))
        .order_by("-finished_at", "-pk")
        .values_list("details", flat=True)[:20]
    )
    for details in runs:
        year = (details or {}).get(school_year.name)
        if year is not None and key in year:
            return year[key]
    return None


def figures_behind() -> ComputeRun | None:
    """The run that makes the pages' figures older than the last import, if any: one waiting or
    running, or — when the newest run failed — that run (its data are not counted yet)."""
    newest = ComputeRun.objects.exclude(status=ComputeStatus.MERGED).order_by("-pk").first()
    if newest is None or newest.status == ComputeStatus.DONE:
        return None
    return newest

"""Recompute runs: claiming, computing and writing (queueing is ``tasks.py``).

A run computes every registered computation for its school year from one set of frames,
outside any transaction, then writes indicator values, flags, criterion results and the
directions' own tables in one short transaction.
"""

from __future__ import annotations

import logging
import os
import socket
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from msoko.core.bulk import bulk_insert
from msoko.core.models import SchoolYear
from msoko.flags.models import CriterionResult, Flag
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.computations import FLAG_COLUMNS, VALUE_COLUMNS, Outcome, owned_flag_kinds, registered
from msoko.pipeline.frames import YearFrames
from msoko.pipeline.models import ComputeRun, ComputeStatus, YearWrite

Progress = Callable[[str], None]
logger = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


#: what higher layers do once a run is done (warming the pages its figures changed), each
#: given the run; apps add theirs in ``AppConfig.ready``. Failures are logged, never the run's.
_after_run: list[Callable[[ComputeRun], None]] = []


def register_after_run(job: Callable[[ComputeRun], None]) -> None:
    if job not in _after_run:
        _after_run.append(job)


def run_after(run: ComputeRun) -> bool:
    """The registered after-run jobs (``tasks.after_run_task`` runs them on the worker).

    Skipped when a run of the same year (or of every year) finished after this one: its own
    jobs are queued behind these and warm the same pages under the newer data version (pages
    are keyed on the last finished run), and a region's warming takes a minute of the worker.
    Returns whether they ran.
    """
    if run.finished_at is not None:
        later = ComputeRun.objects.filter(status=ComputeStatus.DONE, finished_at__gt=run.finished_at).filter(
            Q(school_year__isnull=True) | Q(school_year=run.school_year_id)
        )
        if later.exists():
            logger.info("after-run jobs of run %s skipped: a later run is done", run.pk)
            return False
    for job in _after_run:
        try:
            job(run)
        except Exception:  # a page that fails to warm is built on its first visit instead
            logger.exception("after-run job %s of run %s failed", getattr(job, "__name__", job), run.pk)
    return True


def run_recompute(run: ComputeRun, *, progress: Progress | None = None) -> ComputeRun:
    """Claim a queued run and do it; a run merged into another or already taken is left alone.

    A failure is recorded with its reason on the run, then raised.
    """
    now = timezone.now()
    claimed = ComputeRun.objects.filter(pk=run.pk, status=ComputeStatus.QUEUED).update(
        status=ComputeStatus.RUNNING, started_at=now, heartbeat_at=now, worker=worker_name()
    )
    run.refresh_from_db()
    if not claimed:
        return run
    # the runs of this year still waiting were asked for before anything below is read
    ComputeRun.objects.filter(school_year=run.school_year, status=ComputeStatus.QUEUED).exclude(
        pk=run.pk
    ).update(status=ComputeStatus.MERGED, merged_into=run, finished_at=now)

    def step(text: str) -> None:
        ComputeRun.objects.filter(pk=run.pk).update(progress=text[:200], heartbeat_at=timezone.now())
        if progress is not None:
            progress(text)

    try:
        # a year whose pupil data retention removed keeps the figures computed before
        open_years = SchoolYear.objects.filter(student_data_removed__isnull=True).order_by("start_year")
        years = list(open_years.filter(pk=run.school_year.pk) if run.school_year else open_years)
        totals = Written()
        for year in years:
            totals.add(recompute_year(year, run=run, progress=step))
    except Exception as error:
        ComputeRun.objects.filter(pk=run.pk, status=ComputeStatus.RUNNING).update(
            status=ComputeStatus.FAILED, finished_at=timezone.now(), error=f"{type(error).__name__}: {error}"
        )
        raise
    # only a run still «выполняется»: one declared dead meanwhile (recover_stale_runs) stays failed
    ComputeRun.objects.filter(pk=run.pk, status=ComputeStatus.RUNNING).update(
        status=ComputeStatus.DONE,
        finished_at=timezone.now(),
        values=totals.values,
        flags=totals.flags,
        details=totals.details,
        progress="готово",
    )
    run.refresh_from_db()
    if run.status == ComputeStatus.DONE and settings.MSOKO_WARM_PAGES and _after_run:
        # its own queue item: the recompute's task ends with the run, the warming follows it
        from msoko.pipeline.tasks import after_run_task

        after_run_task.enqueue(run.pk)
    return run


def recompute_now(
    *, school_year: SchoolYear | None, reason: str, progress: Progress | None = None
) -> ComputeRun:
    """Compute in this process and return when done (`msoko compute`, the demo, tests)."""
    return run_recompute(
        ComputeRun.objects.create(school_year=school_year, reason=reason[:200]), progress=progress
    )


@dataclass
class Written:
    values: int = 0
    flags: int = 0
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, other: Written) -> None:
        self.values += other.values
        self.flags += other.flags
        self.details |= other.details


def compute_year(
    year: SchoolYear, *, frames: YearFrames | None = None, progress: Progress
) -> dict[str, Outcome]:
    """Every registered computation of ``year`` from one set of frames; nothing is written."""
    frames = frames or YearFrames(year)
    outcomes = {}
    for computation in registered():
        progress(f"{computation.title} {year}")
        outcome = outcomes[computation.code] = computation.compute(frames)
        frames.keep_produced(outcome.values, outcome.flags)
    return outcomes


def recompute_year(year: SchoolYear, *, run: ComputeRun, progress: Progress) -> Written:
    outcomes = compute_year(year, progress=progress)
    progress(f"запись {year}")
    return write_year(year, outcomes, run=run)


def write_year(year: SchoolYear, outcomes: dict[str, Outcome], *, run: ComputeRun) -> Written:
    """Replace the year's computed values, flags and criterion results in one transaction.

    Runs of one year may overlap on two workers; the one that started later read newer data,
    so a run that finds a later-started run of its year already written leaves the data alone.
    """
    ids = YearFrames(year).org_ids()
    values = _concat([o.values for o in outcomes.values()], VALUE_COLUMNS)
    flags = _concat([o.flags for o in outcomes.values()], FLAG_COLUMNS)
    criteria = [o.criteria for o in outcomes.values() if o.criteria is not None and o.criteria.height]
    details = {
        f"{code}.{key}": value for code, outcome in outcomes.items() for key, value in outcome.details.items()
    }
    written = Written(details={year.name: details} if details else {})
    with transaction.atomic():
        SchoolYear.objects.select_for_update().filter(pk=year.pk).first()  # one writer per year
        last = YearWrite.objects.filter(school_year=year).first()
        if last is not None and last.run_started_at > run.started_at:
            return Written()  # a run that read newer data has written this year: keep its figures
        YearWrite.objects.update_or_create(
            school_year=year, defaults={"run_started_at": run.started_at, "run": run}
        )
        IndicatorValue.objects.filter(school_year=year).delete()
        written.values = bulk_insert(IndicatorValue, _value_rows(values, year, ids))
        kinds = owned_flag_kinds()
        Flag.objects.filter(school_year=year, kind__in=kinds).delete()
        CriterionResult.objects.filter(school_year=year, kind__in=kinds).delete()
        written.flags = bulk_insert(Flag, _flag_rows(flags, year, ids))
        for frame in criteria:
            bulk_insert(CriterionResult, _criterion_rows(frame, year, ids))
        for outcome in outcomes.values():
            if outcome.store is not None:
                outcome.store(year, ids)
    return written


def _concat(frames: list[pl.DataFrame | None], columns: list[str]) -> pl.DataFrame:
    present = [f.select(columns) for f in frames if f is not None and f.height]
    if not present:
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    return pl.concat(present, how="vertical_relaxed")


def org_id_column(ids: dict[str, int]) -> pl.Expr:
    return (
        pl.col("org_code").replace_strict(ids, default=None, return_dtype=pl.Int64).alias("organization_id")
    )


def _value_rows(values: pl.DataFrame, year: SchoolYear, ids: dict[str, int]) -> pl.DataFrame:
    if values.is_empty():
        return values
    return values.select(
        "code",
        org_id_column(ids),
        "org_code",
        pl.col("procedure").fill_null(""),
        pl.col("subject").fill_null(""),
        pl.col("grade").cast(pl.Int64),
        pl.lit(year.pk).alias("school_year_id"),
        pl.col("value").cast(pl.Float64),
    )


def _flag_rows(flags: pl.DataFrame, year: SchoolYear, ids: dict[str, int]) -> pl.DataFrame:
    if flags.is_empty():
        return flags
    return flags.select(
        pl.lit(year.pk).alias("school_year_id"),
        org_id_column(ids),
        pl.col("flag").alias("kind"),
        "level",
        _json_list("reasons"),
        pl.lit(timezone.now()).alias("computed_at"),
    ).filter(pl.col("organization_id").is_not_null())


def _json_list(column: str) -> pl.Expr:
    """A list-of-strings column as the JSON text of a JSONField (vectorised, no row loop)."""
    encoded = pl.struct(pl.col(column).alias("v")).struct.json_encode()
    return encoded.str.strip_prefix('{"v":').str.strip_suffix("}").alias(column)


def _criterion_rows(criteria: pl.DataFrame, year: SchoolYear, ids: dict[str, int]) -> pl.DataFrame:
    return criteria.select(
        pl.lit(year.pk).alias("school_year_id"),
        org_id_column(ids),
        "kind",
        "criterion",
        "scope",
        pl.col("class_name").fill_null(""),
        pl.col("n").fill_null(0),
        *(pl.col(c).fill_nan(None) for c in ("observed", "expected", "p_value")),
        "evaluated",
        "fired",
        "strong",
        pl.col("reason").fill_null(""),
    ).filter(pl.col("organization_id").is_not_null())

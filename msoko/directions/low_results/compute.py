"""Direction 2 from the database: the context index, `low_results`, `adverse_conditions` and
`resilient` flags of a school year, and each school's result against its expectation."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import polars as pl
from django.conf import settings

from msoko.analytics.columns import C
from msoko.analytics.context import INDEX, adverse_flags, context_index
from msoko.analytics.gia import failed_expr
from msoko.analytics.low_results import LowResultsRule, low_results_flags
from msoko.analytics.objectivity.assess import Work
from msoko.analytics.resilience import resilient_flags, school_results, value_added
from msoko.assessments.models import ProcedureKind
from msoko.core.bulk import bulk_insert
from msoko.core.models import SchoolYear
from msoko.directions.low_results.models import ContextValue
from msoko.flags.models import FlagKind
from msoko.indicators.models import MonitoringValue
from msoko.pipeline.computations import Computation, OrgIds, Outcome
from msoko.pipeline.frames import YearFrames
from msoko.pipeline.runs import org_id_column
from msoko.registry.models import Locality, Organization, OrganizationKind

YEARS_BACK = 3  # the rule looks at the year before; level 3 needs it to hold two years before


@dataclass
class Direction2:
    flags: pl.DataFrame  # org_code, flag, level, reasons
    context: pl.DataFrame  # org_code, context_index, components
    added: pl.DataFrame  # org_code, n, result, expected, value_added, …


MONITORING = "monitoring:"  # a component read from the `monitoring` values of the year


def context_frame(year: SchoolYear | None = None, *, components: Mapping[str, float] = ()) -> pl.DataFrame:
    """The schools' registry context: the four shares and «rural» (1 for a village school), and
    any component named «monitoring:<code>» from the values schools reported for ``year`` (a
    region adds its own context data — e.g. a share from its school questionnaire)."""
    rows = Organization.objects.filter(kind=OrganizationKind.SCHOOL).values_list(
        "code",
        "low_income_share",
        "higher_education_parents_share",
        "sen_share",
        "non_native_russian_share",
        "locality",
    )
    frame = pl.DataFrame(
        list(rows),
        schema={
            C.ORG_CODE: pl.String,
            "low_income_share": pl.Float64,
            "higher_education_parents_share": pl.Float64,
            "sen_share": pl.Float64,
            "non_native_russian_share": pl.Float64,
            "locality": pl.String,
        },
        orient="row",
    )
    frame = frame.with_columns(
        pl.when(pl.col("locality") == "")
        .then(None)
        .otherwise((pl.col("locality") == Locality.RURAL).cast(pl.Float64))
        .alias("rural")
    ).drop("locality")
    codes = [name.removeprefix(MONITORING) for name in components if name.startswith(MONITORING)]
    if year is None or not codes:
        return frame
    reported = pl.DataFrame(
        list(
            MonitoringValue.objects.filter(school_year=year, indicator_code__in=codes).values_list(
                "organization__code", "indicator_code", "value"
            )
        ),
        schema={C.ORG_CODE: pl.String, "code": pl.String, "value": pl.Float64},
        orient="row",
    )
    for code in codes:
        column = reported.filter(pl.col("code") == code).select(
            C.ORG_CODE, pl.col("value").alias(MONITORING + code)
        )
        frame = frame.join(column, on=C.ORG_CODE, how="left")
    return frame


def _work_counts(works: list[Work], start_year: int) -> pl.DataFrame:
    parts = [
        w.present.group_by(C.ORG_CODE)
        .agg(pl.len().cast(pl.Int64).alias("n"), (pl.col(C.MARK) == 2).sum().cast(pl.Int64).alias("fails"))
        .with_columns(
            pl.lit(f"{w.kind} {w.subject} {w.grade}").alias("procedure"),
            pl.lit(start_year).alias("start_year"),
        )
        for w in works
        if w.kind == ProcedureKind.VPR  # the rule's procedures: ВПР works, ОГЭ and ЕГЭ subjects
    ]
    return (
        pl.concat(parts).select(C.ORG_CODE, "procedure", "start_year", "n", "fails")
        if parts
        else _empty_counts()
    )


def _gia_counts(gia: pl.DataFrame, year: SchoolYear) -> pl.DataFrame:
    if gia.is_empty():
        return _empty_counts()
    return (
        gia.with_columns(failed_expr().alias("failed"))
        .filter(pl.col("failed").is_not_null())
        .group_by(C.ORG_CODE, "exam", C.SUBJECT)
        .agg(pl.len().cast(pl.Int64).alias("n"), pl.col("failed").sum().cast(pl.Int64).alias("fails"))
        .select(
            C.ORG_CODE,
            pl.format("{} {}", "exam", C.SUBJECT).alias("procedure"),
            pl.lit(year.start_year).alias("start_year"),
            "n",
            "fails",
        )
    )


def _empty_counts() -> pl.DataFrame:
    return pl.DataFrame(
        schema={
            C.ORG_CODE: pl.String,
            "procedure": pl.String,
            "start_year": pl.Int32,
            "n": pl.Int64,
            "fails": pl.Int64,
        }
    )


def evaluate_direction2(frames: YearFrames) -> Direction2:
    """The year's flags, context and value added from the run's frames (works and ГИА of
    this year and up to :data:`YEARS_BACK` years before)."""
    year = frames.year
    counts = []
    for past in frames.years_back(YEARS_BACK + 1):
        counts += [_work_counts(frames.works(past), past.start_year), _gia_counts(frames.gia(past), past)]
    counts_frame = pl.concat([c.with_columns(pl.col("start_year").cast(pl.Int64)) for c in counts])
    rule = LowResultsRule(**settings.MSOKO_LOW_RESULTS)
    components = settings.MSOKO_CONTEXT_COMPONENTS
    context = context_index(context_frame(year, components=components), components=components)
    cuts = tuple(settings.MSOKO_ADVERSE_CUTS)
    pupils = [
        w.present.select(C.ORG_CODE, (pl.col(C.TOTAL) * 100 / w.max_score).alias("percent"))
        for w in frames.works()
    ]
    added = value_added(school_results(pupils), context)
    flags = pl.concat(
        [
            low_results_flags(counts_frame, start_year=year.start_year, rule=rule),
            adverse_flags(context.filter(pl.col(INDEX).is_not_null()), cuts=cuts),
            resilient_flags(added, adverse_cut=cuts[0]),
        ]
    )
    return Direction2(flags=flags, context=context, added=added)


def low_results_outcome(frames: YearFrames) -> Outcome:
    result = evaluate_direction2(frames)

    def store(year: SchoolYear, ids: OrgIds) -> None:
        ContextValue.objects.filter(school_year=year).delete()
        bulk_insert(ContextValue, _context_rows(result, year, ids))

    return Outcome(flags=result.flags, store=store)


def _context_rows(result: Direction2, year: SchoolYear, ids: OrgIds) -> pl.DataFrame:
    """One row per school with a context index or a result."""
    added = result.added.select(C.ORG_CODE, "n", "result", "expected", "value_added")
    rows = result.context.select(C.ORG_CODE, "context_index").join(
        added, on=C.ORG_CODE, how="full", coalesce=True
    )
    return rows.select(
        pl.lit(year.pk).alias("school_year_id"),
        org_id_column(ids),
        pl.col("context_index").fill_nan(None),
        pl.col("n").fill_null(0).cast(pl.Int64).alias("pupils"),
        *(pl.col(c).fill_nan(None) for c in ("result", "expected", "value_added")),
    ).filter(pl.col("organization_id").is_not_null())


COMPUTATION = Computation(
    code="low_results",
    title="ШНОР, ШФНСУ и резильентные школы",
    order=40,
    compute=low_results_outcome,
    flag_kinds=(
        FlagKind.LOW_RESULTS.value,
        FlagKind.ADVERSE_CONDITIONS.value,
        FlagKind.RESILIENT.value,
    ),
)

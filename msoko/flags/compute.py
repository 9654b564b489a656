"""Compute the objectivity flags of a school year (`msoko compute`): findings and flags,
replacing the year's previous ones whole."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields

import polars as pl
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from msoko.analytics.columns import C
from msoko.analytics.objectivity.assess import official_findings, our_findings
from msoko.analytics.objectivity.findings import Thresholds
from msoko.analytics.objectivity.flags import official_flags, unobjective_flags
from msoko.analytics.objectivity.official import objectivity_index
from msoko.core.bulk import bulk_insert
from msoko.core.models import SchoolYear
from msoko.flags.direction2 import evaluate_direction2
from msoko.flags.inputs import YearInputs, year_inputs
from msoko.flags.models import ContextValue, Finding, Flag, FlagKind
from msoko.registry.models import Organization

KINDS = tuple(FlagKind)


def thresholds() -> Thresholds:
    """The deployment's thresholds: ``MSOKO_OBJECTIVITY`` overrides any field of :class:`Thresholds`."""
    known = {f.name for f in fields(Thresholds)}
    overrides = {k: v for k, v in settings.MSOKO_OBJECTIVITY.items() if k in known}
    return Thresholds(**overrides)


@dataclass
class YearFlags:
    """What the criteria found for one school year, before or without storing it."""

    ours: pl.DataFrame  # findings of our criteria
    official: pl.DataFrame  # findings of the 2019 markers
    unobjective: pl.DataFrame  # flags (org_code, flag, level, reasons)
    official_markers: pl.DataFrame
    index: float | None  # the official objectivity index of the municipality

    def flags(self) -> pl.DataFrame:
        return pl.concat([self.unobjective, self.official_markers])


def evaluate(inputs: YearInputs, th: Thresholds | None = None) -> YearFlags:
    th = th or thresholds()
    ours = our_findings(
        inputs.works, earlier=inputs.earlier, oge=inputs.oge, ege_russian=inputs.ege_russian, th=th
    )
    official = official_findings(inputs.works, earlier=inputs.earlier, oge=inputs.oge)
    return YearFlags(
        ours=ours,
        official=official,
        unobjective=unobjective_flags(ours, weights=settings.MSOKO_OBJECTIVITY_WEIGHTS),
        official_markers=official_flags(official),
        # as the page counts it: the schools that wrote any of the 2019 algorithm's works
        index=objectivity_index(official, schools=official[C.ORG_CODE].n_unique() if official.height else 0),
    )


def recompute_flags(
    *, school_year: SchoolYear | None = None, progress: Callable[[str], None] = lambda step: None
) -> int:
    """Recompute the flags of one year (or all); returns how many flags were stored."""
    years = [school_year] if school_year else list(SchoolYear.objects.order_by("start_year"))
    stored = 0
    ids = {code: pk for pk, code in Organization.objects.values_list("id", "code")}
    for year in years:
        progress(f"признаки необъективности {year}")
        inputs = year_inputs(year)
        result = evaluate(inputs)
        progress(f"ШНОР, ШФНСУ и резильентные школы {year}")
        direction2 = evaluate_direction2(year, works=inputs.works, earlier=inputs.earlier)
        findings = pl.concat(
            [
                result.ours.with_columns(pl.lit(FlagKind.UNOBJECTIVE.value).alias("kind")),
                result.official.with_columns(pl.lit(FlagKind.OFFICIAL_MARKERS.value).alias("kind")),
            ]
        )
        with transaction.atomic():
            Flag.objects.filter(school_year=year, kind__in=KINDS).delete()
            Finding.objects.filter(school_year=year, kind__in=KINDS).delete()
            flags = pl.concat([result.flags(), direction2.flags])
            stored += bulk_insert(Flag, _flag_rows(flags, year, ids))
            ContextValue.objects.filter(school_year=year).delete()
            bulk_insert(ContextValue, _context_rows(direction2, year, ids))
            bulk_insert(Finding, _finding_rows(findings, year, ids))
    return stored


def _org_ids(ids: dict[str, int]) -> pl.Expr:
    return (
        pl.col(C.ORG_CODE).replace_strict(ids, default=None, return_dtype=pl.Int64).alias("organization_id")
    )


def _flag_rows(flags: pl.DataFrame, year: SchoolYear, ids: dict[str, int]) -> pl.DataFrame:
    return flags.select(
        pl.lit(year.pk).alias("school_year_id"),
        _org_ids(ids),
        pl.col("flag").alias("kind"),
        "level",
        "reasons",
        pl.lit(timezone.now()).alias("computed_at"),
    ).filter(pl.col("organization_id").is_not_null())


def _context_rows(direction2, year: SchoolYear, ids: dict[str, int]) -> pl.DataFrame:
    """One row per school with a context index or a result."""
    added = direction2.added.select(C.ORG_CODE, "n", "result", "expected", "value_added")
    rows = direction2.context.select(C.ORG_CODE, "context_index").join(
        added, on=C.ORG_CODE, how="full", coalesce=True
    )
    return rows.select(
        pl.lit(year.pk).alias("school_year_id"),
        _org_ids(ids),
        pl.col("context_index").fill_nan(None),
        pl.col("n").fill_null(0).cast(pl.Int64).alias("pupils"),
        *(pl.col(c).fill_nan(None) for c in ("result", "expected", "value_added")),
    ).filter(pl.col("organization_id").is_not_null())


def _finding_rows(findings: pl.DataFrame, year: SchoolYear, ids: dict[str, int]) -> pl.DataFrame:
    if findings.is_empty():
        return pl.DataFrame()
    return findings.select(
        pl.lit(year.pk).alias("school_year_id"),
        _org_ids(ids),
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

"""Materialise the indicator values of the catalogue (`msoko compute`).

One query per procedure (its results frame) or per year (ГИА), the pure analytics functions,
and one bulk insert per year: a recompute replaces that year's computed values whole.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl
from django.db import transaction

from msoko.analytics.achievement import municipality, results_indicators
from msoko.analytics.gia import gia_indicators
from msoko.assessments.models import TASK_MATRIX_KINDS, Procedure, ResultCoverage
from msoko.assessments.selectors import gia_frame, results_frame
from msoko.core.bulk import bulk_insert
from msoko.core.models import SchoolYear
from msoko.indicators.models import IndicatorValue
from msoko.registry.models import Organization

RESULTS_CODES = {
    "participants": "results.participants",
    "success_rate": "results.success_rate",
    "quality_rate": "results.quality_rate",
    "mean_percent": "results.mean_percent",
    "marks_lowered": "results.marks_lowered",
    "marks_confirmed": "results.marks_confirmed",
    "marks_raised": "results.marks_raised",
}
GIA_CODES = {
    "participants": "gia.participants",
    "fail_rate": "gia.fail_rate",
    "quality_rate": "gia.quality_rate",
    "mean_test_score": "gia.mean_test_score",
    "high_score_rate": "gia.high_score_rate",
    "annual_confirmed": "gia.annual_confirmed",
    "medal_unconfirmed": "gia.medal_unconfirmed",
}
VALUE_COLUMNS = ["code", "org_code", "procedure", "subject", "grade", "value"]


@dataclass
class ComputeReport:
    years: list[str]
    procedures: int
    values: int

    def lines(self) -> list[str]:
        return [
            f"Пересчитаны показатели за {', '.join(self.years) or '—'}: процедур {self.procedures}, "
            f"значений {self.values}."
        ]


def recompute_indicators(
    *, school_year: SchoolYear | None = None, progress: Callable[[str], None] = lambda step: None
) -> ComputeReport:
    years = [school_year] if school_year else list(SchoolYear.objects.all())
    procedures = values = 0
    for year in years:
        progress(f"показатели {year}")
        frames, count = _year_values(year)
        procedures += count
        table = (
            pl.concat(frames, how="vertical_relaxed")
            if frames
            else pl.DataFrame(schema=dict.fromkeys(VALUE_COLUMNS, pl.String))
        )
        with transaction.atomic():
            IndicatorValue.objects.filter(school_year=year).delete()
            values += bulk_insert(IndicatorValue, _rows(table, year))
    return ComputeReport([y.name for y in years], procedures, values)


def _year_values(year: SchoolYear) -> tuple[list[pl.DataFrame], int]:
    frames = []
    procedures = Procedure.objects.filter(
        school_year=year,
        kind__in=TASK_MATRIX_KINDS,
        pk__in=ResultCoverage.objects.filter(active=True).values("procedure_id"),
    ).select_related("scheme")
    codes = _org_codes()
    for procedure in procedures:
        results = results_frame(procedure).with_columns(
            pl.col("org_id").replace_strict(codes, default=None, return_dtype=pl.String).alias("org_code")
        )
        max_score = procedure.scheme.max_score
        both = pl.concat(
            [
                results_indicators(results, by=["org_code"], max_score=max_score),
                results_indicators(municipality(results), by=["org_code"], max_score=max_score),
            ]
        )
        frames.append(
            _long(both, RESULTS_CODES).with_columns(
                procedure=pl.lit(procedure.kind),
                subject=pl.lit(procedure.subject),
                grade=pl.lit(procedure.grade),
            )
        )
    gia = gia_frame(school_year_id=year.pk)
    if not gia.is_empty():
        both = pl.concat(
            [gia_indicators(gia, by=["org_code"]), gia_indicators(municipality(gia), by=["org_code"])]
        )
        frames.append(
            _long(both, GIA_CODES, keep=["exam", "subject"])
            .rename({"exam": "procedure"})
            .with_columns(grade=pl.lit(None, dtype=pl.Int64))
        )
    return [f.select(VALUE_COLUMNS) for f in frames], len(procedures) + gia.select(
        "exam", "subject"
    ).n_unique()


def _long(wide: pl.DataFrame, codes: dict[str, str], *, keep: list[str] | None = None) -> pl.DataFrame:
    """Wide indicator columns → one row per (organisation, indicator), nulls kept out."""
    return (
        wide.unpivot(
            index=["org_code", *(keep or [])], on=list(codes), variable_name="code", value_name="value"
        )
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.col("code").replace_strict(codes), pl.col("value").cast(pl.Float64))
    )


def _org_codes() -> dict[int, str]:
    return dict(Organization.objects.values_list("id", "code"))


def _rows(table: pl.DataFrame, year: SchoolYear) -> pl.DataFrame:
    ids = {code: pk for pk, code in _org_codes().items()}
    return table.select(
        "code",
        pl.col("org_code").replace_strict(ids, default=None, return_dtype=pl.Int64).alias("organization_id"),
        "org_code",
        pl.col("procedure").fill_null(""),
        pl.col("subject").fill_null(""),
        pl.col("grade").cast(pl.Int64),
        pl.lit(year.pk).alias("school_year_id"),
        pl.col("value").cast(pl.Float64),
    )

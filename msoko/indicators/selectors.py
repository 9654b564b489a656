"""Reads of indicator values for exports and pages."""

from __future__ import annotations

from typing import Any

import polars as pl

from msoko.indicators.catalogue import CATALOGUE
from msoko.indicators.models import IndicatorValue, MonitoringValue

EXPORT_COLUMNS = [
    "Код ОО",
    "Показатель",
    "Наименование",
    "Процедура",
    "Предмет",
    "Параллель",
    "Значение",
    "Единица",
    "Учебный год",
]


def indicators_export_frame(*, school_year_name: str, viewer: Any | None = None) -> pl.DataFrame:
    """The computed values of a year in the columns of spec/cli.md (`msoko export indicators`).

    Percentages are 0–100 with two decimals, counts are whole; «МО» rows first, «Регион» (a
    regional export) next, then organisations by code.
    """
    values = IndicatorValue.objects.filter(school_year__name=school_year_name)
    if viewer is not None:
        values = values.visible_to(viewer)
    rows = values.values_list("org_code", "code", "procedure", "subject", "grade", "value")
    frame = pl.DataFrame(
        list(rows),
        schema={
            "org": pl.String,
            "code": pl.String,
            "procedure": pl.String,
            "subject": pl.String,
            "grade": pl.Int64,
            "value": pl.Float64,
        },
        orient="row",
    )
    units = {i.code: str(i.unit.value) for i in CATALOGUE}
    titles = {i.code: i.title for i in CATALOGUE}
    counts = [i.code for i in CATALOGUE if i.unit.value == "чел."]
    return (
        frame.with_columns(
            pl.when(pl.col("code").is_in(counts))
            .then(pl.col("value").round(0))
            .otherwise(pl.col("value").round(2))
        )
        .sort(
            pl.col("org") != "МО",
            pl.col("org") != "Регион",
            "org",
            "code",
            "procedure",
            "subject",
            "grade",
            nulls_last=False,
        )
        .select(
            pl.col("org").alias("Код ОО"),
            pl.col("code").alias("Показатель"),
            pl.col("code").replace_strict(titles, default="").alias("Наименование"),
            _empty_as_null("procedure").alias("Процедура"),  # an empty cell, not «""», in CSV
            _empty_as_null("subject").alias("Предмет"),
            pl.col("grade").alias("Параллель"),
            pl.col("value").alias("Значение"),  # a number: a numeric cell in XLSX, «83,33» in CSV
            pl.col("code").replace_strict(units, default="").alias("Единица"),
            pl.lit(school_year_name).alias("Учебный год"),
        )
    )


def _empty_as_null(column: str) -> pl.Expr:
    return pl.when(pl.col(column) != "").then(pl.col(column))


def collected_frame(*, school_year_id: int) -> pl.DataFrame:
    """``org_code``, ``code``, ``value`` of every value organisations reported for the year (the
    `monitoring` import, campaign forms, survey aggregates), in one query."""
    rows = MonitoringValue.objects.filter(school_year_id=school_year_id).values_list(
        "organization__code", "indicator_code", "value"
    )
    return pl.DataFrame(
        list(rows),
        schema={"org_code": pl.String, "code": pl.String, "value": pl.Decimal(14, 4)},
        orient="row",
    ).with_columns(pl.col("value").cast(pl.Float64))

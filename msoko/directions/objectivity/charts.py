"""Direction 5's charts (Vega-Lite specifications, one for the web and for documents)."""

from __future__ import annotations

import altair as alt
import polars as pl

from msoko.analytics.achievement import MUNICIPALITY
from msoko.analytics.columns import C
from msoko.core.models import SchoolYear
from msoko.reports import charts

SCHOOL, MUNICIPAL = "ОО", "Муниципалитет"  # the series of the school and of the municipality


def cohort_charts(
    frame: pl.DataFrame, *, organization_code: str, school_year: SchoolYear
) -> list[alt.TopLevelMixin]:
    """One chart per kind, subject and grade: the school's cohort from the grade below a year
    earlier against the municipality (``frame``: org_code, kind, subject, grade, start, value)."""
    # a cohort: grade g in the year, grade g − 1 a year before
    now = frame.filter(pl.col("start") == school_year.start_year)
    before = frame.filter(pl.col("start") == school_year.start_year - 1).with_columns(pl.col(C.GRADE) + 1)
    earlier_year = f"{school_year.start_year - 1}/{school_year.start_year}"
    specs = []
    keys = now.filter(pl.col(C.ORG_CODE) == organization_code).select("kind", C.SUBJECT, C.GRADE).unique()
    for kind, subject, grade in keys.sort("kind", C.SUBJECT, C.GRADE).iter_rows():
        match = (pl.col("kind") == kind) & (pl.col(C.SUBJECT) == subject) & (pl.col(C.GRADE) == grade)
        points = pl.concat(
            [
                before.filter(match).with_columns(
                    pl.lit(f"{grade - 1} класс, {earlier_year}").alias("school_year")
                ),
                now.filter(match).with_columns(
                    pl.lit(f"{grade} класс, {school_year.name}").alias("school_year")
                ),
            ]
        )
        if points.filter(pl.col(C.ORG_CODE) == organization_code).height < 2:
            continue
        series = points.select(
            "school_year",
            pl.when(pl.col(C.ORG_CODE) == MUNICIPALITY)
            .then(pl.lit(MUNICIPAL))
            .otherwise(pl.lit(SCHOOL))
            .alias("series"),
            "value",
        )
        specs.append(charts.dynamics_chart(series, title=f"Когорта: {kind}, {subject}, средний % выполнения"))
    return specs

"""The chart of the journal-marks page: успеваемость and качество over the periods of a year."""

from __future__ import annotations

from collections.abc import Mapping

import altair as alt
import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.marks import PERIOD
from msoko.reports import charts

METRICS = {"success_rate": "Успеваемость", "quality_rate": "Качество"}


def period_dynamics_chart(
    quality: pl.DataFrame, *, periods: list[str], units: Mapping[str, str]
) -> alt.Chart:
    """Lines of успеваемость and качество (%) per period, in the school year's order: colour is
    the measure, the dash the unit (the municipality solid, a school dashed).

    Input: ``marks_quality`` by ``org_code``; ``units`` maps the codes to draw to their names.
    """
    data = (
        quality.filter(pl.col(C.ORG_CODE).is_in(list(units)) & pl.col(PERIOD).is_in(periods))
        .with_columns(pl.col(C.ORG_CODE).replace_strict(dict(units), return_dtype=pl.String).alias("unit"))
        .unpivot(index=["unit", PERIOD, "marks"], on=list(METRICS), variable_name="metric")
        .with_columns(pl.col("metric").replace_strict(METRICS, return_dtype=pl.String))
    )
    return (
        alt.Chart(data, title="Динамика по периодам учебного года, %")
        .mark_line(strokeWidth=2)
        .encode(
            x=alt.X(f"{PERIOD}:O", title=None, sort=periods, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title="%", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "metric:N", title=None, sort=list(METRICS.values()), legend=alt.Legend(orient="bottom")
            ),
            strokeDash=alt.StrokeDash(
                "unit:N",
                title=None,
                sort=list(units.values()),
                legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeColor="#5d6878"),
            ),
            detail="unit:N",
            tooltip=[
                alt.Tooltip("unit:N", title="Кто"),
                alt.Tooltip("metric:N", title="Показатель"),
                alt.Tooltip(f"{PERIOD}:O", title="Период"),
                alt.Tooltip("value:Q", title="%", format=".1f"),
                alt.Tooltip("marks:Q", title="Отметок"),
            ],
        )
        .properties(width=charts.WIDTH, height=charts.HEIGHT)
    )

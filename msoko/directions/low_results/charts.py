"""Direction 2's charts (Vega-Lite specifications, one for the web and for documents)."""

from __future__ import annotations

import altair as alt
import polars as pl

from msoko.analytics.columns import C
from msoko.directions.low_results.selectors import GROUP_ADVERSE, GROUP_LOW, GROUP_OTHER, GROUP_RESILIENT
from msoko.reports import charts


def scatter_chart(frame: pl.DataFrame, *, school_url: str = "") -> alt.LayerChart | None:
    """Results against context, each school a point coloured by its group, and the expectation
    line of the fitted model. ``school_url`` with «__CODE__» in it: a click on a point opens it."""
    points = frame.filter(pl.col("context_index").is_not_null() & pl.col("result").is_not_null())
    if points.is_empty():
        return None
    domain = [GROUP_LOW, GROUP_RESILIENT, GROUP_ADVERSE, GROUP_OTHER]
    colours = ["#c0392b", "#1e8449", "#d68910", "#7f8c9d"]
    before, _, after = school_url.partition("__CODE__")
    dots = (
        alt.Chart(
            points.select(
                C.ORG_CODE,
                "name",
                "context_index",
                "result",
                "group",
                pl.concat_str(pl.lit(before), C.ORG_CODE, pl.lit(after)).alias(charts.HREF),
            ),
            title="Результаты и социальный контекст",
        )
        .mark_circle(size=70, opacity=0.85)
        .encode(
            x=alt.X("context_index:Q", title="Индекс социального контекста (0 — муниципалитет)"),
            y=alt.Y("result:Q", title="Результат (ст. откл. учащихся)"),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(domain=domain, range=colours),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip(f"{C.ORG_CODE}:N", title="Код ОО"),
                alt.Tooltip("name:N", title="Школа"),
                alt.Tooltip("context_index:Q", title="Контекст", format=".2f"),
                alt.Tooltip("result:Q", title="Результат", format=".2f"),
            ],
            **({"href": alt.Href(f"{charts.HREF}:N")} if school_url else {}),
        )
    )
    line_points = (
        points.filter(pl.col("expected").is_not_null())
        .select("context_index", "expected")
        .sort("context_index")
    )
    layers: list[alt.Chart] = [dots]
    if line_points.height >= 2:
        ends = pl.concat([line_points.head(1), line_points.tail(1)])
        layers.insert(
            0,
            alt.Chart(ends)
            .mark_line(color="#1d2533", strokeDash=[5, 4])
            .encode(x="context_index:Q", y="expected:Q"),
        )
    return alt.layer(*layers).properties(width=charts.WIDTH, height=charts.HEIGHT + 80)


def trajectory_chart(values: pl.DataFrame) -> alt.Chart | None:
    """The school's result and its expected result over the school years (``trajectory_frame``)."""
    if values.is_empty():
        return None
    return charts.dynamics_chart(values, title="Траектория: результат и ожидаемый", unit="ст. откл.")

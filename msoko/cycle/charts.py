"""The chart of a measure's effect: the targeted and the comparison organisations, before → after.

A Vega-Lite specification in the conventions of ``msoko.reports.charts`` (Russian titles, the
same size, ``render_html`` on the page); kept here because only the cycle draws it.
"""

from __future__ import annotations

import altair as alt
import polars as pl

from msoko.analytics.effect import COMPARISON_GROUP, TREATED_GROUP
from msoko.reports.charts import HEIGHT, WIDTH

TREATED_COLOR = "#1f5fae"
COMPARISON_COLOR = "#8a94a6"


def effect_chart(means: pl.DataFrame, *, before: str, after: str, unit: str) -> alt.Chart:
    """Two lines from the year before the measure to the year after it: the mean of the targeted
    organisations and of the comparison ones. ``means`` is ``analytics.effect.effect_frame``'s
    output (group, period «before»|«after», mean, orgs)."""
    data = means.with_columns(
        pl.col("period")
        .replace_strict({"before": f"до меры ({before})", "after": f"после ({after})"})
        .alias("when"),
    )
    order = [f"до меры ({before})", f"после ({after})"]
    groups = [g for g in (TREATED_GROUP, COMPARISON_GROUP) if g in data["group"]]
    return (
        alt.Chart(data, title="Среднее значение до и после меры")
        .mark_line(point=alt.OverlayMarkDef(size=70), strokeWidth=3)
        .encode(
            x=alt.X("when:O", title=None, sort=order, axis=alt.Axis(labelAngle=0)),
            y=alt.Y("mean:Q", title=unit or "значение", scale=alt.Scale(zero=False)),
            color=alt.Color(
                "group:N",
                title=None,
                sort=groups,
                scale=alt.Scale(
                    domain=groups,
                    range=[TREATED_COLOR if g == TREATED_GROUP else COMPARISON_COLOR for g in groups],
                ),
                legend=alt.Legend(orient="bottom"),
            ),
            tooltip=[
                alt.Tooltip("group:N", title="Группа"),
                alt.Tooltip("when:O", title="Период"),
                alt.Tooltip("mean:Q", title=unit or "значение", format=",.1f"),
                alt.Tooltip("orgs:Q", title="ОО"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )

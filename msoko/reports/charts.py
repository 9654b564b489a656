"""Chart specifications of the achievement reports (Vega-Lite through Vega-Altair) and their SVG.

Decision: every chart is a Vega-Lite specification built here from a Polars frame. The server
renders it to SVG (``vl_convert``, offline) for documents and as the picture a page shows
first; on the page the same specification is then rendered interactively by the published
Vega builds (``render_html`` + static/msoko/charts.js: tooltips, a click opens the school), so a
page and a document show the same chart. Rendered SVG is cached in-process by the
specification's JSON text (an LRU, so a spec is rendered once per process for as long as its
data does not change).

Inputs are the outputs of ``msoko.analytics`` (``mark_distribution``, ``score_distribution``,
``task_completion`` + ``task_status``) with a ``group`` column naming the line (school, class,
municipality). Titles and axis labels are Russian.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

import altair as alt
import polars as pl
import vl_convert

from msoko.analytics import tasks as T
from msoko.analytics.columns import C
from msoko.analytics.wording import MINUS, NBSP, THIN_SPACE

GROUP = "group"  # the column that names a line: «Муниципалитет», a school, a class
CODE = "code"  # an organisation's code, shown beside its name in tooltips
HREF = "href"  # the page a click on a school's or class's mark opens
WIDTH = 560
HEIGHT = 240

MASTERED_COLOR = "#18794e"
ZONE_COLOR = "#d9a400"
NOT_MASTERED_COLOR = "#b42318"
STATUS_LABELS = {T.MASTERED: "освоено", T.ZONE: "зона неопределённости", T.NOT_MASTERED: "не освоено"}
STATUS_SCALE = alt.Scale(
    domain=list(STATUS_LABELS.values()), range=[MASTERED_COLOR, ZONE_COLOR, NOT_MASTERED_COLOR]
)
MARK_COLORS = {2: "#b42318", 3: "#d9a400", 4: "#4e8fd1", 5: "#18794e"}
# ФИОКО 2026 pp. 6, 17 (analytics/tasks.py): the «mastered» line of basic and of advanced tasks


def mark_distribution_chart(marks: pl.DataFrame, *, group: str = GROUP) -> alt.Chart:
    """Bars of the % of participants with each mark 2–5, one bar per group within a mark.

    Input: the output of ``analytics.achievement.mark_distribution`` (p2..p5) with ``group``.
    """
    data = marks.select(group, *(pl.col(f"p{m}").alias(str(m)) for m in (2, 3, 4, 5))).unpivot(
        index=group, variable_name="mark", value_name="percent"
    )
    return (
        alt.Chart(data, title="Распределение отметок, % участников")
        .mark_bar()
        .encode(
            x=alt.X("mark:O", title="Отметка", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset(f"{group}:N", sort=None),
            y=alt.Y("percent:Q", title="% участников", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(f"{group}:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{group}:N", title="Группа"),
                alt.Tooltip("mark:O", title="Отметка"),
                alt.Tooltip("percent:Q", title="%", format=".1f"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )


def score_distribution_chart(
    scores: pl.DataFrame, *, cuts: Mapping[int, int], group: str = GROUP
) -> alt.LayerChart:
    """Bars of the % of participants per primary score, with the mark cut scores as rules.

    Input: the output of ``analytics.achievement.score_distribution`` with ``group``;
    ``cuts`` maps a mark to its lowest primary score ({3: 6, 4: 10, 5: 15}). Each rule is
    labelled «3», «4», «5». Peaks right at a cut are what ФИОКО asks to look at (p. 13).
    """
    bars = (
        alt.Chart(scores.select(group, "score", "percent"), title="Распределение первичных баллов")
        .mark_bar()
        .encode(
            x=alt.X("score:O", title="Первичный балл", axis=alt.Axis(labelAngle=0)),
            xOffset=alt.XOffset(f"{group}:N", sort=None),
            y=alt.Y("percent:Q", title="% участников"),
            color=alt.Color(f"{group}:N", title=None, sort=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip(f"{group}:N", title="Группа"),
                alt.Tooltip("score:O", title="Балл"),
                alt.Tooltip("percent:Q", title="%", format=".1f"),
            ],
        )
    )
    marks = pl.DataFrame(
        {
            "score": [int(cut) for _, cut in sorted(cuts.items())],
            "label": [f"«{m}»" for m, _ in sorted(cuts.items())],
        },
        schema={"score": pl.Int64, "label": pl.String},
    )
    # a band position puts the rule at the left edge of the cut's bar, i.e. where the mark begins
    position = alt.X("score:O", bandPosition=0)
    rules = alt.Chart(marks).mark_rule(color="#1d2533", strokeDash=[4, 3]).encode(x=position)
    labels = (
        alt.Chart(marks)
        .mark_text(align="left", dx=3, dy=-4, baseline="top", fontWeight="bold")
        .encode(x=position, y=alt.value(0), text="label:N")
    )
    return alt.layer(bars, rules, labels).properties(width=WIDTH, height=HEIGHT)


def completion_heatmap(
    statuses: pl.DataFrame, *, group: str = GROUP, group_title: str = "Группа"
) -> alt.LayerChart:
    """Group × task heat map of completion (0–100), coloured by the ФИОКО status of each cell.

    Input: ``task_status`` output with ``group``. Red is below the not-mastered threshold of
    the task's level, green at or above the mastered one, amber in between. Optional columns:
    ``code`` (shown in the tooltip as «Код ОО») and ``href`` (a click on the row's cells opens it).
    """
    extra = [name for name in (CODE, HREF) if name in statuses.columns]
    data = _with_status_label(statuses).select(
        group, *extra, C.TASK, T.POSITION, T.COMPLETION, "status_label"
    )
    order = _task_order(statuses)
    base = alt.Chart(data, title="Выполнение заданий, %").encode(
        x=alt.X(f"{C.TASK}:O", title="Задание", sort=order, axis=alt.Axis(labelAngle=0, orient="top")),
        y=alt.Y(f"{group}:N", title=None, sort=None),
    )
    # the number over a cell answers a hover and a click as the cell does
    asked = {
        "tooltip": [
            alt.Tooltip(f"{group}:N", title=group_title),
            *([alt.Tooltip(f"{CODE}:N", title="Код ОО")] if CODE in extra else []),
            alt.Tooltip(f"{C.TASK}:O", title="Задание"),
            alt.Tooltip(f"{T.COMPLETION}:Q", title="% выполнения", format=".1f"),
            alt.Tooltip("status_label:N", title="Статус"),
        ],
        **({"href": alt.Href(f"{HREF}:N")} if HREF in extra else {}),
    }
    cells = base.mark_rect(stroke="#ffffff").encode(
        color=alt.Color(
            "status_label:N", title="Статус", scale=STATUS_SCALE, legend=alt.Legend(orient="bottom")
        ),
        **asked,
    )
    text = base.mark_text(fontSize=10, color="#ffffff").encode(
        text=alt.Text(f"{T.COMPLETION}:Q", format=".0f"), **asked
    )
    rows = max(data[group].n_unique(), 1)
    return alt.layer(cells, text).properties(width=max(28 * len(order), 200), height=22 * rows)


def task_completion_chart(
    statuses: pl.DataFrame, *, mastered: tuple[float, float] = (T.BASIC_MASTERED, T.ADVANCED_MASTERED)
) -> alt.LayerChart:
    """Bars of completion per task of one group, coloured by status, with the threshold rules.

    Input: ``task_status`` output of one group. Rules at the «mastered» thresholds of basic and
    of advanced and high tasks (ФИОКО 2026: 60 % and 30 %).
    """
    data = _with_status_label(statuses).select(C.TASK, T.POSITION, C.LEVEL, T.COMPLETION, "status_label")
    bars = (
        alt.Chart(data, title="Выполнение заданий, %")
        .mark_bar()
        .encode(
            x=alt.X(f"{C.TASK}:O", title="Задание", sort=_task_order(statuses), axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{T.COMPLETION}:Q", title="% выполнения", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "status_label:N", title="Статус", scale=STATUS_SCALE, legend=alt.Legend(orient="bottom")
            ),
            tooltip=[
                alt.Tooltip(f"{C.TASK}:O", title="Задание"),
                alt.Tooltip(f"{C.LEVEL}:N", title="Уровень"),
                alt.Tooltip(f"{T.COMPLETION}:Q", title="%", format=".1f"),
            ],
        )
    )
    thresholds = pl.DataFrame(
        {"value": list(mastered), "label": [f"Б: {mastered[0]:g} %", f"П, В: {mastered[1]:g} %"]}
    )
    rules = alt.Chart(thresholds).mark_rule(color="#5d6878", strokeDash=[4, 3]).encode(y="value:Q")
    labels = (
        alt.Chart(thresholds)
        .mark_text(align="right", dy=-5, color="#5d6878")
        .encode(y="value:Q", x=alt.value(WIDTH), text="label:N")
    )
    return alt.layer(bars, rules, labels).properties(width=WIDTH, height=HEIGHT)


def dynamics_chart(
    values: pl.DataFrame, *, title: str = "Динамика по учебным годам", unit: str = "%"
) -> alt.Chart:
    """Lines over school years: ``values`` has ``school_year`` («2024/2025»), ``series`` and ``value``."""
    return (
        alt.Chart(values.select("school_year", "series", "value"), title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("school_year:O", title="Учебный год", sort="ascending", axis=alt.Axis(labelAngle=0)),
            y=alt.Y("value:Q", title=unit),
            color=alt.Color("series:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[
                alt.Tooltip("series:N", title="Показатель"),
                alt.Tooltip("school_year:O", title="Год"),
                alt.Tooltip("value:Q", title=unit, format=".1f"),
            ],
        )
        .properties(width=WIDTH, height=HEIGHT)
    )


def indicator_chart(
    series: pl.DataFrame, *, unit: str, target: float | None = None, title: str = ""
) -> alt.LayerChart:
    """One indicator over the school years: every organisation as a grey point (a click opens
    it when ``href`` is given), the municipality (and the region, where known) as lines, and the
    target as a dashed rule. ``series`` has ``school_year``, ``org_name``, ``value`` and ``kind``
    («ОО», «МО», «Регион»)."""
    axis_x = alt.X("school_year:O", title="Учебный год", sort="ascending", axis=alt.Axis(labelAngle=0))
    axis_y = alt.Y("value:Q", title=unit)
    tooltip = [
        alt.Tooltip("org_name:N", title="Организация"),
        alt.Tooltip("school_year:O", title="Год"),
        alt.Tooltip("value:Q", title=unit, format=",.1f"),
    ]
    schools = series.filter(pl.col("kind") == "ОО")
    layers: list[alt.Chart] = []
    if not schools.is_empty():
        extra = {"href": alt.Href(f"{HREF}:N")} if HREF in schools.columns else {}
        layers.append(
            alt.Chart(schools)
            .mark_circle(size=36, opacity=0.45, color="#8a94a6")
            .encode(x=axis_x, y=axis_y, tooltip=tooltip, **extra)
        )
    lines = series.filter(pl.col("kind") != "ОО").select("school_year", "org_name", "value")
    if not lines.is_empty():
        layers.append(
            alt.Chart(lines)
            .mark_line(point=True, strokeWidth=3)
            .encode(
                x=axis_x,
                y=axis_y,
                color=alt.Color(
                    "org_name:N",
                    title=None,
                    scale=alt.Scale(
                        domain=[n for n in ("Муниципалитет", "Регион") if n in lines["org_name"]],
                        range=[
                            c
                            for n, c in (("Муниципалитет", "#1f5fae"), ("Регион", "#b86e00"))
                            if n in lines["org_name"]
                        ],
                    ),
                    legend=alt.Legend(orient="bottom"),
                ),
                tooltip=tooltip,
            )
        )
    if target is not None:
        layers.append(
            alt.Chart(pl.DataFrame({"target": [target]}))
            .mark_rule(strokeDash=[6, 4], color=NOT_MASTERED_COLOR)
            .encode(y="target:Q", tooltip=[alt.Tooltip("target:Q", title="Цель", format=",.1f")])
        )
    chart = alt.layer(*layers).properties(width=WIDTH, height=HEIGHT)
    return chart.properties(title=title) if title else chart


def render_html(chart: alt.TopLevelMixin) -> str:
    """The chart on a page: its SVG (what shows without JavaScript, and what prints) and its
    specification, which ``static/msoko/charts.js`` renders interactively with Vega-Lite in the
    browser — tooltips, links to the schools — when the site serves the Vega builds."""
    spec = chart.to_json(indent=None, validate=False)
    return (
        f'<div class="chart-static">{_svg(spec)}</div>'
        f'<script type="application/json" class="chart-spec">{_json_in_html(spec)}</script>'
    )


def _json_in_html(text: str) -> str:
    """JSON that cannot close its <script> element or start markup (as Django's json_script)."""
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def render_svg(chart: alt.TopLevelMixin) -> str:
    """The chart as an ``<svg …>`` text, rendered once per distinct specification."""
    # the specification was validated when the tests built it; skipping it here saves ~50 ms a chart
    return _svg(chart.to_json(indent=None, validate=False))


def render_png(chart: alt.TopLevelMixin, *, scale: float = 2.0) -> bytes:
    """The chart as a PNG picture for documents (twice the screen size: sharp when printed)."""
    return _png(chart.to_json(indent=None, validate=False), scale)


@lru_cache(maxsize=64)
def _png(spec: str, scale: float) -> bytes:
    return vl_convert.vegalite_to_png(spec, scale=scale, format_locale=FORMAT_LOCALE)


#: d3-format's locale for every chart: «91,7», «12 345», «−3» as on the pages (analytics/wording.py)
FORMAT_LOCALE = {
    "decimal": ",",
    "thousands": THIN_SPACE,
    "grouping": [3],
    "currency": ["", f"{NBSP}₽"],
    "minus": MINUS,
    "percent": f"{NBSP}%",
}


@lru_cache(maxsize=256)
def _svg(spec: str) -> str:
    return vl_convert.vegalite_to_svg(spec, format_locale=FORMAT_LOCALE)


def _with_status_label(statuses: pl.DataFrame) -> pl.DataFrame:
    return statuses.with_columns(
        pl.col(T.STATUS)
        .replace_strict(STATUS_LABELS, default=None, return_dtype=pl.String)
        .alias("status_label")
    )


def _task_order(statuses: pl.DataFrame) -> list[str]:
    return statuses.select(C.TASK, T.POSITION).unique().sort(T.POSITION)[C.TASK].to_list()

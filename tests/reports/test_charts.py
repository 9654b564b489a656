"""Chart specifications: the marks and encodings each report relies on, and the SVG rendering."""

from __future__ import annotations

import polars as pl

from msoko.analytics import tasks as T
from msoko.reports import charts


def _layers(chart) -> list[dict]:
    spec = chart.to_dict()
    return spec.get("layer", [spec])


def _mark(layer: dict) -> str:
    mark = layer["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def _statuses() -> pl.DataFrame:
    return T.task_status(
        pl.DataFrame(
            {
                "group": ["СШ № 1", "СШ № 1", "Гимназия № 2", "Гимназия № 2"],
                "task": ["1", "10", "1", "10"],
                "position": [1, 13, 1, 13],
                "level": ["Б", "П", "Б", "П"],
                "completion": [70.0, 20.0, 58.0, 35.0],
            }
        )
    )


def test_mark_distribution_is_bars_of_percent_per_mark_and_group():
    marks = pl.DataFrame(
        {
            "group": ["Муниципалитет", "СШ № 1"],
            "p2": [10.0, 20.0],
            "p3": [30.0, 30.0],
            "p4": [40.0, 30.0],
            "p5": [20.0, 20.0],
        }
    )

    spec = charts.mark_distribution_chart(marks).to_dict()

    assert _mark(spec) == "bar"
    assert spec["encoding"]["x"]["field"] == "mark"
    assert spec["encoding"]["y"]["field"] == "percent"
    assert spec["encoding"]["xOffset"]["field"] == "group"
    assert spec["encoding"]["color"]["field"] == "group"
    assert spec["encoding"]["x"]["title"] == "Отметка"
    # one value per group and mark: 2 groups × 4 marks
    assert len(next(iter(spec["datasets"].values()))) == 8


def test_score_distribution_draws_the_cut_scores_as_labelled_rules():
    scores = pl.DataFrame(
        {"group": ["Муниципалитет"] * 21, "score": list(range(21)), "percent": [100 / 21] * 21}
    )

    chart = charts.score_distribution_chart(scores, cuts={3: 6, 4: 10, 5: 15})

    bars, rules, labels = _layers(chart)
    assert (_mark(bars), _mark(rules), _mark(labels)) == ("bar", "rule", "text")
    assert bars["encoding"]["x"]["field"] == "score"
    assert rules["encoding"]["x"]["field"] == "score"
    assert labels["encoding"]["text"]["field"] == "label"
    datasets = chart.to_dict()["datasets"]
    cut_rows = next(rows for rows in datasets.values() if rows and "label" in rows[0])
    assert cut_rows == [
        {"score": 6, "label": "«3»"},
        {"score": 10, "label": "«4»"},
        {"score": 15, "label": "«5»"},
    ]


def test_heat_map_colours_cells_red_below_and_green_above_the_thresholds():
    chart = charts.completion_heatmap(_statuses())

    cells, text = _layers(chart)
    assert _mark(cells) == "rect"
    assert _mark(text) == "text"
    assert cells["encoding"]["x"]["field"] == "task"
    assert cells["encoding"]["y"]["field"] == "group"
    scale = cells["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"], strict=True)) == {
        "освоено": charts.MASTERED_COLOR,
        "зона неопределённости": charts.ZONE_COLOR,
        "не освоено": charts.NOT_MASTERED_COLOR,
    }
    rows = next(iter(chart.to_dict()["datasets"].values()))
    # 70 % of a basic task is mastered, 58 % is in the zone, 20 % of an advanced one is not
    assert {(r["group"], r["task"]): r["status_label"] for r in rows} == {
        ("СШ № 1", "1"): "освоено",
        ("СШ № 1", "10"): "не освоено",
        ("Гимназия № 2", "1"): "зона неопределённости",
        ("Гимназия № 2", "10"): "освоено",
    }


def test_task_completion_bars_carry_the_threshold_rules():
    chart = charts.task_completion_chart(_statuses().filter(pl.col("group") == "СШ № 1"))

    bars, rules, labels = _layers(chart)
    assert _mark(bars) == "bar"
    assert _mark(labels) == "text"
    assert bars["encoding"]["y"]["field"] == "completion"
    assert bars["encoding"]["x"]["sort"] == ["1", "10"]
    assert _mark(rules) == "rule"
    assert rules["encoding"]["y"]["field"] == "value"
    thresholds = next(rows for rows in chart.to_dict()["datasets"].values() if rows and "value" in rows[0])
    assert [r["value"] for r in thresholds] == [60.0, 30.0]


def test_dynamics_is_a_line_over_school_years():
    values = pl.DataFrame(
        {"school_year": ["2023/2024", "2024/2025"], "series": ["Успеваемость"] * 2, "value": [80.0, 85.0]}
    )

    spec = charts.dynamics_chart(values).to_dict()

    assert spec["mark"]["type"] == "line"
    assert spec["encoding"]["x"]["field"] == "school_year"
    assert spec["encoding"]["x"]["title"] == "Учебный год"
    assert spec["encoding"]["color"]["field"] == "series"


def test_render_svg_returns_svg_text_and_caches_by_spec():
    chart = charts.task_completion_chart(_statuses().filter(pl.col("group") == "СШ № 1"))

    first = charts.render_svg(chart)
    hits = charts._svg.cache_info().hits
    second = charts.render_svg(chart)

    assert first.startswith("<svg")
    assert "Выполнение заданий, %" in first
    assert second == first
    assert charts._svg.cache_info().hits == hits + 1

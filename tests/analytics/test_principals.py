"""The principal-effectiveness composite (direction 6) on a frame worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.principals import principal_indicators


def _values(rows):
    return pl.DataFrame(
        rows,
        schema={
            "code": pl.String,
            "org_code": pl.String,
            "procedure": pl.String,
            "subject": pl.String,
            "grade": pl.Int64,
            "value": pl.Float64,
        },
        orient="row",
    )


Q, N = "results.quality_rate", "results.participants"
VALUES = _values(
    [
        # 0001: quality 50 of 10 and 80 of 30 → (500 + 2400) / 40 = 72.5; category share 60
        (Q, "0001", "ВПР", "Математика", 4, 50.0),
        (N, "0001", "ВПР", "Математика", 4, 10.0),
        (Q, "0001", "ВПР", "Русский язык", 5, 80.0),
        (N, "0001", "ВПР", "Русский язык", 5, 30.0),
        ("teachers.category_share", "0001", None, None, None, 60.0),
        # 0002: quality 40 of 20 → 40; no teachers' figure
        (Q, "0002", "ВПР", "Математика", 4, 40.0),
        (N, "0002", "ВПР", "Математика", 4, 20.0),
        # 0003 has no ВПР: no index
        ("teachers.category_share", "0003", None, None, None, 90.0),
        # an ОГЭ figure is not a ВПР work
        (Q, "0003", "ОГЭ", "Математика", None, 10.0),
        (N, "0003", "ОГЭ", "Математика", None, 50.0),
        # МО: 45 of 30 and 80 of 30 → (1350 + 2400) / 60 = 62.5
        (Q, "МО", "ВПР", "Математика", 4, 45.0),
        (N, "МО", "ВПР", "Математика", 4, 30.0),
        (Q, "МО", "ВПР", "Русский язык", 5, 80.0),
        (N, "МО", "ВПР", "Русский язык", 5, 30.0),
        (Q, "Регион", "ВПР", "Математика", 4, 99.0),
    ]
)
# 0001 has a level-1 flag only (watch: still objective); 0002 a level-2 one
FLAGS = pl.DataFrame(
    {
        "org_code": ["0001", "0002", "0001"],
        "flag": ["unobjective", "unobjective", "low_results"],
        "level": [1, 2, 3],
    }
)


def _rows(frame):
    return {r["org_code"]: r for r in frame.to_dicts()}


def test_equal_weights_average_the_components_a_school_has():
    rows = _rows(principal_indicators(VALUES, FLAGS))
    assert set(rows) == {"МО", "0001", "0002"}
    assert rows["0001"]["quality_rate"] == pytest.approx(72.5)
    assert rows["0001"]["objective_results"] == 1.0
    assert rows["0001"]["effectiveness_index"] == pytest.approx((72.5 + 100 + 60) / 3)  # 77.5
    assert rows["0002"]["objective_results"] == 0.0
    assert rows["0002"]["effectiveness_index"] == pytest.approx((40 + 0) / 2)  # no conditions: 20
    assert rows["МО"]["quality_rate"] == pytest.approx(62.5)
    assert rows["МО"]["effectiveness_index"] == pytest.approx((77.5 + 20) / 2)  # 48.75
    assert rows["МО"]["objective_results"] is None


def test_weights_are_a_setting():
    rows = _rows(
        principal_indicators(VALUES, FLAGS, weights={"results": 2, "objectivity": 1, "conditions": 1})
    )
    assert rows["0001"]["effectiveness_index"] == pytest.approx((2 * 72.5 + 100 + 60) / 4)  # 76.25
    assert rows["0002"]["effectiveness_index"] == pytest.approx((2 * 40 + 0) / 3)  # 26.67


def test_nothing_without_vpr():
    no_vpr = VALUES.filter(pl.col("procedure") != "ВПР")
    assert principal_indicators(no_vpr, FLAGS).is_empty()

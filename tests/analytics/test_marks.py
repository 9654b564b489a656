"""Journal marks by period (seed 004, 2.6–2.7), on a frame worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.marks import annual_marks_indicators, marks_quality

MARKS = pl.DataFrame(
    [
        # 0001, 5А, maths: the first term «5», «4», «2»; the year «5», «4», «3»
        ("0001", "5А", "Математика", "1 четверть", 5),
        ("0001", "5А", "Математика", "1 четверть", 4),
        ("0001", "5А", "Математика", "1 четверть", 2),
        ("0001", "5А", "Математика", "год", 5),
        ("0001", "5А", "Математика", "год", 4),
        ("0001", "5А", "Математика", "год", 3),
        # 0002: the year «2» in Russian
        ("0002", "5Б", "Русский язык", "год", 2),
    ],
    schema=["org_code", "class_name", "subject", "period", "mark"],
    orient="row",
)


def test_quality_by_period_in_the_school_years_order():
    out = marks_quality(MARKS.filter(pl.col("org_code") == "0001"), by=["org_code", "subject"])

    assert out["period"].to_list() == ["1 четверть", "год"]
    first, year = out.rows(named=True)
    assert (first["marks"], first["success_rate"], first["quality_rate"]) == (
        3,
        pytest.approx(200 / 3),
        pytest.approx(200 / 3),
    )
    assert first["mean_mark"] == pytest.approx(11 / 3)
    assert (year["success_rate"], year["quality_rate"]) == (100, pytest.approx(200 / 3))


def test_annual_indicators_per_school_and_municipality():
    out = {row["org_code"]: row for row in annual_marks_indicators(MARKS).iter_rows(named=True)}

    assert list(out) == ["0001", "0002", "МО"]
    assert (out["0002"]["success_rate"], out["0002"]["quality_rate"]) == (0, 0)
    # МО: annual 5, 4, 3, 2 → success 75 %, quality 50 %
    assert (out["МО"]["success_rate"], out["МО"]["quality_rate"]) == (75, 50)

"""Sample-size tiers: where each boundary of ФИОКО 2026 (and ours) falls."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from msoko.analytics.samples import sample_tier, with_sample_tier


@pytest.mark.parametrize(
    ("_case", "n", "tier"),
    [
        ("nobody", 0, "not_interpretable"),
        ("9 is below the group minimum of 10", 9, "not_interpretable"),
        ("10 reaches the group minimum", 10, "limited"),
        ("19 is still fewer than 20", 19, "limited"),
        ("20 is the approximate minimum", 20, "approximate"),
        ("49 is not yet informative", 49, "approximate"),
        ("50 is informative", 50, "informative"),
        ("nothing counted", None, None),
    ],
)
def test_sample_tier_boundaries(_case, n, tier):
    frame = pl.DataFrame({"n": [n]}, schema={"n": pl.Int64})

    got = frame.select(sample_tier(pl.col("n")).alias("tier"))

    assert got["tier"].to_list() == [tier]


def test_sample_tier_takes_thresholds_as_parameters():
    frame = pl.DataFrame({"n": [4, 5, 15, 30]})

    got = frame.select(
        sample_tier(pl.col("n"), not_interpretable_below=5, limited_below=15, approximate_below=30)
    )

    assert got.to_series().to_list() == ["not_interpretable", "limited", "approximate", "informative"]


def test_with_sample_tier_adds_a_column_and_keeps_rows_in_order():
    frame = pl.DataFrame({"class_name": ["5Б", "5А", "5В"], "participants": [25, 1, 12]})

    got = with_sample_tier(frame)

    # 25 → approximate, 1 → not interpretable, 12 → limited
    expected = frame.with_columns(sample_tier=pl.Series(["approximate", "not_interpretable", "limited"]))
    assert_frame_equal(got, expected)


def test_with_sample_tier_reads_the_named_count_column():
    frame = pl.DataFrame({"pupils": [60], "participants": [3]})

    got = with_sample_tier(frame, n_column="pupils", tier_column="tier")

    assert got["tier"].to_list() == ["informative"]

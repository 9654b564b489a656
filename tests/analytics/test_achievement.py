"""`results.*` indicators on small frames whose answers are worked out by hand beside them."""

import polars as pl
from polars.testing import assert_frame_equal

from msoko.analytics.achievement import (
    mark_distribution,
    municipality,
    present,
    results_indicators,
    score_distribution,
)

# school A, class 5А: four present pupils and one absent; school A, 5Б: one pupil; school B: one pupil
RESULTS = pl.DataFrame(
    {
        "org_code": ["A", "A", "A", "A", "A", "A", "B"],
        "class_name": ["5А", "5А", "5А", "5А", "5А", "5Б", "5А"],
        "absent": [False, False, False, False, True, False, False],
        "total": [20, 12, 5, 8, None, 15, 0],  # max 20; 0 = a pupil who answered X everywhere
        "mark": [5, 4, 2, 3, None, 5, 2],
        "journal_mark": [5, 5, 3, None, 4, 4, None],  # one present pupil has no journal mark
    }
)


def test_school_indicators_count_only_participants_with_a_result():
    got = results_indicators(RESULTS, by=["org_code"], max_score=20)

    # A: 5 present (the absent pupil is left out); marks 5,4,2,3,5 → success 4/5 = 80, quality 3/5 = 60;
    #    mean % = (100 + 60 + 25 + 40 + 75) / 5 = 60;
    #    with a journal mark: 4 pupils (20→5 vs 5: confirmed, 12→4 vs 5: lowered, 5→2 vs 3: lowered,
    #    15→5 vs 4: raised) → lowered 2/4 = 50, confirmed 25, raised 25
    # B: 1 present, mark 2 → success 0, quality 0, mean 0; nobody with a journal mark → null shares
    expected = pl.DataFrame(
        {
            "org_code": ["A", "B"],
            "participants": [5, 1],
            "success_rate": [80.0, 0.0],
            "quality_rate": [60.0, 0.0],
            "mean_percent": [60.0, 0.0],
            "with_journal": [4, 0],
            "marks_lowered": [50.0, None],
            "marks_confirmed": [25.0, None],
            "marks_raised": [25.0, None],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_class_level_and_a_one_pupil_class():
    got = results_indicators(RESULTS, by=["org_code", "class_name"], max_score=20)

    # A 5Б has one pupil: 15 of 20 → mark 5, journal 4 → raised 100 %
    one = got.filter(pl.col("class_name") == "5Б").row(0, named=True)
    assert (one["participants"], one["mean_percent"], one["marks_raised"], one["marks_confirmed"]) == (
        1,
        75.0,
        100.0,
        0.0,
    )
    assert got.height == 3


def test_municipality_is_one_group_named_mo():
    got = results_indicators(municipality(RESULTS), by=["org_code"], max_score=20)

    # 6 present: marks 5,4,2,3,5,2 → success 4/6, quality 3/6; mean % (100+60+25+40+75+0)/6 = 50
    row = got.row(0, named=True)
    assert row["org_code"] == "МО"
    assert row["participants"] == 6
    assert round(row["success_rate"], 4) == round(400 / 6, 4)
    assert (row["quality_rate"], row["mean_percent"]) == (50.0, 50.0)


def test_mark_distribution_counts_every_mark_even_when_missing():
    got = mark_distribution(RESULTS, by=["org_code"])

    # A: marks 5,4,2,3,5 → n2..n5 = 1,1,1,2 of 5; B: one «2»
    expected = pl.DataFrame(
        {
            "org_code": ["A", "B"],
            "participants": [5, 1],
            "n2": [1, 1],
            "n3": [1, 0],
            "n4": [1, 0],
            "n5": [2, 0],
            "p2": [20.0, 100.0],
            "p3": [20.0, 0.0],
            "p4": [20.0, 0.0],
            "p5": [40.0, 0.0],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_score_distribution_lists_every_score_from_zero_to_max():
    got = score_distribution(RESULTS.filter(pl.col("org_code") == "B"), by=["org_code"], max_score=3)

    # B: one pupil with 0 points → 100 % at 0, nothing at 1..3
    expected = pl.DataFrame(
        {
            "org_code": ["B"] * 4,
            "score": [0, 1, 2, 3],
            "count": [1, 0, 0, 0],
            "percent": [100.0, 0.0, 0.0, 0.0],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_present_leaves_out_absent_pupils_and_hands_back_a_frame_already_present():
    # RESULTS: one absent pupil (row 5) and one pupil without a total (the same row): 6 remain
    kept = present(RESULTS)
    assert kept.height == 6
    assert kept["total"].to_list() == [20, 12, 5, 8, 15, 0]
    # a frame with nobody to leave out is the same frame, not a copy of its rows
    assert present(kept) is kept
    # a pupil marked present but without a total is still left out
    no_total = kept.with_columns(
        pl.when(pl.col("total") == 0).then(None).otherwise(pl.col("total")).alias("total")
    )
    assert present(no_total)["total"].to_list() == [20, 12, 5, 8, 15]

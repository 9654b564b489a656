"""`gia.*` indicators on a small frame worked out by hand."""

import polars as pl
from polars.testing import assert_frame_equal

from msoko.analytics.gia import gia_indicators

GIA = pl.DataFrame(
    {
        "org_code": ["A"] * 7 + ["B"],
        "exam": ["ОГЭ", "ОГЭ", "ОГЭ", "ЕГЭ", "ЕГЭ", "ЕГЭ", "ЕГЭ", "ЕГЭ"],
        "subject": ["Математика"] * 3 + ["Русский язык"] * 3 + ["Математика (базовая)", "Русский язык"],
        "primary_score": [5, 20, 12, 10, 40, 30, 15, 35],
        "test_score": [None, None, None, 23, 85, 65, None, 90],
        "mark": [2, 5, 3, None, None, None, 5, None],
        "annual_mark": [3, 5, None, None, None, None, 5, None],
        "medal_candidate": [False, False, False, False, True, True, True, True],
    }
)


def test_gia_indicators_per_school_exam_and_subject():
    got = gia_indicators(GIA, by=["org_code"])

    # A ОГЭ Математика: marks 2,5,3 → fail 1/3, quality 1/3; annual marks for two: 2≠3, 5=5 → 50 %
    # A ЕГЭ Математика (базовая): one «5» → fail 0; no test scores → mean/high null; candidate without a
    #   test score is not counted for the medal index → null
    # A ЕГЭ Русский язык: 23 (< 24, fails), 85, 65 → fail 1/3, mean 57.667, high (≥ 81) 1/3;
    #   candidates 85 and 65 → 65 < 70 → 1/2 = 50 %
    # B ЕГЭ Русский язык: 90, candidate confirmed → fail 0, high 100, medal 0
    expected = pl.DataFrame(
        {
            "org_code": ["A", "A", "A", "B"],
            "exam": ["ЕГЭ", "ЕГЭ", "ОГЭ", "ЕГЭ"],
            "subject": ["Математика (базовая)", "Русский язык", "Математика", "Русский язык"],
            "participants": [1, 3, 3, 1],
            "fail_rate": [0.0, 100 / 3, 100 / 3, 0.0],
            "quality_rate": [None, None, 100 / 3, None],
            "mean_test_score": [None, (23 + 85 + 65) / 3, None, 90.0],
            "high_score_rate": [None, 100 / 3, None, 100.0],
            "annual_confirmed": [None, None, 50.0, None],
            "medal_unconfirmed": [None, 50.0, None, 0.0],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_minimums_and_confirmation_score_are_settings():
    got = gia_indicators(
        GIA.filter(pl.col("org_code") == "A", pl.col("subject") == "Русский язык"),
        by=["org_code"],
        minimums={"Русский язык": 36},
        medal_score=60,
    )

    # with a minimum of 36: 23 fails → still 1/3; with confirmation at 60 both candidates (85, 65) confirm
    row = got.row(0, named=True)
    assert (round(row["fail_rate"], 6), row["medal_unconfirmed"]) == (round(100 / 3, 6), 0.0)


def test_subject_without_a_known_minimum_has_no_fail_rate():
    frame = GIA.head(0).vstack(
        pl.DataFrame(
            {
                "org_code": ["A"],
                "exam": ["ЕГЭ"],
                "subject": ["Астрономия"],
                "primary_score": [10],
                "test_score": [50],
                "mark": [None],
                "annual_mark": [None],
                "medal_candidate": [False],
            },
            schema=GIA.schema,
        )
    )

    assert gia_indicators(frame, by=["org_code"])["fail_rate"].to_list() == [None]

"""Student-level cohorts: hand-computed matches of participant codes across two years."""

import polars as pl
import pytest

from msoko.analytics.cohorts import previous_percent, student_cohort
from msoko.analytics.columns import C


def _frame(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(
        rows,
        schema={C.ORG_CODE: pl.String, C.PARTICIPANT: pl.String, C.TOTAL: pl.Int64, C.ABSENT: pl.Boolean},
        orient="row",
    )


# this year (maximum 20): school 0001 — A 15, B 10, C 8 (new pupil), D absent; school 0002 — E 20
CURRENT = _frame(
    [
        ("0001", "A", 15, False),
        ("0001", "B", 10, False),
        ("0001", "C", 8, False),
        ("0001", "D", None, True),
        ("0002", "E", 20, False),
    ]
)
# last year (maximum 10): A 5 → 50 %, B 6 → 60 %, D 9 (absent now), E 4 and 6 in two schools → 50 %
PREVIOUS = _frame(
    [
        ("0101", "A", 5, False),
        ("0101", "B", 6, False),
        ("0101", "D", 9, False),
        ("0101", "E", 4, False),
        ("0102", "E", 6, False),
        ("0101", "F", None, True),
    ]
)


def test_previous_percent_keeps_the_mean_of_a_repeated_code_and_drops_the_absent():
    out = previous_percent(PREVIOUS, max_score=10).sort(C.PARTICIPANT)

    assert out[C.PARTICIPANT].to_list() == ["A", "B", "D", "E"]
    assert out["prev_percent"].to_list() == pytest.approx([50.0, 60.0, 90.0, 50.0])


def test_cohort_matches_by_code_across_schools():
    out = student_cohort(CURRENT, PREVIOUS, by=[C.ORG_CODE], max_score=20, previous_max=10)

    school = out.row(0, named=True)
    # 0001: A (75 % now, 50 % then) and B (50 %, 60 %) found, C not; D absent now
    assert school[C.ORG_CODE] == "0001"
    assert school["cohort_matched"] == 2
    assert school["cohort_share"] == pytest.approx(200 / 3)  # 2 of 3 present
    assert school["cohort_then"] == pytest.approx(55.0)
    assert school["cohort_now"] == pytest.approx(62.5)
    assert school["cohort_delta"] == pytest.approx(7.5)
    # 0002: E 100 % now, 50 % then (mean of two schools) → +50 p.p.
    assert out.row(1, named=True)["cohort_delta"] == pytest.approx(50.0)


def test_group_with_nobody_found_has_null_figures_not_zero():
    current = _frame([("0003", "Z", 10, False)])

    row = student_cohort(current, PREVIOUS, by=[C.ORG_CODE], max_score=20, previous_max=10).row(0, named=True)

    assert (row["cohort_matched"], row["cohort_share"]) == (0, 0.0)
    assert row["cohort_then"] is None
    assert row["cohort_delta"] is None

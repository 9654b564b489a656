"""The olympiad-objectivity rule on a planted generous school and on an honest strong one."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.olympiad_objectivity import olympiad_generosity


def _pupils(org: str, prefix: str, count: int, awarded_at_municipal: int) -> list[tuple]:
    """``count`` school-stage winners of ``org`` in maths who all go on to the municipal stage,
    the first ``awarded_at_municipal`` of them winning or placing there."""
    rows = []
    for i in range(count):
        code = f"{prefix}{i}"
        rows.append((org, code, "Математика", "школьный", "победитель"))
        status = "призёр" if i < awarded_at_municipal else "участник"
        rows.append((org, code, "Математика", "муниципальный", status))
    return rows


def _frame(rows):
    return pl.DataFrame(
        rows, schema=["org_code", "participant_code", "subject", "stage", "status"], orient="row"
    )


def test_a_generous_school_stage_is_flagged_and_an_honest_strong_school_is_not():
    rows = (
        _pupils("0001", "G", 10, 0)  # generous: ten school winners, none succeeds at the next stage
        + _pupils("0002", "S", 10, 8)  # strong and honest: eight of ten succeed
        + _pupils("0003", "A", 10, 2)  # an average school
        + _pupils("0004", "T", 3, 0)  # too few to judge
    )

    out = {row["org_code"]: row for row in olympiad_generosity(_frame(rows)).iter_rows(named=True)}

    # 0001: the others (0002–0004) had 8 + 2 + 0 = 10 of 23 → expected 43.5 %; P(X ≤ 0 | 10, 10/23)
    # = (13/23)^10 = 0.0033 < 0.01
    generous = out["0001"]
    assert (generous["n"], generous["k"]) == (10, 0)
    assert generous["expected"] == pytest.approx(1000 / 23)
    assert generous["p_value"] == pytest.approx((13 / 23) ** 10)
    assert generous["flagged"]
    # 0002: 8 of 10 against 2 of 23 — better than the others, never flagged (a lower tail)
    assert not out["0002"]["flagged"]
    assert out["0002"]["p_value"] > 0.99
    # 0003: 2 of 10 against 8 of 23 (34.8 %): P(X ≤ 2) ≈ 0.27, not flagged
    assert not out["0003"]["flagged"]
    # 0004: three pupils: not evaluated whatever happened
    assert (out["0004"]["evaluated"], out["0004"]["flagged"]) == (False, False)


def test_a_school_stage_awardee_who_skipped_the_municipal_stage_is_not_counted():
    rows = [("0001", "X1", "Физика", "школьный", "призёр"), *_pupils("0001", "P", 5, 5)]
    rows = [(o, c, "Физика", st, s) for o, c, _, st, s in rows]

    out = olympiad_generosity(_frame(rows))

    assert out.select("n", "k").rows() == [(5, 5)]
    assert out["evaluated"].to_list() == [False]  # no other school to compare with

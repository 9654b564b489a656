"""Direction 2 on hand-made frames: the context index, low results, resilience and shrinkage."""

from __future__ import annotations

import math

import polars as pl
import pytest

from msoko.analytics.columns import C
from msoko.analytics.context import INDEX, adverse_flags, context_index
from msoko.analytics.low_results import LowResultsRule, low_procedures, low_results_flags
from msoko.analytics.resilience import VALUE_ADDED, resilient_flags, value_added


def _row(frame: pl.DataFrame, org: str) -> dict:
    return frame.filter(pl.col(C.ORG_CODE) == org).row(0, named=True)


def test_context_index_standardises_signs_and_restandardises():
    schools = pl.DataFrame(
        {
            C.ORG_CODE: ["A", "B", "C"],
            "low_income_share": [10.0, 20.0, 30.0],
            "higher_education_parents_share": [50.0, 30.0, 40.0],
        }
    )
    # z(low income) = −1, 0, 1; z(higher education) = 1, −1, 0; raw = (−z_li + z_he)/2 = 1, −0.5,
    # −0.5; its sd is √0.75, so the index is 1/√0.75 = 1.1547 and −0.5/√0.75 = −0.5774
    out = context_index(schools, components={"low_income_share": -1.0, "higher_education_parents_share": 1.0})

    assert out[INDEX].to_list() == pytest.approx(
        [1 / math.sqrt(0.75), -0.5 / math.sqrt(0.75), -0.5 / math.sqrt(0.75)]
    )
    assert out["components"].to_list() == [2, 2, 2]


def test_a_missing_component_leaves_the_index_on_the_others():
    schools = pl.DataFrame(
        {
            C.ORG_CODE: ["A", "B", "C", "D"],
            "low_income_share": [10.0, 30.0, 20.0, None],
            "sen_share": [1.0, 3.0, 2.0, 4.0],
        }
    )

    out = context_index(schools, components={"low_income_share": -1.0, "sen_share": -1.0})

    assert _row(out, "D")["components"] == 1
    # D has the highest ОВЗ share and nothing else known: the least favourable context
    assert _row(out, "D")[INDEX] == min(out[INDEX].to_list())


def test_adverse_levels_by_the_cuts_and_the_reason():
    index = pl.DataFrame(
        {C.ORG_CODE: ["A", "B", "C", "D"], INDEX: [-0.8, -1.3, -1.8, 0.0], "components": [5, 5, 4, 5]}
    )

    out = adverse_flags(index)

    assert out.select(C.ORG_CODE, "level").rows() == [("A", 1), ("B", 2), ("C", 3)]
    assert _row(out, "C")["reasons"] == [
        "индекс социального контекста −1,8 (муниципалитет 0, порог −0,75, по 4 показателям)"
    ]


def _counts(rows: list[tuple]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=["org_code", "procedure", "start_year", "n", "fails"], orient="row")


COUNTS = _counts(
    [
        ("A", "ВПР МА4", 2021, 20, 8),
        ("A", "ВПР РУ4", 2021, 20, 7),
        ("A", "ВПР МА4", 2020, 20, 9),
        ("B", "ВПР МА4", 2021, 100, 10),
        ("B", "ВПР РУ4", 2021, 100, 10),
        ("B", "ВПР МА4", 2020, 100, 10),
        ("T", "ВПР МА4", 2021, 3, 1),
        ("T", "ВПР РУ4", 2021, 3, 1),
        ("T", "ВПР МА4", 2020, 3, 1),
    ]
)


def test_small_shares_are_shrunk_towards_the_municipality():
    out = low_procedures(COUNTS, rule=LowResultsRule())

    # A, МА4 2021: municipal (8 + 10 + 1)/123 = 0.15447; (8 + 5·0.15447)/25 = 35.1 % → low
    a = out.filter(
        (pl.col(C.ORG_CODE) == "A") & (pl.col("procedure") == "ВПР МА4") & (pl.col("start_year") == 2021)
    ).row(0, named=True)
    assert a["shrunk"] == pytest.approx((8 + 5 * 19 / 123) * 100 / 25)
    assert a["low"]
    # T: 1 of 3 is 33 %, but (1 + 5·0.15447)/8 = 22.2 %: three pupils are not evidence
    t = out.filter(
        (pl.col(C.ORG_CODE) == "T") & (pl.col("procedure") == "ВПР МА4") & (pl.col("start_year") == 2021)
    ).row(0, named=True)
    assert t["share"] == pytest.approx(100 / 3)
    assert t["shrunk"] == pytest.approx((1 + 5 * 19 / 123) * 100 / 8)
    assert not t["low"]


def test_a_procedure_of_two_participants_is_never_low():
    counts = _counts([("E", "ОГЭ Химия", 2021, 2, 2), ("B", "ОГЭ Химия", 2021, 40, 1)])

    out = low_procedures(counts, rule=LowResultsRule())

    # (2 + 5·3/42)/7 = 33 % ≥ 30 %, but two pupils are below the 5 a procedure needs
    e = out.filter(pl.col(C.ORG_CODE) == "E").row(0, named=True)
    assert e["shrunk"] >= 30
    assert not e["low"]


def test_low_results_needs_two_works_and_the_same_work_a_year_before():
    out = low_results_flags(COUNTS, start_year=2021)

    # A: МА4 and РУ4 low in 2021, МА4 also in 2020 → flagged; in 2020 only one work → level 1
    assert out.select(C.ORG_CODE, "level").rows() == [("A", 1)]
    assert _row(out, "A")["reasons"][0].startswith(
        "ВПР МА4: ниже минимума 40 % (8 из 20) при 15 % по МО, 2021/2022"
    )


def test_low_results_without_persistence_when_the_region_says_so():
    counts = COUNTS.filter(pl.col("start_year") == 2021)

    assert low_results_flags(counts, start_year=2021).is_empty()
    either = low_results_flags(counts, start_year=2021, rule=LowResultsRule(both=False))
    assert either[C.ORG_CODE].to_list() == ["A"]


def test_value_added_is_shrunk_for_a_tiny_school():
    # five schools on the line result = 0.5·context; R and S at context −2, ±1.5 off the line
    # (so the OLS line stays 0.5·x); all n = 100. Residual variance Σr²/(7 − 2) = 4.5/5 = 0.9,
    # τ² = 0.9 − 1/100 = 0.89. R: reliability 0.89/(0.89 + 0.01) → value added 1.5·0.98889 = 1.4833.
    # T, one pupil with R's residual: reliability 0.89/1.89 → 0.7063, below τ = 0.9434.
    contexts = {"A": -2.0, "B": -1.0, "C": 0.0, "D": 1.0, "E": 2.0, "R": -2.0, "S": -2.0, "T": -2.0}
    results = {"A": -1.0, "B": -0.5, "C": 0.0, "D": 0.5, "E": 1.0, "R": 0.5, "S": -2.5, "T": 0.5}
    frame = pl.DataFrame({C.ORG_CODE: list(results), "n": [100] * 7 + [1], "result": list(results.values())})
    context = pl.DataFrame({C.ORG_CODE: list(contexts), INDEX: list(contexts.values())})

    added = value_added(frame, context)

    assert _row(added, "R")[VALUE_ADDED] == pytest.approx(1.5 * 0.89 / 0.90)
    assert _row(added, "T")[VALUE_ADDED] == pytest.approx(1.5 * 0.89 / 1.89)
    assert _row(added, "R")["tau"] == pytest.approx(math.sqrt(0.89))
    flags = resilient_flags(added)
    assert flags.select(C.ORG_CODE, "level").rows() == [("R", 2)]  # 1.4833 ≥ 1.5·τ = 1.415


def test_low_results_level_three_after_three_years_in_a_row():
    rows = []
    for year in (2017, 2018, 2019, 2020):
        rows += [("A", "ВПР МА4", year, 20, 12), ("A", "ВПР РУ4", year, 20, 12)]
        rows += [("B", "ВПР МА4", year, 100, 5), ("B", "ВПР РУ4", year, 100, 5)]

    out = low_results_flags(_counts(rows), start_year=2020)

    # the rule holds in 2018, 2019 and 2020 (each with the year before): three years in a row
    assert out.select(C.ORG_CODE, "level").rows() == [("A", 3)]

"""Direction 4's page figures on a small ГИА frame worked out by hand (pure Polars)."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.directions.career.analysis import graduate_figures, subject_choice, subject_count_distribution

RUS, PROF, BASE = "Русский язык", "Математика (профильная)", "Математика (базовая)"
# minimums: Russian 24, profile maths 27, physics 36, social studies 42, informatics 40
# 0001: G1 — Russian 70, profile maths 50, physics 60: 3 subjects, all passed;
#       G2 — Russian 60, social studies 30 (< 42), base maths «4»: 3 subjects, 2 passed;
#       G3 — Russian 20 (< 24), base maths «2»: 2 subjects, none passed.
# 0002: G4 — Russian 80, profile maths 20 (< 27), informatics 70, physics 40: 4 subjects, 3 passed;
#       G5 — Russian 50: 1 subject, passed; N1 took the ОГЭ: not a graduate.
GIA = pl.DataFrame(
    [
        ("0001", "G1", "ЕГЭ", RUS, 70, None),
        ("0001", "G1", "ЕГЭ", PROF, 50, None),
        ("0001", "G1", "ЕГЭ", "Физика", 60, None),
        ("0001", "G2", "ЕГЭ", RUS, 60, None),
        ("0001", "G2", "ЕГЭ", "Обществознание", 30, None),
        ("0001", "G2", "ЕГЭ", BASE, None, 4),
        ("0001", "G3", "ЕГЭ", RUS, 20, None),
        ("0001", "G3", "ЕГЭ", BASE, None, 2),
        ("0002", "G4", "ЕГЭ", RUS, 80, None),
        ("0002", "G4", "ЕГЭ", PROF, 20, None),
        ("0002", "G4", "ЕГЭ", "Информатика", 70, None),
        ("0002", "G4", "ЕГЭ", "Физика", 40, None),
        ("0002", "G5", "ЕГЭ", RUS, 50, None),
        ("0002", "N1", "ОГЭ", "Математика", None, 2),
    ],
    schema=["org_code", "participant_code", "exam", "subject", "test_score", "mark"],
    orient="row",
)


def _by_org(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["org_code"]: row for row in frame.iter_rows(named=True)}


def test_graduate_figures_per_school_and_municipality():
    out = _by_org(graduate_figures(GIA))

    assert list(out) == ["0001", "0002", "МО"]
    a, b, mo = out["0001"], out["0002"], out["МО"]
    # 0001: 3 graduates, (3 + 3 + 2) / 3 subjects; G1 passes three and all; G2, G3 fail one or more
    assert (a["graduates"], a["any_failed"], a["profile_math"]) == (3, 2, 1)
    assert a["subjects_mean"] == pytest.approx(8 / 3)
    assert a["ege_three_subjects_share"] == pytest.approx(100 / 3)
    assert a["ege_all_passed_share"] == pytest.approx(100 / 3)
    # 0002: G4 passes three (fails profile maths), G5 passes its only subject
    assert (b["graduates"], b["subjects_mean"], b["ege_three_subjects_share"], b["ege_all_passed_share"]) == (
        2, 2.5, 50, 50,
    )  # fmt: skip
    # МО: 5 graduates, 13 subjects; three or more: G1, G4 → 40 %; all passed: G1, G5 → 40 %
    assert (mo["graduates"], mo["subjects_mean"], mo["any_failed"], mo["profile_math"]) == (5, 2.6, 3, 2)
    assert (mo["ege_three_subjects_share"], mo["ege_all_passed_share"]) == (40, 40)


def test_graduates_by_number_of_subjects():
    got = subject_count_distribution(graduate_figures(GIA)).filter(pl.col("org_code") == "МО")

    # G5 took 1, G3 2, G1 and G2 3, G4 4, nobody 5 or more — of 5 graduates
    assert got["label"].to_list() == ["1", "2", "3", "4", "5 и более"]
    assert got["n"].to_list() == [1, 1, 2, 1, 0]
    assert got["share"].to_list() == [20, 20, 40, 20, 0]


def test_subject_choice_of_the_municipality():
    got = subject_choice(GIA).filter(pl.col("org_code") == "МО")

    rows = {r["subject"]: r for r in got.iter_rows(named=True)}
    assert list(rows) == [RUS, BASE, PROF, "Физика", "Информатика", "Обществознание"]  # most chosen first
    # Russian: all 5, mean (70 + 60 + 20 + 80 + 50) / 5 = 56, G3 below 24 → 20 %
    assert (rows[RUS]["chose"], rows[RUS]["chose_share"], rows[RUS]["mean_score"]) == (5, 100, 56)
    assert (rows[RUS]["minimum"], rows[RUS]["below_minimum_share"]) == (24, 20)
    # profile maths: G1 50, G4 20 (< 27) → mean 35, 50 % below
    assert (rows[PROF]["chose"], rows[PROF]["mean_score"], rows[PROF]["below_minimum_share"]) == (2, 35, 50)
    # base maths by mark: «4» and «2» → mean mark 3, one «2» → 50 %; no minimum score
    assert (rows[BASE]["by_mark"], rows[BASE]["mean_score"], rows[BASE]["minimum"]) == (True, 3, None)
    assert rows[BASE]["below_minimum_share"] == 50
    # physics: 60 and 40, both ≥ 36
    assert (rows["Физика"]["chose_share"], rows["Физика"]["below_minimum_share"]) == (40, 0)


def test_subject_choice_of_a_school_is_over_its_own_graduates():
    got = subject_choice(GIA).filter(pl.col("org_code") == "0001")

    rows = {r["subject"]: r for r in got.iter_rows(named=True)}
    # 0001: Russian 70, 60, 20 → mean 50, one of three below; physics G1 only: 1 of 3 graduates
    assert (rows[RUS]["chose"], rows[RUS]["mean_score"]) == (3, 50)
    assert rows[RUS]["below_minimum_share"] == pytest.approx(100 / 3)
    assert rows["Физика"]["chose_share"] == pytest.approx(100 / 3)
    assert "Информатика" not in rows


def test_a_graduate_named_by_two_schools_counts_once_in_the_municipality():
    both = pl.concat(
        [GIA, pl.DataFrame([("0002", "G1", "ЕГЭ", RUS, 70, None)], schema=GIA.schema, orient="row")]
    )

    mo = _by_org(graduate_figures(both))["МО"]

    assert (mo["graduates"], mo["subjects_mean"]) == (5, 2.6)

"""Talents (olympiad) and teachers indicators on small frames worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.talents import talents_indicators
from msoko.analytics.teachers import teachers_indicators


def _olympiad(rows):
    return pl.DataFrame(
        rows, schema=["org_code", "participant_code", "subject", "stage", "status"], orient="row"
    )


# school 0001: P1 wins maths and is a prize-winner in physics at the municipal stage; P1 goes
#   to the regional stage in maths only; P2 only takes part in maths.
# school 0002: P3 is a prize-winner in maths and goes to the regional stage in physics (another
#   subject: does not count); P4 appears at the school stage only.
OLYMPIAD = _olympiad(
    [
        ("0001", "P1", "Математика", "муниципальный", "победитель"),
        ("0001", "P1", "Физика", "муниципальный", "призёр"),
        ("0001", "P2", "Математика", "муниципальный", "участник"),
        ("0001", "P1", "Математика", "региональный", "участник"),
        ("0002", "P3", "Математика", "муниципальный", "призёр"),
        ("0002", "P3", "Физика", "региональный", "участник"),
        ("0002", "P4", "Математика", "школьный", "победитель"),
    ]
)


def test_municipal_winners_and_their_share_at_the_regional_stage():
    out = {row["org_code"]: row for row in talents_indicators(OLYMPIAD).iter_rows(named=True)}

    assert list(out) == ["0001", "0002", "МО"]
    # 0001: pairs (P1, Математика) winner, (P1, Физика) prize, (P2, Математика) participant
    assert out["0001"]["municipal_participants"] == 3
    assert out["0001"]["municipal_winners"] == 2
    assert out["0001"]["winners_per_100_participants"] == pytest.approx(200 / 3)
    assert out["0001"]["regional_stage_share"] == 50  # (P1, Математика) of the two
    # 0002: (P3, Математика) prize-winner; P3's regional stage is physics: 0 %
    assert (out["0002"]["municipal_winners"], out["0002"]["regional_stage_share"]) == (1, 0)
    # МО: 4 municipal pairs, 3 awarded, 1 of them at the regional stage
    assert (out["МО"]["municipal_participants"], out["МО"]["municipal_winners"]) == (4, 3)
    assert out["МО"]["regional_stage_share"] == pytest.approx(100 / 3)


def test_a_school_without_winners_has_no_regional_share():
    frame = _olympiad([("0003", "P9", "Химия", "муниципальный", "участник")])

    row = talents_indicators(frame).filter(pl.col("org_code") == "0003").row(0, named=True)

    assert (row["municipal_winners"], row["regional_stage_share"]) == (0, None)


def test_teachers_category_share_counts_teachers_by_position_only():
    teachers = pl.DataFrame(
        [
            # 0001: three «учитель» (one «Учитель » as written), two of them first/highest;
            #       a deputy with the highest category does not count
            ("0001", "учитель", "highest", 50, None),
            ("0001", "Учитель ", "first", 30, 7),
            ("0001", "учитель", "none", 25, None),
            ("0001", "заместитель руководителя", "highest", 45, None),
            # 0002: no «учитель» at all → no value; one young teacher with a mentor
            ("0002", "воспитатель", "first", 28, 3),
        ],
        schema=["org_code", "position", "category", "age", "mentor_id"],
        orient="row",
    )

    out = {row["org_code"]: row for row in teachers_indicators(teachers).iter_rows(named=True)}

    assert out["0001"]["category_share"] == pytest.approx(200 / 3)
    assert out["0002"]["category_share"] is None
    assert out["МО"]["category_share"] == pytest.approx(200 / 3)  # 2 of the 3 «учитель» of the МО
    # under 35: 0001 has 30 (mentored) and 25 (not) → 50 %; 0002 has 28 (mentored) → 100 %
    assert out["0001"]["young_with_mentor_share"] == 50
    assert out["0002"]["young_with_mentor_share"] == 100
    assert out["МО"]["young_with_mentor_share"] == pytest.approx(200 / 3)


def test_graduates_passing_the_ege_minimum_in_three_subjects_and_in_all():
    from msoko.analytics.career import career_indicators

    gia = pl.DataFrame(
        [
            # 0001: G1 passes Russian (30 ≥ 24), profile maths (40 ≥ 27), physics (50 ≥ 36) → 3 of 3
            ("0001", "G1", "ЕГЭ", "Русский язык", 30, None),
            ("0001", "G1", "ЕГЭ", "Математика (профильная)", 40, None),
            ("0001", "G1", "ЕГЭ", "Физика", 50, None),
            # G2 passes Russian, fails social studies (30 < 42), base maths «4» → 2 passed, 1 failed
            ("0001", "G2", "ЕГЭ", "Русский язык", 60, None),
            ("0001", "G2", "ЕГЭ", "Обществознание", 30, None),
            ("0001", "G2", "ЕГЭ", "Математика (базовая)", None, 4),
            # 0002: G3 passes Russian; an ОГЭ row is not a graduate's
            ("0002", "G3", "ЕГЭ", "Русский язык", 70, None),
            ("0002", "N1", "ОГЭ", "Математика", None, 2),
        ],
        schema=["org_code", "participant_code", "exam", "subject", "test_score", "mark"],
        orient="row",
    )

    out = {row["org_code"]: row for row in career_indicators(gia).iter_rows(named=True)}

    assert out["0001"]["ege_three_subjects_share"] == 50  # G1 of G1, G2
    assert out["0001"]["ege_all_passed_share"] == 50  # G1
    assert (out["0002"]["ege_three_subjects_share"], out["0002"]["ege_all_passed_share"]) == (0, 100)
    assert out["МО"]["ege_three_subjects_share"] == pytest.approx(100 / 3)  # G1 of three
    assert out["МО"]["ege_all_passed_share"] == pytest.approx(200 / 3)  # G1, G3


def test_diagnostics_coverage_and_courses_addressing_the_deficits():
    from datetime import date

    from msoko.analytics.teachers import development_indicators

    teachers = pl.DataFrame(
        [("T1", "0001"), ("T2", "0001"), ("T3", "0001"), ("T4", "0002")],
        schema=["code", "org_code"],
        orient="row",
    )
    courses = pl.DataFrame(
        [
            # T1: diagnosed 10.10.2024 with «Дроби; Геометрия», then a course on «геометрия » → matched
            ("T1", "diagnostics", date(2024, 10, 10), "Дроби; Геометрия"),
            ("T1", "course", date(2025, 2, 1), "геометрия "),
            # T2: diagnosed with «Текст», a course on «Текст» taken BEFORE the diagnostic → not matched
            ("T2", "course", date(2024, 9, 5), "Текст"),
            ("T2", "diagnostics", date(2024, 11, 1), "Текст"),
            # T3: no diagnostic this year (one in the previous year does not count)
            ("T3", "diagnostics", date(2024, 5, 1), "Дроби"),
            # T4 (0002): diagnosed without deficits
            ("T4", "diagnostics", date(2025, 3, 1), ""),
        ],
        schema=["teacher_code", "kind", "date", "deficits"],
        orient="row",
    )

    out = {
        row["org_code"]: row
        for row in development_indicators(
            teachers, courses, start=date(2024, 9, 1), end=date(2025, 8, 31)
        ).iter_rows(named=True)
    }

    assert out["0001"]["diagnostics_coverage"] == pytest.approx(200 / 3)  # T1, T2 of three
    assert out["0001"]["courses_for_deficits_share"] == 50  # T1 of T1, T2
    assert (out["0002"]["diagnostics_coverage"], out["0002"]["courses_for_deficits_share"]) == (100, None)
    assert out["МО"]["diagnostics_coverage"] == 75  # three of four
    assert out["МО"]["courses_for_deficits_share"] == 50


def test_stage_participation_per_100_pupils_and_missed_subjects():
    students = pl.DataFrame({"org_code": ["0001", "0002"], "students": [300, 100]})

    out = {row["org_code"]: row for row in talents_indicators(OLYMPIAD, students).iter_rows(named=True)}

    # municipal pairs: 0001 three (P1 maths, P1 physics, P2 maths), 0002 one; school stage: 0002 one
    assert (out["0001"]["municipal_stage_per_100"], out["0001"]["school_stage_per_100"]) == (1, 0)
    assert (out["0002"]["municipal_stage_per_100"], out["0002"]["school_stage_per_100"]) == (1, 1)
    assert out["МО"]["municipal_stage_per_100"] == 1  # 4 of 400 pupils
    assert out["МО"]["school_stage_per_100"] == 0.25  # 1 of 400
    # the municipal stage had maths and physics: 0001 took both, 0002 missed physics
    assert (out["0001"]["subjects_without_municipal"], out["0002"]["subjects_without_municipal"]) == (0, 1)
    assert out["МО"]["subjects_without_municipal"] is None

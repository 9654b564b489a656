"""Direction 7's page figures on small frames worked out by hand (pure Polars, no database)."""

from __future__ import annotations

from datetime import date

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from msoko.directions.teachers.analysis import (
    courses_by_title,
    deficit_frequency,
    diagnostics_by_title,
    mentoring_rows,
    school_figures,
)

START, END = date(2024, 9, 1), date(2025, 8, 31)
# 0001: A1 «учитель» highest 50; A2 «Учитель » first 30 with a mentor; A3 «учитель» none 25;
#       A4 a deputy, highest, 45 (counted in the staff, not among «учитель»)
# 0002: B1 «учитель» conformity 28 with a mentor; B2 «учитель» with no category given, age unknown
TEACHERS = pl.DataFrame(
    [
        ("A1", "0001", "учитель", "highest", 50, None),
        ("A2", "0001", "Учитель ", "first", 30, 1),
        ("A3", "0001", "учитель", "none", 25, None),
        ("A4", "0001", "заместитель директора", "highest", 45, None),
        ("B1", "0002", "учитель", "conformity", 28, 1),
        ("B2", "0002", "учитель", "", None, None),
    ],
    schema=["code", "org_code", "position", "category", "age", "mentor_id"],
    orient="row",
)
COURSE_SCHEMA = {
    "teacher_code": pl.String,
    "kind": pl.String,
    "title": pl.String,
    "hours": pl.Int64,
    "date": pl.Date,
    "result_percent": pl.Float64,
    "deficits": pl.String,
}
DIAG = "Диагностика компетенций"
COURSES = pl.DataFrame(
    [
        # A1: deficits «Дроби; Геометрия», then a course naming «геометрия » → addressed
        ("A1", "diagnostics", DIAG, None, date(2024, 10, 10), 60.0, "Дроби; Геометрия"),
        ("A1", "course", "Геометрия в школе", 36, date(2024, 12, 1), None, "геометрия "),
        # A2: diagnosed without deficits; the same course
        ("A2", "diagnostics", DIAG, None, date(2024, 10, 10), 80.0, ""),
        ("A2", "course", "Геометрия в школе", 36, date(2025, 2, 1), None, None),
        # B1: «Дроби», a course BEFORE the diagnostic does not address it; a course with no hours
        ("B1", "course", "Дроби и проценты", None, date(2024, 9, 5), None, "Дроби"),
        ("B1", "diagnostics", DIAG, None, date(2024, 10, 15), 40.0, "Дроби"),
        # X9 is not in this year's registry: nowhere
        ("X9", "course", "Геометрия в школе", 36, date(2024, 12, 1), None, ""),
    ],
    schema=COURSE_SCHEMA,
    orient="row",
)
REGISTRY = TEACHERS.select(pl.col("code").alias("teacher_code"), "org_code")


def _by_org(frame: pl.DataFrame) -> dict[str, dict]:
    return {row["org_code"]: row for row in frame.iter_rows(named=True)}


def test_school_figures_count_categories_courses_and_young_teachers():
    out = _by_org(school_figures(TEACHERS, COURSES, start=START, end=END))

    assert list(out) == ["0001", "0002", "МО"]
    a, b, mo = out["0001"], out["0002"], out["МО"]
    # 0001: 4 staff, 3 «учитель»; highest A1, A4; first A2; none A3
    assert (a["staff"], a["teachers"], a["highest"], a["first"], a["conformity"], a["no_category"]) == (
        4, 3, 2, 1, 0, 1,
    )  # fmt: skip
    # 0002: B1 conformity; B2 with no category given counts as «без категории»
    assert (b["staff"], b["teachers"], b["conformity"], b["no_category"]) == (2, 2, 1, 1)
    # courses: 0001 — A1 and A2, 36 h each; 0002 — B1's course without hours
    assert (a["course_teachers"], a["courses"], a["course_hours"]) == (2, 2, 72)
    assert (b["course_teachers"], b["courses"], b["course_hours"]) == (1, 1, 0)
    assert (mo["course_teachers"], mo["courses"], mo["course_hours"]) == (3, 3, 72)
    # young (< 35): 0001 — A2 (mentored), A3; 0002 — B1 (mentored); B2's age is unknown
    assert (a["young"], a["young_mentored"], b["young"], b["young_mentored"]) == (2, 1, 1, 1)
    assert (mo["diagnosed"], mo["young"], mo["young_mentored"]) == (3, 3, 2)


def test_school_figures_carry_the_indicators_values():
    out = _by_org(school_figures(TEACHERS, COURSES, start=START, end=END))

    # category_share over «учитель»: 0001 — A1, A2 of A1..A3; 0002 — none of B1, B2; МО — 2 of 5
    assert out["0001"]["category_share"] == pytest.approx(200 / 3)
    assert out["0002"]["category_share"] == 0
    assert out["МО"]["category_share"] == 40
    # diagnostics: 0001 — A1, A2 of 4; 0002 — B1 of 2; МО — 3 of 6
    assert (out["0001"]["diagnostics_coverage"], out["0002"]["diagnostics_coverage"]) == (50, 50)
    assert out["МО"]["diagnostics_coverage"] == 50
    # deficits: A1 addressed by a later course, B1's course came before → 0001 100, 0002 0, МО 50
    assert out["0001"]["courses_for_deficits_share"] == 100
    assert out["0002"]["courses_for_deficits_share"] == 0
    assert out["МО"]["courses_for_deficits_share"] == 50
    # young with a mentor: 0001 — 1 of 2; 0002 — 1 of 1; МО — 2 of 3
    assert out["МО"]["young_with_mentor_share"] == pytest.approx(200 / 3)


def test_courses_by_title_counts_teachers_hours_and_schools_of_the_registry_only():
    got = courses_by_title(COURSES, REGISTRY)

    # «Геометрия в школе»: A1, A2 of 0001 (X9 is not in the registry), 36 + 36 h;
    # «Дроби и проценты» gives no hours: none, not 0
    expected = pl.DataFrame(
        {
            "title": ["Геометрия в школе", "Дроби и проценты"],
            "teachers": [2, 1],
            "courses": [2, 1],
            "hours": [72, None],
            "schools": [1, 1],
            "by_school": ["0001 — 2", "0002 — 1"],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_diagnostics_by_title_gives_the_mean_result_and_teachers_with_deficits():
    got = diagnostics_by_title(COURSES, REGISTRY)

    # A1 60, A2 80, B1 40 → 60; deficits named for A1 and B1
    expected = pl.DataFrame({"title": [DIAG], "teachers": [3], "mean_result": [60.0], "with_deficits": [2]})
    assert_frame_equal(got, expected, check_dtypes=False)


def test_deficit_frequency_counts_teachers_and_those_addressed_after_the_diagnostic():
    got = deficit_frequency(COURSES, REGISTRY)

    # «Дроби»: A1, B1 — neither took a course on it after the diagnostic (B1's came before);
    # «Геометрия»: A1, addressed by «геометрия » on 01.12.2024
    expected = pl.DataFrame({"deficit": ["Дроби", "Геометрия"], "teachers": [2, 1], "addressed": [0, 1]})
    assert_frame_equal(got, expected, check_dtypes=False)


def test_mentoring_rows_list_pairs_and_the_young_without_a_mentor():
    mentors = pl.DataFrame(
        {"code": ["A2", "B1"], "mentor_code": ["A1", "A1"], "mentor_org_code": ["0001", "0001"]}
    )

    got = mentoring_rows(TEACHERS, mentors)

    # 0001: A3 (25, no mentor) first, then A2 with A1; 0002: B1 mentored from another school
    expected = pl.DataFrame(
        {
            "code": ["A3", "A2", "B1"],
            "age": [25, 30, 28],
            "org_code": ["0001", "0001", "0002"],
            "young": [True, True, True],
            "mentor_code": [None, "A1", "A1"],
            "mentor_org_code": [None, "0001", "0001"],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_an_empty_year_of_courses_leaves_counts_at_zero():
    no_courses = pl.DataFrame(schema=COURSE_SCHEMA)

    out = _by_org(school_figures(TEACHERS, no_courses, start=START, end=END))

    assert (out["МО"]["courses"], out["МО"]["diagnosed"], out["МО"]["diagnostics_coverage"]) == (0, 0, 0)
    assert out["МО"]["courses_for_deficits_share"] is None  # no diagnostic named a deficit
    assert courses_by_title(no_courses, REGISTRY).is_empty()
    assert deficit_frequency(no_courses, REGISTRY).is_empty()

"""The demo world: reproducible from a seed and shaped like a real municipality."""

import polars as pl
from polars.testing import assert_frame_equal

from msoko.demo.generator import SCHOOL_YEARS, generate_world


def test_same_seed_gives_the_same_world_and_another_seed_another():
    first, again, other = generate_world(11), generate_world(11), generate_world(12)

    assert_frame_equal(first.enrollments, again.enrollments)
    assert_frame_equal(first.teachers, again.teachers)
    assert not first.organizations.equals(other.organizations)


def test_organisation_mix_is_about_25_schools_8_preschools_2_additional():
    kinds = generate_world(1).organizations["kind"].value_counts().sort("kind")

    assert dict(kinds.iter_rows()) == {"additional": 2, "preschool": 8, "school": 25}


def test_schools_range_from_a_large_gymnasium_to_rural_schools_with_a_handful_per_grade():
    world = generate_world(3)
    last = world.enrollments.filter(pl.col("school_year") == SCHOOL_YEARS[-1])
    per_grade = last.group_by("org_code", "grade").len()

    gymnasium = per_grade.filter(pl.col("org_code") == "0101", pl.col("grade") <= 9)["len"]
    smallest = per_grade.group_by("org_code").agg(pl.col("len").median()).sort("len")["len"][0]
    assert gymnasium.min() >= 50  # three or four classes of 25–29 in grades 1–9
    assert smallest <= 8  # a rural basic school: a handful of pupils per grade


def test_social_context_varies_and_follows_locality():
    orgs = generate_world(5).organizations.filter(pl.col("kind") == "school")

    means = orgs.group_by("locality").agg(pl.col("low_income_share").mean()).sort("locality")
    rural, urban = means["low_income_share"].to_list()
    assert rural > urban
    assert orgs["higher_education_parents_share"].std() > 5


def test_students_move_up_a_grade_each_year():
    enrollments = generate_world(8).enrollments
    first = enrollments.filter(pl.col("school_year") == SCHOOL_YEARS[0]).select("student_code", g0="grade")
    second = enrollments.filter(pl.col("school_year") == SCHOOL_YEARS[1]).select("student_code", g1="grade")

    moved = first.join(second, on="student_code")

    assert moved.height > 0.8 * first.height
    assert (moved["g1"] - moved["g0"] == 1).all()


def test_young_teachers_have_experienced_mentors_in_their_own_organisation():
    teachers = generate_world(9).teachers.filter(pl.col("school_year") == SCHOOL_YEARS[-1])
    mentors = teachers.select(
        mentor_code="code",
        mentor_org="org_code",
        mentor_experience="experience_years",
        mentor_category="category",
    )

    pairs = teachers.filter(pl.col("mentor_code").is_not_null()).join(mentors, on="mentor_code")

    assert pairs.height > 20
    assert (pairs["experience_years"] < 3).all()
    assert (pairs["org_code"] == pairs["mentor_org"]).all()
    assert (pairs["mentor_experience"] >= 10).all()

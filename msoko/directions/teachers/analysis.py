"""Direction 7's page figures: pure Polars over the teachers' registry and their courses.

No Django here (the selectors read the frames). Inputs:

* ``teachers`` — the registry of one school year (``registry.selectors.teachers_frame``): ``code``,
  ``org_code``, ``position``, ``category``, ``age``, ``mentor_id``;
* ``courses`` — courses and diagnostics dated within that school year: ``teacher_code``, ``kind``
  (:data:`COURSE` or :data:`DIAGNOSTIC`), ``title``, ``hours``, ``date``, ``result_percent``,
  ``deficits`` («;» between them).

A course or diagnostic counts for the school whose registry of the year lists the teacher, as in
the indicators (msoko/analytics/teachers.py; docs/methodology.md#teachers-indicators).
"""

from __future__ import annotations

from datetime import date

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, municipality
from msoko.analytics.columns import C
from msoko.analytics.teachers import (
    COURSE,
    DIAGNOSTIC,
    TEACHER,
    YOUNG_AGE,
    development_indicators,
    teachers_indicators,
)

#: the categories counted apart; anything else (``none``, blank) is «без категории»
CATEGORIES = ("highest", "first", "conformity")
#: how many deficits the page lists
TOP_DEFICITS = 15

_SCHOOL_COUNTS = (
    "staff",
    "teachers",
    "highest",
    "first",
    "conformity",
    "no_category",
    "diagnosed",
    "course_teachers",
    "courses",
    "course_hours",
    "young",
    "young_mentored",
)


def school_figures(
    teachers: pl.DataFrame, courses: pl.DataFrame, *, start: date, end: date, young_age: int = YOUNG_AGE
) -> pl.DataFrame:
    """One row per organisation of the registry, then «МО» (all of them).

    Counts: ``staff`` (everyone in the registry), ``teachers`` (position «учитель»), ``highest``,
    ``first``, ``conformity``, ``no_category`` (``none`` or not given) over the whole staff;
    ``diagnosed`` (a diagnostic in the year), ``course_teachers`` (a course in the year),
    ``courses`` and ``course_hours`` (a course without hours adds none), ``young`` (younger than
    ``young_age``) and ``young_mentored``. Shares (0–100) are the indicators' own functions, so
    they equal ``teachers.*``: ``category_share`` (over «учитель» only), ``young_with_mentor_share``,
    ``diagnostics_coverage`` and ``courses_for_deficits_share``.
    """
    in_year = courses.filter(pl.col("date").is_between(start, end))
    taken = (
        in_year.filter(pl.col("kind") == COURSE)
        .group_by("teacher_code")
        .agg(pl.len().alias("courses"), pl.col("hours").sum().alias("course_hours"))
    )
    diagnosed = (
        in_year.filter(pl.col("kind") == DIAGNOSTIC)
        .select("teacher_code")
        .unique()
        .with_columns(pl.lit(True).alias("diagnosed"))
    )
    category = pl.col("category").fill_null("")
    young = (pl.col("age") < young_age).fill_null(False)
    per_teacher = (
        teachers.select(
            pl.col("code").alias("teacher_code"),
            C.ORG_CODE,
            (pl.col("position").str.strip_chars().str.to_lowercase() == TEACHER).alias("is_teacher"),
            category.alias("category"),
            young.alias("young"),
            (young & pl.col("mentor_id").is_not_null()).alias("young_mentored"),
        )
        .join(taken, on="teacher_code", how="left")
        .join(diagnosed, on="teacher_code", how="left")
        .with_columns(pl.col("courses", "course_hours").fill_null(0), pl.col("diagnosed").fill_null(False))
    )
    both = pl.concat([per_teacher, municipality(per_teacher)])
    counts = both.group_by(C.ORG_CODE).agg(
        pl.len().alias("staff"),
        pl.col("is_teacher").sum().alias("teachers"),
        *((pl.col("category") == key).sum().alias(key) for key in CATEGORIES),
        (~pl.col("category").is_in(CATEGORIES)).sum().alias("no_category"),
        pl.col("diagnosed").sum().alias("diagnosed"),
        (pl.col("courses") > 0).sum().alias("course_teachers"),
        pl.col("courses").sum().alias("courses"),
        pl.col("course_hours").sum().alias("course_hours"),
        pl.col("young").sum().alias("young"),
        pl.col("young_mentored").sum().alias("young_mentored"),
    )
    shares = teachers_indicators(teachers, young_age=young_age).join(
        development_indicators(teachers, in_year, start=start, end=end), on=C.ORG_CODE, how="left"
    )
    return (
        counts.join(shares, on=C.ORG_CODE, how="left")
        .with_columns(pl.col(list(_SCHOOL_COUNTS)).cast(pl.Int64))
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )


def courses_by_title(courses: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """One row per course title taken by the ``registry``'s teachers (``teacher_code``,
    ``org_code``): ``teachers`` who took it, ``courses`` (rows), ``hours`` in all (null when no
    row gives them), ``schools`` and ``by_school`` («0001 — 3, 0002 — 1»: teachers per
    organisation, by code). Most taken first, then by title."""
    taken = courses.filter(pl.col("kind") == COURSE).join(registry, on="teacher_code", how="inner")
    per_school = (
        taken.group_by("title", C.ORG_CODE)
        .agg(pl.col("teacher_code").n_unique().alias("n"))
        .sort("title", C.ORG_CODE)
        .group_by("title", maintain_order=True)
        .agg(pl.format("{} — {}", C.ORG_CODE, "n").str.join(", ").alias("by_school"))
    )
    return (
        taken.group_by("title")
        .agg(
            pl.col("teacher_code").n_unique().alias("teachers"),
            pl.len().alias("courses"),
            # null, not 0, when no row gives the hours
            pl.when(pl.col("hours").is_not_null().any()).then(pl.col("hours").sum()).alias("hours"),
            pl.col(C.ORG_CODE).n_unique().alias("schools"),
        )
        .join(per_school, on="title", how="left")
        .sort("teachers", "title", descending=[True, False])
    )


def diagnostics_by_title(courses: pl.DataFrame, registry: pl.DataFrame) -> pl.DataFrame:
    """One row per diagnostic title: ``teachers`` diagnosed, ``mean_result`` (mean «Результат, %»
    of the rows that give one; null when none does), ``with_deficits`` (teachers it named a
    deficit for). Most taken first, then by title."""
    rows = courses.filter(pl.col("kind") == DIAGNOSTIC).join(registry, on="teacher_code", how="inner")
    named = pl.col("deficits").fill_null("").str.replace_all(r"[;\s]", "") != ""
    return (
        rows.group_by("title")
        .agg(
            pl.col("teacher_code").n_unique().alias("teachers"),
            pl.col("result_percent").mean().alias("mean_result"),
            pl.col("teacher_code").filter(named).n_unique().alias("with_deficits"),
        )
        .sort("teachers", "title", descending=[True, False])
    )


def deficit_frequency(
    courses: pl.DataFrame, registry: pl.DataFrame, *, top: int = TOP_DEFICITS
) -> pl.DataFrame:
    """The deficits diagnostics named most often: ``deficit`` (its most frequent spelling),
    ``teachers`` it was named for, ``addressed`` — of them, how many took a course naming the
    same deficit on or after the diagnostic.

    Deficits are compared as the indicator ``teachers.courses_for_deficits_share`` compares them
    (case and spaces folded); the indicator counts a teacher once, here a teacher counts under
    each deficit named. At most ``top`` rows, most frequent first, then alphabetically.
    """
    scoped = courses.join(registry, on="teacher_code", how="inner")
    named = _named_deficits(scoped.filter(pl.col("kind") == DIAGNOSTIC)).rename({"date": "diagnosed"})
    covered = _named_deficits(scoped.filter(pl.col("kind") == COURSE)).select("teacher_code", "key", "date")
    addressed = (
        named.join(covered, on=["teacher_code", "key"], how="inner")
        .filter(pl.col("date") >= pl.col("diagnosed"))
        .select("teacher_code", "key")
        .unique()
        .with_columns(pl.lit(True).alias("addressed"))
    )
    per_teacher = (
        named.group_by("teacher_code", "key")
        .agg(pl.col("label").sort().first())
        .join(addressed, on=["teacher_code", "key"], how="left")
    )
    return (
        per_teacher.group_by("key")
        .agg(
            pl.col("label").mode().sort().first().alias("deficit"),
            pl.len().alias("teachers"),
            pl.col("addressed").fill_null(False).sum().alias("addressed"),
        )
        .sort("teachers", "key", descending=[True, False])
        .head(top)
        .select("deficit", pl.col("teachers").cast(pl.Int64), pl.col("addressed").cast(pl.Int64))
    )


def mentoring_rows(
    teachers: pl.DataFrame, mentors: pl.DataFrame, *, young_age: int = YOUNG_AGE
) -> pl.DataFrame:
    """Every mentee with their mentor, and every young teacher still without one.

    ``teachers``: the registry (``code``, ``org_code``, ``age``); ``mentors``: ``code`` (the
    mentee), ``mentor_code``, ``mentor_org_code``. Output: ``code``, ``age``, ``org_code``,
    ``young``, ``mentor_code`` and ``mentor_org_code`` (null without a mentor), by school, the
    unmentored young first, then by mentee code.
    """
    return (
        teachers.select("code", "age", C.ORG_CODE)
        .join(mentors, on="code", how="left")
        .with_columns((pl.col("age") < young_age).fill_null(False).alias("young"))
        .filter(pl.col("mentor_code").is_not_null() | pl.col("young"))
        .sort(C.ORG_CODE, pl.col("mentor_code").is_not_null(), "code")
        .select("code", "age", C.ORG_CODE, "young", "mentor_code", "mentor_org_code")
    )


def _named_deficits(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per deficit a row names: ``teacher_code``, ``date``, ``label`` (as written, spaces
    collapsed) and ``key`` (``label`` in lower case: the comparison key)."""
    return (
        rows.select("teacher_code", "date", pl.col("deficits").fill_null("").str.split(";").alias("label"))
        .explode("label")
        .with_columns(pl.col("label").str.strip_chars().str.replace_all(r"\s+", " "))
        .filter(pl.col("label") != "")
        .with_columns(pl.col("label").str.to_lowercase().alias("key"))
    )

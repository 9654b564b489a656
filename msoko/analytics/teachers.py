"""Direction 7 (teachers): indicators of the teachers' registry of a year, per school and «МО».

Input grain: one row per teacher of the `teachers` import of one school year: ``org_code``,
``position`` (as written), ``category`` (``none``, ``conformity``, ``first``, ``highest`` or
empty), ``age`` (may be null) and ``mentor_id`` (null without a mentor)
(docs/methodology.md#teachers-indicators).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, municipality
from msoko.analytics.columns import C

TEACHER = "учитель"
DIAGNOSTIC, COURSE = "diagnostics", "course"  # the kinds of a `courses` row as stored
QUALIFIED = ("first", "highest")
#: «молодой педагог» — under this age (a setting: MSOKO_YOUNG_TEACHER_AGE)
YOUNG_AGE = 35


def teachers_indicators(teachers: pl.DataFrame, *, young_age: int = YOUNG_AGE) -> pl.DataFrame:
    """``org_code`` (each school, then «МО») with:

    * ``category_share`` — % of those whose position is «учитель» who hold the first or the
      highest category (spec: teachers.category_share); null in a school with no «учитель»;
    * ``young_with_mentor_share`` — % of teachers younger than ``young_age`` who have a mentor;
      null where nobody is that young (or no age is given).
    """
    frame = teachers.with_columns(
        (pl.col("position").str.strip_chars().str.to_lowercase() == TEACHER).alias("is_teacher"),
        (pl.col("age") < young_age).fill_null(False).alias("young"),
    )
    both = pl.concat([frame, municipality(frame)])
    is_teacher, young = pl.col("is_teacher"), pl.col("young")
    return (
        both.group_by(C.ORG_CODE, maintain_order=True)
        .agg(
            is_teacher.sum().alias("teachers"),
            (is_teacher & pl.col("category").is_in(QUALIFIED)).sum().alias("qualified"),
            young.sum().alias("young"),
            (young & pl.col("mentor_id").is_not_null()).sum().alias("young_mentored"),
        )
        .select(
            C.ORG_CODE,
            pl.when(pl.col("teachers") > 0)
            .then(pl.col("qualified") / pl.col("teachers") * 100)
            .alias("category_share"),
            pl.when(pl.col("young") > 0)
            .then(pl.col("young_mentored") / pl.col("young") * 100)
            .alias("young_with_mentor_share"),
        )
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )


def development_indicators(teachers: pl.DataFrame, courses: pl.DataFrame, *, start, end) -> pl.DataFrame:
    """``org_code`` (each school, then «МО») with, for the school year [``start``, ``end``]:

    * ``diagnostics_coverage`` — % of the registry's teachers with a diagnostic in the year;
    * ``courses_for_deficits_share`` — of those whose diagnostic named deficits, % with a course
      dated from that diagnostic to the year's end that names one of the same deficits (written
      alike up to case and spaces); null where no diagnostic named a deficit.

    ``teachers``: the registry (``code``, ``org_code``); ``courses``: ``teacher_code``, ``kind``
    (:data:`DIAGNOSTIC` or :data:`COURSE`), ``date``, ``deficits`` (text, «;» between them).
    """
    in_year = courses.filter(pl.col("date").is_between(start, end))
    diagnostics = in_year.filter(pl.col("kind") == DIAGNOSTIC)
    named = _deficits(diagnostics).rename({"date": "diagnosed"})
    later = _deficits(courses.filter((pl.col("kind") == COURSE) & (pl.col("date") <= end)))
    matched = (
        named.join(later, on=["teacher_code", "deficit"], how="inner", suffix="_course")
        .filter(pl.col("date") >= pl.col("diagnosed"))
        .select("teacher_code")
        .unique()
        .with_columns(pl.lit(True).alias("matched"))
    )
    registry = teachers.select(pl.col("code").alias("teacher_code"), C.ORG_CODE).unique()
    per_teacher = (
        registry.join(
            diagnostics.select("teacher_code").unique().with_columns(pl.lit(True).alias("diagnosed")),
            on="teacher_code",
            how="left",
        )
        .join(
            named.select("teacher_code").unique().with_columns(pl.lit(True).alias("deficient")),
            on="teacher_code",
            how="left",
        )
        .join(matched, on="teacher_code", how="left")
        .with_columns(pl.col("diagnosed", "deficient", "matched").fill_null(False))
    )
    both = pl.concat([per_teacher, municipality(per_teacher)])
    return (
        both.group_by(C.ORG_CODE, maintain_order=True)
        .agg(
            (pl.col("diagnosed").mean() * 100).alias("diagnostics_coverage"),
            pl.col("deficient").sum().alias("deficient"),
            (pl.col("deficient") & pl.col("matched")).sum().alias("matched"),
        )
        .select(
            C.ORG_CODE,
            "diagnostics_coverage",
            pl.when(pl.col("deficient") > 0)
            .then(pl.col("matched") / pl.col("deficient") * 100)
            .alias("courses_for_deficits_share"),
        )
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )


def _deficits(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per named deficit: ``teacher_code``, ``date``, ``deficit`` (case and spaces folded)."""
    return (
        rows.select("teacher_code", "date", pl.col("deficits").fill_null("").str.split(";").alias("deficit"))
        .explode("deficit")
        .with_columns(pl.col("deficit").str.strip_chars().str.to_lowercase().str.replace_all(r"\s+", " "))
        .filter(pl.col("deficit") != "")
    )

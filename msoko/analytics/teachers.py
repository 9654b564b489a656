"""Direction 7 (teachers): indicators of the teachers' registry of a year, per school and «МО».

Input grain: one row per teacher of the `teachers` import of one school year: ``org_code``,
``position`` (as written), ``category`` (``none``, ``conformity``, ``first``, ``highest`` or
empty), ``age`` (may be null) and ``mentor_id`` (null without a mentor)
(docs/methodology.md#teachers-indicators).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY
from msoko.analytics.columns import C

TEACHER = "учитель"
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
    both = pl.concat([frame, frame.with_columns(pl.lit(MUNICIPALITY).alias(C.ORG_CODE))])
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

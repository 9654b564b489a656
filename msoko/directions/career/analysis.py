"""Direction 4's page figures: the graduates' ЕГЭ, pure Polars over the ГИА frame of a year.

Input: ``assessments.selectors.gia_frame`` — one row per participant × exam × subject with
``org_code``, ``participant_code``, ``exam``, ``subject``, ``test_score``, ``mark``. Only ЕГЭ
rows count; a graduate is an ЕГЭ participant code. A subject is passed or failed by the rule of
the indicators (``analytics.gia.failed_expr``): the ЕГЭ minimum test score, «2» in базовая
математика, neither way where the minimum is unknown (docs/methodology.md#career-indicators).
Every output has the schools by code and then «МО», where a graduate counts once.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, municipality
from msoko.analytics.career import career_indicators
from msoko.analytics.columns import C
from msoko.analytics.gia import BASE_MATH, EGE_MINIMUM, failed_expr

EGE = "ЕГЭ"
PROFILE_MATH = "Математика (профильная)"
#: the buckets of «how many ЕГЭ subjects a graduate took»; the last one is «and more»
SUBJECT_BUCKETS = (1, 2, 3, 4, 5)


def ege_rows(gia: pl.DataFrame, *, minimums: Mapping[str, int] = EGE_MINIMUM) -> pl.DataFrame:
    """The ЕГЭ rows with ``failed`` (null where the subject's minimum is unknown), each school's
    then the municipality's (a graduate × subject once, whatever schools the rows name)."""
    ege = gia.filter(pl.col("exam") == EGE).with_columns(failed_expr(minimums).alias("failed"))
    municipal = municipality(ege.unique([C.PARTICIPANT, C.SUBJECT], keep="first", maintain_order=True))
    return pl.concat([ege, municipal])


def graduate_figures(gia: pl.DataFrame, *, minimums: Mapping[str, int] = EGE_MINIMUM) -> pl.DataFrame:
    """One row per school, then «МО»: ``graduates`` (ЕГЭ participants), ``subjects_mean``
    (subjects per graduate), ``any_failed`` (graduates below the minimum in at least one
    subject), ``profile_math`` (graduates who took профильная математика), ``subjects_1`` …
    ``subjects_5`` (graduates by the number of subjects taken; ``subjects_5`` is five or more)
    and the indicators ``ege_three_subjects_share`` and ``ege_all_passed_share`` (0–100), from
    ``analytics.career.career_indicators`` itself."""
    per_graduate = (
        ege_rows(gia, minimums=minimums)
        .group_by(C.ORG_CODE, C.PARTICIPANT)
        .agg(
            pl.col(C.SUBJECT).n_unique().alias("subjects"),
            pl.col("failed").fill_null(False).any().alias("any_failed"),
            (pl.col(C.SUBJECT) == PROFILE_MATH).any().alias("profile_math"),
        )
    )
    last = SUBJECT_BUCKETS[-1]
    buckets = [
        (pl.col("subjects") >= n if n == last else pl.col("subjects") == n).sum().alias(f"subjects_{n}")
        for n in SUBJECT_BUCKETS
    ]
    figures = per_graduate.group_by(C.ORG_CODE).agg(
        pl.len().alias("graduates"),
        pl.col("subjects").mean().alias("subjects_mean"),
        pl.col("any_failed").sum().alias("any_failed"),
        pl.col("profile_math").sum().alias("profile_math"),
        *buckets,
    )
    counts = ["graduates", "any_failed", "profile_math", *(f"subjects_{n}" for n in SUBJECT_BUCKETS)]
    return (
        figures.with_columns(pl.col(counts).cast(pl.Int64))
        .join(career_indicators(gia, minimums=minimums), on=C.ORG_CODE, how="left")
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )


def subject_choice(gia: pl.DataFrame, *, minimums: Mapping[str, int] = EGE_MINIMUM) -> pl.DataFrame:
    """One row per school (then «МО») × ЕГЭ subject: ``chose`` (graduates who took it),
    ``chose_share`` (% of the school's graduates), ``minimum`` (the subject's minimum test score,
    null for базовая математика and unknown ones), ``mean_score`` (the mean test score; for
    базовая математика the mean mark, ``by_mark`` true), ``below_minimum_share`` (% of those who
    took it below the minimum; null where the minimum is unknown). Most chosen first."""
    rows = ege_rows(gia, minimums=minimums)
    graduates = rows.group_by(C.ORG_CODE).agg(pl.col(C.PARTICIPANT).n_unique().alias("graduates"))
    by_mark = pl.col(C.SUBJECT) == BASE_MATH
    return (
        rows.group_by(C.ORG_CODE, C.SUBJECT)
        .agg(
            pl.col(C.PARTICIPANT).n_unique().alias("chose"),
            pl.when(by_mark).then(pl.col(C.MARK)).otherwise(pl.col(C.TEST_SCORE)).mean().alias("mean_score"),
            (pl.col("failed").mean() * 100).alias("below_minimum_share"),
        )
        .join(graduates, on=C.ORG_CODE, how="left")
        .with_columns(
            pl.col("chose").cast(pl.Int64),
            (pl.col("chose") / pl.col("graduates") * 100).alias("chose_share"),
            pl.col(C.SUBJECT)
            .replace_strict(dict(minimums), default=None, return_dtype=pl.Int64)
            .alias("minimum"),
            by_mark.alias("by_mark"),
        )
        .sort(
            pl.col(C.ORG_CODE) == MUNICIPALITY,
            C.ORG_CODE,
            "chose",
            C.SUBJECT,
            descending=[False, False, True, False],
        )
        .select(
            C.ORG_CODE,
            C.SUBJECT,
            "chose",
            "chose_share",
            "minimum",
            "mean_score",
            "by_mark",
            "below_minimum_share",
        )
    )


def subject_count_distribution(figures: pl.DataFrame) -> pl.DataFrame:
    """:func:`graduate_figures`' buckets in long form: ``org_code``, ``label`` («1» … «5 и
    более»), ``n`` (graduates) and ``share`` (% of the organisation's graduates), in bucket order."""
    last = SUBJECT_BUCKETS[-1]
    labels = {f"subjects_{n}": f"{n} и более" if n == last else str(n) for n in SUBJECT_BUCKETS}
    return (
        figures.unpivot(list(labels), index=[C.ORG_CODE, "graduates"], variable_name="bucket", value_name="n")
        .with_columns(
            pl.col("bucket").replace_strict(labels).alias("label"),
            (pl.col("n") / pl.col("graduates") * 100).alias("share"),
        )
        .select(C.ORG_CODE, "label", "n", "share")
    )

"""ГИА indicators (spec/cli.md, `gia.*`): per organisation × exam × subject, and the municipality.

Input grain: one row per participant of one exam in one subject, with columns exam, subject,
primary_score, test_score, mark, annual_mark, medal_candidate and the grouping columns.
Percentages are 0–100.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

#: ЕГЭ minimum test scores (Rosobrnadzor; shared/domain/methodology.md §5.3), a setting per region/year
EGE_MINIMUM = {
    "Русский язык": 24,
    "Математика (профильная)": 27,
    "Физика": 36,
    "Химия": 36,
    "Биология": 36,
    "Информатика": 40,
    "Информатика и ИКТ": 40,
    "История": 32,
    "Литература": 32,
    "География": 37,
    "Обществознание": 42,
    "Английский язык": 22,
    "Немецкий язык": 22,
    "Французский язык": 22,
    "Испанский язык": 22,
    "Китайский язык": 17,
}
#: a medal candidate confirms the medal with at least this ЕГЭ score in a subject (order № 730, gold: 70)
MEDAL_CONFIRMATION_SCORE = 70
HIGH_SCORE_FROM = 81  # «высокобалльники»: 81–100 (spec/cli.md)
BASE_MATH = "Математика (базовая)"


def failed_expr(minimums: Mapping[str, int] = EGE_MINIMUM) -> pl.Expr:
    """Whether a ГИА participant did not pass: «2» (ОГЭ, ГВЭ, ЕГЭ базовая) or a ЕГЭ test score
    below the subject's minimum (null for a subject with no known minimum)."""
    scored = (pl.col("exam") == "ЕГЭ") & (pl.col("subject") != BASE_MATH)
    minimum = pl.col("subject").replace_strict(dict(minimums), default=None, return_dtype=pl.Int64)
    return (
        pl.when(scored)
        .then(pl.when(minimum.is_not_null()).then(pl.col("test_score") < minimum))
        .otherwise(pl.col("mark") == 2)
    )


def gia_indicators(
    gia: pl.DataFrame,
    *,
    by: list[str],
    minimums: Mapping[str, int] = EGE_MINIMUM,
    medal_score: int = MEDAL_CONFIRMATION_SCORE,
) -> pl.DataFrame:
    """The `gia.*` indicators per ``by`` × exam × subject (docs/methodology.md#gia-indicators).

    * fail_rate: ОГЭ, ГВЭ and ЕГЭ базовая — % with «2»; other ЕГЭ subjects — % with a test
      score below the subject's minimum (null for a subject with no known minimum);
    * quality_rate (ОГЭ/ГВЭ): % with «4» or «5»;
    * mean_test_score, high_score_rate (ЕГЭ with test scores): mean and % with 81–100;
    * annual_confirmed (ОГЭ/ГВЭ): % whose exam mark equals the annual mark, over those with one;
    * medal_unconfirmed (ЕГЭ): % of medal candidates below ``medal_score``, over candidates
      with a test score (null when there are none).
    Indicators that do not apply to an exam are null. Sorted by ``by``, exam, subject.
    """
    keys = [*by, "exam", "subject"]
    is_ege = pl.col("exam") == "ЕГЭ"
    scored = is_ege & (pl.col("subject") != BASE_MATH)
    failed = failed_expr(minimums)
    annual = pl.col("annual_mark").is_not_null() & ~is_ege
    candidate = is_ege & pl.col("medal_candidate").fill_null(False) & pl.col("test_score").is_not_null()
    out = gia.group_by(keys).agg(
        participants=pl.len(),
        fail_rate=failed.mean() * 100,
        quality_rate=pl.when(~is_ege).then(pl.col("mark") >= 4).mean() * 100,
        mean_test_score=pl.when(scored).then(pl.col("test_score")).mean(),
        high_score_rate=pl.when(scored).then(pl.col("test_score") >= HIGH_SCORE_FROM).mean() * 100,
        with_annual=annual.sum(),
        annual_equal=(annual & (pl.col("mark") == pl.col("annual_mark"))).sum(),
        candidates=candidate.sum(),
        candidates_below=(candidate & (pl.col("test_score") < medal_score)).sum(),
    )
    return (
        out.with_columns(
            annual_confirmed=pl.when(pl.col("with_annual") > 0).then(
                pl.col("annual_equal") / pl.col("with_annual") * 100
            ),
            medal_unconfirmed=pl.when(pl.col("candidates") > 0).then(
                pl.col("candidates_below") / pl.col("candidates") * 100
            ),
        )
        .select(
            *keys,
            "participants",
            "fail_rate",
            "quality_rate",
            "mean_test_score",
            "high_score_rate",
            "annual_confirmed",
            "medal_unconfirmed",
        )
        .sort(keys)
    )

"""Objectivity of the olympiad (seed 001, section 2): does a school's school stage crown pupils
who then fare at the municipal stage as the municipality's school-stage winners do?

Input: the year's ВсОШ participations (``analytics/talents.py`` grain). For each school × subject,
``n`` = its school-stage winners and prize-winners who took part in the municipal stage in that
subject, ``k`` = how many of them won or were prize-winners there. The expected share is that of
the other schools' school-stage awardees in the same subject (leave-one-out, so a generous school
does not lower its own yardstick). A school × subject is flagged when so few succeed that chance
explains it with probability below ``alpha`` (exact binomial lower tail), and only when ``n`` is
at least ``min_n`` (docs/methodology.md#olympiad-objectivity).
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

from msoko.analytics.columns import C
from msoko.analytics.talents import AWARDED, MUNICIPAL, PAIR, SCHOOL, STAGE, STATUS

ALPHA = 0.01  # the criteria of direction 5 use the same significance (methodology: objectivity)
MIN_N = 5  # fewer school-stage awardees at the municipal stage: not evaluated


def olympiad_generosity(olympiad: pl.DataFrame, *, alpha: float = ALPHA, min_n: int = MIN_N) -> pl.DataFrame:
    """``org_code``, ``subject``, ``n``, ``k``, ``share`` (k / n × 100), ``expected`` (the other
    schools' share, %), ``p_value``, ``evaluated`` (n ≥ min_n and others to compare with) and
    ``flagged``; sorted by school and subject."""
    awarded_at_school = olympiad.filter((pl.col(STAGE) == SCHOOL) & pl.col(STATUS).is_in(AWARDED)).select(
        C.ORG_CODE, *PAIR
    )
    municipal = (
        olympiad.filter(pl.col(STAGE) == MUNICIPAL)
        .select(*PAIR, pl.col(STATUS).is_in(AWARDED).alias("awarded"))
        .unique(PAIR)
    )
    went_on = awarded_at_school.unique([C.ORG_CODE, *PAIR]).join(municipal, on=PAIR, how="inner")
    per_school = went_on.group_by(C.ORG_CODE, C.SUBJECT).agg(
        pl.len().alias("n"), pl.col("awarded").sum().cast(pl.Int64).alias("k")
    )
    totals = per_school.group_by(C.SUBJECT).agg(
        pl.col("n").sum().alias("n_all"), pl.col("k").sum().alias("k_all")
    )
    frame = per_school.join(totals, on=C.SUBJECT).with_columns(
        (pl.col("n_all") - pl.col("n")).alias("n_other"), (pl.col("k_all") - pl.col("k")).alias("k_other")
    )
    n, k = frame["n"].to_numpy(), frame["k"].to_numpy()
    n_other, k_other = frame["n_other"].to_numpy(), frame["k_other"].to_numpy()
    expected = np.divide(k_other, n_other, out=np.full(len(frame), np.nan), where=n_other > 0)
    evaluated = (n >= min_n) & (n_other > 0)
    p_value = np.where(evaluated, stats.binom.cdf(k, n, np.nan_to_num(expected)), np.nan)
    return (
        frame.select(C.ORG_CODE, C.SUBJECT, "n", "k")
        .with_columns(
            (pl.col("k") / pl.col("n") * 100).alias("share"),
            pl.Series("expected", expected * 100).fill_nan(None),
            pl.Series("p_value", p_value).fill_nan(None),
            pl.Series("evaluated", evaluated),
        )
        .with_columns((pl.col("evaluated") & (pl.col("p_value") < alpha)).alias("flagged"))
        .sort(C.ORG_CODE, C.SUBJECT)
    )

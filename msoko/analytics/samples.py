"""How far a figure can be trusted given the number of participants behind it.

ФИОКО 2026 (`../shared/domain/methodology.md` §1.5, pp. 13 and 24) gives: a distribution on
≥ 50 participants is informative, 20–30 is the approximate minimum, fewer than 20 is limited,
and a group analysis is informative only if N ≥ 10. We turn these into four ordered tiers
(docs/methodology.md#sample-tiers):

* ``not_interpretable``: n < 10 (the p. 24 group rule; below it we do not interpret at all);
* ``limited``: 10 ≤ n < 20 (p. 13 «< 20 limited»);
* ``approximate``: 20 ≤ n < 50 (p. 13 names 20–30 «approximate minimum»; 30–49 is neither
  approximate nor informative in the source, we keep it approximate, [OURS]);
* ``informative``: n ≥ 50 (p. 13).
"""

from __future__ import annotations

import polars as pl

NOT_INTERPRETABLE_BELOW = 10
LIMITED_BELOW = 20
APPROXIMATE_BELOW = 50

NOT_INTERPRETABLE = "not_interpretable"
LIMITED = "limited"
APPROXIMATE = "approximate"
INFORMATIVE = "informative"
TIERS = (NOT_INTERPRETABLE, LIMITED, APPROXIMATE, INFORMATIVE)  # from least to most trustworthy


def sample_tier(
    n: pl.Expr,
    *,
    not_interpretable_below: int = NOT_INTERPRETABLE_BELOW,
    limited_below: int = LIMITED_BELOW,
    approximate_below: int = APPROXIMATE_BELOW,
) -> pl.Expr:
    """Tier of trust for a figure computed on ``n`` participants (one value per row of ``n``).

    Returns a String expression with one of `TIERS`: "not_interpretable" (n < 10),
    "limited" (10 ≤ n < 20), "approximate" (20 ≤ n < 50), "informative" (n ≥ 50).
    A null ``n`` gives a null tier (nothing was counted, so nothing is claimed).
    Thresholds and their sources: docs/methodology.md#sample-tiers.
    """
    return (
        pl.when(n.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(n < not_interpretable_below)
        .then(pl.lit(NOT_INTERPRETABLE))
        .when(n < limited_below)
        .then(pl.lit(LIMITED))
        .when(n < approximate_below)
        .then(pl.lit(APPROXIMATE))
        .otherwise(pl.lit(INFORMATIVE))
    )


def with_sample_tier(
    frame: pl.DataFrame,
    *,
    n_column: str = "participants",
    tier_column: str = "sample_tier",
    not_interpretable_below: int = NOT_INTERPRETABLE_BELOW,
    limited_below: int = LIMITED_BELOW,
    approximate_below: int = APPROXIMATE_BELOW,
) -> pl.DataFrame:
    """``frame`` with a ``tier_column`` computed by `sample_tier` from ``n_column``.

    Input: any grain, with a count column ``n_column``. Output: the same rows in the same
    order, plus ``tier_column`` (null where the count is null).
    docs/methodology.md#sample-tiers.
    """
    return frame.with_columns(
        sample_tier(
            pl.col(n_column),
            not_interpretable_below=not_interpretable_below,
            limited_below=limited_below,
            approximate_below=approximate_below,
        ).alias(tier_column)
    )

"""When a difference of shares is worth a sentence in a document.

A conclusion of an analytic note states a difference only when it is beyond chance and the
groups are large enough (docs/methodology.md#document-conclusions): each group has at least
``MIN_GROUP`` participants (the ФИОКО «approximate minimum», samples.LIMITED_BELOW) and the
two-sided test gives p < ``ALPHA``. Many schools compared with the municipality at once are
corrected by Holm's step-down method, so one school in twenty is not «significant» by luck.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

from msoko.analytics.samples import LIMITED_BELOW

ALPHA = 0.05
MIN_GROUP = LIMITED_BELOW  # 20


def share_vs_reference(successes: int, n: int, reference_percent: float) -> float:
    """Two-sided exact binomial p-value of ``successes`` of ``n`` against a fixed share (0–100),
    e.g. the municipality against the region's published figure."""
    if n <= 0:
        return 1.0
    p0 = min(max(reference_percent / 100.0, 0.0), 1.0)
    return float(stats.binomtest(int(successes), int(n), p0).pvalue)


def two_shares(k1: int, n1: int, k2: int, n2: int) -> float:
    """Two-sided p-value of two independent shares (:func:`two_shares_many` for one pair)."""
    return float(two_shares_many(np.array([k1]), np.array([n1]), np.array([k2]), np.array([n2]))[0])


def two_shares_many(k1: np.ndarray, n1: np.ndarray, k2: np.ndarray, n2: np.ndarray) -> np.ndarray:
    """Two-sided p-values of pairs of independent shares, element-wise: the pooled z-test, or
    Fisher's exact test where an expected count is under 5 (the z approximation fails there;
    only those pairs are tested one by one). An empty group gives 1."""
    k1, n1, k2, n2 = (np.asarray(a, dtype=float) for a in (k1, n1, k2, n2))
    out = np.ones(len(k1))
    filled = (n1 > 0) & (n2 > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        pooled = (k1 + k2) / (n1 + n2)
        expected = np.minimum.reduce([n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)])
        se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
        z = (k1 / n1 - k2 / n2) / se
    exact = filled & (expected < 5)
    normal = filled & ~exact & (se > 0)
    out[normal] = 2 * stats.norm.sf(np.abs(z[normal]))
    for i in np.flatnonzero(exact):
        table = [[k1[i], n1[i] - k1[i]], [k2[i], n2[i] - k2[i]]]
        out[i] = stats.fisher_exact(np.asarray(table, dtype=np.int64)).pvalue
    return out


def holm(pvalues: list[float]) -> list[float]:
    """Holm–Bonferroni adjusted p-values, in the input order."""
    p = np.asarray(pvalues, dtype=float)
    m = len(p)
    if m == 0:
        return []
    order = np.argsort(p, kind="stable")
    adjusted = np.minimum(1.0, np.maximum.accumulate(p[order] * (m - np.arange(m))))
    out = np.empty(m)
    out[order] = adjusted
    return out.tolist()


def units_against_rest(frame: pl.DataFrame, *, k: str, n: str) -> pl.DataFrame:
    """Each unit's share ``k``/``n`` against the rest of the frame (all units minus itself).

    Input grain: one row per unit with counts ``k`` ≤ ``n``. Output: the same rows with
    ``p_value`` (Holm-adjusted over the units tested) and ``significant``: true only when both
    the unit and the rest have ≥ ``MIN_GROUP`` participants and the adjusted p < ``ALPHA``.
    """
    total_k, total_n = int(frame[k].sum()), int(frame[n].sum())
    tested = frame.with_columns(
        ((pl.col(n) >= MIN_GROUP) & ((total_n - pl.col(n)) >= MIN_GROUP)).alias("_tested")
    )
    picked = tested.filter(pl.col("_tested"))
    a, b = picked[k].to_numpy(), picked[n].to_numpy()
    adjusted = iter(holm(two_shares_many(a, b, total_k - a, total_n - b).tolist()))
    values = [next(adjusted) if flag else None for flag in tested["_tested"].to_list()]
    return (
        tested.with_columns(pl.Series("p_value", values, dtype=pl.Float64))
        .with_columns((pl.col("_tested") & (pl.col("p_value") < ALPHA)).fill_null(False).alias("significant"))
        .drop("_tested")
    )

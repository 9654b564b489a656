"""The shape every criterion returns, the thresholds they share, and the statistics they use."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

from msoko.analytics.columns import C

CRITERION, SCOPE, CLASS = "criterion", "scope", C.CLASS_NAME
FINDING_SCHEMA = {
    C.ORG_CODE: pl.String,
    CRITERION: pl.String,
    SCOPE: pl.String,  # «ВПР МА4 2020/2021», «ОГЭ Математика», «ЕГЭ: медалисты»
    CLASS: pl.String,  # the class, for criteria about one class; else null
    "n": pl.Int64,  # the pupils (or works, or candidates) the evidence stands on
    "observed": pl.Float64,
    "expected": pl.Float64,
    "p_value": pl.Float64,
    "evaluated": pl.Boolean,  # false: too few pupils for the criterion to say anything
    "fired": pl.Boolean,
    "strong": pl.Boolean,
    "reason": pl.String,
}


@dataclass(frozen=True)
class Thresholds:
    """The settings of the criteria; defaults justified in docs/methodology.md#objectivity."""

    alpha: float = 0.005  # a criterion fires below this p-value …
    strong_alpha: float = 1e-6  # … and counts twice below this one
    min_participants: int = 10  # ФИОКО 2026 p. 24: a group of fewer than 10 is not interpretable
    min_excess: float = 3.0  # and never on fewer than 3 pupils (works, candidates) beyond expected
    distribution_min_participants: int = 20  # ФИОКО 2026 p. 13: a distribution of < 20 is limited
    bunching_window: int = 2  # scores c … c+1 against c−2 … c−1 around each cut score c
    weak_basic_below: float = 50.0  # a pupil «fails basic tasks» below 50 % of their points
    advanced_success_at: float = 50.0  # … and «succeeds on advanced tasks» from 50 % of theirs
    hard_min_weak: int = 5  # pupils weak on basic tasks a school needs for that criterion
    similar_min_class: int = 8  # pupils of a class for the similarity of works
    similar_min_share: float = 0.3  # … and the share of them whose work nearly repeats another's
    cohort_min_drop: float = 10.0  # percentage points below the expected result a year later
    medal_min_candidates: int = 5
    medal_confirmation_score: int = 70  # ЕГЭ Russian for a gold medal (order № 730, 2023)


def empty() -> pl.DataFrame:
    return pl.DataFrame(schema=FINDING_SCHEMA)


def finish(frame: pl.DataFrame, th: Thresholds) -> pl.DataFrame:
    """Add `fired` and `strong` from `p_value`, `evaluated` and the excess, in the common shape.

    ``frame`` carries `excess` (observed − expected, in pupils or points as the criterion
    counts them) and `min_excess` (the guard it must reach).
    """
    fired = (
        pl.col("evaluated") & (pl.col("p_value") < th.alpha) & (pl.col("excess") >= pl.col("min_excess"))
    ).fill_null(False)
    return (
        frame.with_columns(fired.alias("fired"))
        .with_columns((pl.col("fired") & (pl.col("p_value") < th.strong_alpha)).alias("strong"))
        .select({name: pl.col(name).cast(dtype) for name, dtype in FINDING_SCHEMA.items()}.values())
    )


def overdispersion(events: np.ndarray, sizes: np.ndarray) -> float:
    """Intra-school correlation ρ of a yes/no event, by the moment estimator for clustered
    binary data (Fleiss, Levin & Paik 2003, §15.1): ρ = (MS_between − MS_within) /
    (MS_between + (n₀ − 1)·MS_within); 0 when the schools vary no more than chance allows."""
    keep = sizes > 0
    k, n = events[keep].astype(float), sizes[keep].astype(float)
    m, total = len(n), n.sum()
    if m < 3 or total <= m:
        return 0.0
    p = k.sum() / total
    between = ((k - n * p) ** 2 / n).sum() / (m - 1)
    within = (k - k**2 / n).sum() / (total - m)
    n0 = (total - (n**2).sum() / total) / (m - 1)
    denominator = between + (n0 - 1) * within
    return float(max(0.0, (between - within) / denominator)) if denominator > 0 else 0.0


def leave_one_out_overdispersion(events: np.ndarray, sizes: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """For each school, :func:`overdispersion` over the ``kept`` schools other than itself, in one
    pass: the sums of the estimator less the school's own terms."""
    k, n = np.asarray(events, dtype=float), np.asarray(sizes, dtype=float)
    own = np.asarray(kept, dtype=bool) & (n > 0)
    safe_n = np.where(n > 0, n, 1.0)

    def total(values: np.ndarray) -> np.ndarray:
        values = np.where(own, values, 0.0)
        return values.sum() - values

    m = total(np.ones_like(n))
    big_n, big_k = total(n), total(k)
    k2n, within_sum, n2 = total(k**2 / safe_n), total(k - k**2 / safe_n), total(n**2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = big_k / big_n
        between = (k2n - 2 * p * big_k + p**2 * big_n) / (m - 1)
        within = within_sum / (big_n - m)
        n0 = (big_n - n2 / big_n) / (m - 1)
        denominator = between + (n0 - 1) * within
        rho = (between - within) / denominator
    valid = (m >= 3) & (big_n > m) & (denominator > 0)
    return np.where(valid, np.maximum(rho, 0.0), 0.0)


def robust_overdispersion(events: np.ndarray, sizes: np.ndarray, shares: np.ndarray, alpha: float) -> float:
    """ρ of :func:`overdispersion` over the schools that chance alone explains: a school whose
    binomial tail against ``shares`` is below ``alpha`` would widen the honest spread itself."""
    plain = upper_tail(events, sizes, shares, 0.0)
    keep = plain >= alpha
    return overdispersion(events[keep], sizes[keep])


def upper_tail(k: np.ndarray, n: np.ndarray, p0: np.ndarray, rho: float | np.ndarray) -> np.ndarray:
    """P(X ≥ k) for X beta-binomial with mean share ``p0`` and intra-school correlation ``rho``
    (binomial when ρ = 0): exact tails, so a school of five pupils needs real evidence."""
    k, n = np.asarray(k, dtype=float), np.asarray(n, dtype=float)
    p0 = np.clip(np.asarray(p0, dtype=float), 1e-9, 1 - 1e-9)
    rho = np.broadcast_to(np.asarray(rho, dtype=float), k.shape)
    binomial = stats.binom.sf(k - 1, n, p0)
    if not (rho > 0).any():
        return binomial
    size = np.where(rho > 0, (1 - rho) / np.where(rho > 0, rho, 1.0), 1.0)
    return np.where(rho > 0, stats.betabinom.sf(k - 1, n, p0 * size, (1 - p0) * size), binomial)


def empirical_null(z: np.ndarray) -> tuple[float, float]:
    """Centre and spread of the bulk of the z-scores (Efron 2004's empirical null): the median
    and 1.4826·MAD, never more lenient than the theoretical N(0, 1)."""
    z = z[np.isfinite(z)]
    if len(z) < 10:
        return 0.0, 1.0
    centre = float(np.median(z))
    spread = float(1.4826 * np.median(np.abs(z - centre)))
    return max(centre, 0.0), max(spread, 1.0)


def guarded_p(
    calibrated: np.ndarray, observed: np.ndarray, trials: np.ndarray, expected: np.ndarray
) -> np.ndarray:
    """The larger of a calibrated normal p-value and the exact binomial tail of ``observed`` of
    ``trials`` at the mean rate ``expected / trials``: a normal tail flatters a handful of
    pupils, the exact one says what chance alone could produce with so few."""
    trials = np.asarray(trials, dtype=float)
    share = np.divide(expected, trials, out=np.zeros(len(trials)), where=trials > 0)
    exact = np.where(trials > 0, upper_tail(np.round(observed), trials, share, 0.0), 1.0)
    return np.maximum(calibrated, exact)


def calibrated_p(z: np.ndarray, evaluated: np.ndarray) -> np.ndarray:
    """Upper-tail p-values of ``z`` against the empirical null of the evaluated units."""
    z = np.asarray(z, dtype=float)
    centre, spread = empirical_null(z[np.asarray(evaluated, dtype=bool)])
    return stats.norm.sf((z - centre) / spread)


def percent(expr: pl.Expr) -> pl.Expr:
    """«41» for 40.6 (percentages in reasons are whole numbers)."""
    return expr.round(0).cast(pl.Int64).cast(pl.String)


def number(expr: pl.Expr) -> pl.Expr:
    """«8», «12,5»: one decimal with a comma, none when whole."""
    rounded = expr.round(1)
    return (
        pl.when(rounded == rounded.floor())
        .then(rounded.cast(pl.Int64).cast(pl.String))
        .otherwise(rounded.cast(pl.String).str.replace(".", ",", literal=True))
    )

"""Did a management measure work: difference in differences with a cluster bootstrap interval.

The effect of a measure on a catalogue indicator is the difference in differences (DiD): the
mean change (after − before) in the organisations the measure targeted minus the same mean change
in comparable organisations without it. Subtracting the comparison group's change removes what
happened to everyone (a new variant of the work, a common trend); what remains is attributed to
the measure under the usual parallel-trends assumption (Angrist & Pischke, «Mostly Harmless
Econometrics», 2009, ch. 5).

With one value per organisation and period the DiD is a difference of two means of
per-organisation changes, so the organisation is the cluster: its two values share the school,
and it is the organisations, not the values, that we resample. The interval is a percentile
cluster (pairs) bootstrap: organisations are drawn with replacement within each group
independently and the DiD is recomputed (Cameron, Gelbach & Miller 2008, «Bootstrap-based
improvements for inference with clustered errors», Review of Economics and Statistics 90(3)).
The same paper shows that with few clusters the plain percentile bootstrap is too narrow (it
rejects too often): on simulated data with 3 organisations a group it called a null effect
«эффективна» in 14 % of runs at a nominal 5 % a side. So the interval we report is the union of
the bootstrap interval and Welch's t interval for the difference of the two mean changes
(Welch 1947, «The generalization of Student's problem when several different population
variances are involved», Biometrika 34), which keeps its level with few organisations when the
changes are roughly normal; with many organisations the two agree.
docs/methodology.md#measure-effect.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl
from scipy import stats

from msoko.analytics.columns import C
from msoko.analytics.wording import format_number, format_percent

PERIOD = "period"
VALUE = "value"
TREATED = "treated"
BEFORE, AFTER = "before", "after"
PERIODS = (BEFORE, AFTER)

EFFECTIVE, NO_EFFECT, NOT_ENOUGH = "эффективна", "эффекта нет", "недостаточно данных"
VERDICTS = (EFFECTIVE, NO_EFFECT, NOT_ENOUGH)

TREATED_GROUP, COMPARISON_GROUP = "ОО с мерой", "сравнение"

MIN_ORGS = 3
N_BOOT = 2000
ALPHA = 0.1


@dataclass(frozen=True)
class Effect:
    """What a measure did to an indicator: the DiD, its interval, the groups and the verdict."""

    estimate: float | None  # DiD in the indicator's unit
    low: float | None  # percentile bootstrap bounds at confidence 1 − alpha
    high: float | None
    treated: int  # organisations with both a before and an after value
    comparison: int
    treated_change: float | None  # mean change (after − before) of the treated
    comparison_change: float | None
    verdict: str  # one of VERDICTS
    reason: str  # Russian, with the numbers


def difference_in_differences(
    values: pl.DataFrame,
    *,
    higher_is_better: bool = True,
    expected_change: float | None = None,
    min_orgs: int = MIN_ORGS,
    n_boot: int = N_BOOT,
    alpha: float = ALPHA,
    max_width: float | None = None,
    seed: int = 0,
    digits: int = 1,
) -> Effect:
    """The effect of a measure on an indicator, its interval and a verdict with a reason.

    Input: one row per organisation and period: org_code, period ("before" | "after"), value,
    treated (the same for both rows of an organisation). A null or NaN value counts as missing;
    an organisation without both periods is dropped and not counted. ``expected_change`` is the
    signed DiD the measure promised (e.g. −0.05 for a share of failures); it only adds a sentence
    to the reason. ``digits`` is the number of decimals the reason shows (1 for scores, 3 for
    shares 0..1).

    Verdict: EFFECTIVE when the interval excludes 0 on the good side (above 0 when higher is
    better, below when lower is better), even if it is wide; otherwise NOT_ENOUGH when fewer than
    ``min_orgs`` organisations in either group (no interval then) or the interval is wider than
    ``max_width``; otherwise NO_EFFECT, and an interval wholly on the bad side is said so.
    The bootstrap is deterministic for a ``seed`` and independent of the row order.
    docs/methodology.md#measure-effect.

    Raises:
        ValueError: an unknown period, two values for one organisation and period, an
            organisation marked both treated and not, or a parameter out of range.
    """
    if not 0 < alpha < 1:
        raise ValueError(f"alpha must lie in (0, 1), got {alpha}")
    if n_boot < 1 or min_orgs < 1:
        raise ValueError(f"n_boot and min_orgs must be positive, got {n_boot} and {min_orgs}")
    changes = _changes(values)
    treated = changes.filter(pl.col(TREATED))["change"].to_numpy()
    comparison = changes.filter(~pl.col(TREATED))["change"].to_numpy()
    treated_change = float(treated.mean()) if treated.size else None
    comparison_change = float(comparison.mean()) if comparison.size else None
    estimate = (
        treated_change - comparison_change
        if treated_change is not None and comparison_change is not None
        else None
    )
    words = _Words(digits=digits, confidence=1 - alpha)
    changed = words.changes(treated.size, treated_change, comparison.size, comparison_change)

    def effect(low: float | None, high: float | None, verdict: str, reason: str) -> Effect:
        return Effect(
            estimate=estimate,
            low=low,
            high=high,
            treated=treated.size,
            comparison=comparison.size,
            treated_change=treated_change,
            comparison_change=comparison_change,
            verdict=verdict,
            reason=reason,
        )

    if treated.size < min_orgs or comparison.size < min_orgs:
        return effect(
            None,
            None,
            NOT_ENOUGH,
            f"Недостаточно данных: значения до и после есть у {treated.size} ОО с мерой "
            f"и {comparison.size} ОО сравнения, а нужно не меньше {min_orgs} в каждой группе"
            + (f"; {changed}." if estimate is not None else "."),
        )
    boot_low, boot_high = _bootstrap_interval(treated, comparison, n_boot=n_boot, alpha=alpha, seed=seed)
    welch_low, welch_high = _welch_interval(treated, comparison, alpha=alpha)
    low, high = min(boot_low, welch_low), max(boot_high, welch_high)
    interval = words.interval(low, high)
    promised = words.promise(expected_change, low, high, higher_is_better=higher_is_better)
    good_side = low > 0 if higher_is_better else high < 0
    bad_side = high < 0 if higher_is_better else low > 0
    side = "выше" if higher_is_better else "ниже"
    if good_side:
        reason = f"Мера эффективна: {changed}; {interval} целиком {side} нуля."
        return effect(low, high, EFFECTIVE, reason + promised)
    if max_width is not None and high - low > max_width:
        reason = (
            f"Недостаточно данных: {changed}; {interval} шире допустимых "
            f"{format_number(float(max_width), digits)}: по {treated.size} и {comparison.size} ОО "
            "эффект не отличить от случайных колебаний."
        )
        return effect(low, high, NOT_ENOUGH, reason + promised)
    if bad_side:
        other = "ниже" if higher_is_better else "выше"
        reason = (
            f"Эффекта нет, показатель сдвинулся в нежелательную сторону: {changed}; "
            f"{interval} целиком {other} нуля."
        )
        return effect(low, high, NO_EFFECT, reason + promised)
    reason = f"Эффекта нет: {changed}; {interval} включает ноль."
    return effect(low, high, NO_EFFECT, reason + promised)


def effect_frame(values: pl.DataFrame) -> pl.DataFrame:
    """Mean before and after per group, for the two-line chart of a DiD.

    Input: as for `difference_in_differences`. Output: four rows (fewer when a group is empty):
    group («ОО с мерой» | «сравнение»), period ("before" | "after"), mean, orgs; sorted treated
    first, before first. Only organisations with both periods count, so the chart shows exactly
    the organisations the estimate uses.
    """
    changes = _changes(values)
    group = pl.when(pl.col(TREATED)).then(pl.lit(TREATED_GROUP)).otherwise(pl.lit(COMPARISON_GROUP))
    return (
        changes.unpivot(index=[C.ORG_CODE, TREATED], on=list(PERIODS), variable_name=PERIOD)
        .group_by(TREATED, PERIOD)
        .agg(mean=pl.col(VALUE).mean(), orgs=pl.len())
        .sort(~pl.col(TREATED), pl.col(PERIOD) != BEFORE)
        .select(group.alias("group"), PERIOD, "mean", "orgs")
    )


def _changes(values: pl.DataFrame) -> pl.DataFrame:
    """One row per organisation with both periods: org_code, treated, before, after, change."""
    unknown = values.filter(~pl.col(PERIOD).is_in(PERIODS))[PERIOD].unique().sort().to_list()
    if unknown:
        raise ValueError(f"period must be 'before' or 'after', got {unknown}")
    present = values.with_columns(pl.col(VALUE).cast(pl.Float64)).filter(
        pl.col(VALUE).is_not_null() & pl.col(VALUE).is_not_nan()
    )
    mixed = values.group_by(C.ORG_CODE).agg(pl.col(TREATED).n_unique()).filter(pl.col(TREATED) > 1)
    if mixed.height:
        raise ValueError(f"organisations both treated and not: {mixed[C.ORG_CODE].sort().to_list()}")
    repeated = present.filter(pl.struct(C.ORG_CODE, PERIOD).is_duplicated())[C.ORG_CODE]
    if repeated.len():
        raise ValueError(
            f"more than one value per organisation and period: {repeated.unique().sort().to_list()}"
        )
    # sorted by code so that the bootstrap draws do not depend on the order of the input rows
    return (
        present.pivot(on=PERIOD, index=[C.ORG_CODE, TREATED], values=VALUE)
        .with_columns(*(pl.lit(None, dtype=pl.Float64).alias(p) for p in PERIODS if p not in present[PERIOD]))
        .drop_nulls([BEFORE, AFTER])
        .with_columns(change=pl.col(AFTER) - pl.col(BEFORE))
        .select(C.ORG_CODE, TREATED, BEFORE, AFTER, "change")
        .sort(C.ORG_CODE)
    )


def _bootstrap_interval(
    treated: np.ndarray, comparison: np.ndarray, *, n_boot: int, alpha: float, seed: int
) -> tuple[float, float]:
    """Percentile interval of the DiD over ``n_boot`` resamples of organisations per group."""
    rng = np.random.default_rng(seed)
    # one index matrix per group (draws × organisations): the whole bootstrap is two fancy-indexed means
    treated_means = treated[rng.integers(0, treated.size, size=(n_boot, treated.size))].mean(axis=1)
    comparison_means = comparison[rng.integers(0, comparison.size, size=(n_boot, comparison.size))].mean(
        axis=1
    )
    low, high = np.quantile(treated_means - comparison_means, [alpha / 2, 1 - alpha / 2])
    return float(low), float(high)


def _welch_interval(treated: np.ndarray, comparison: np.ndarray, *, alpha: float) -> tuple[float, float]:
    """Welch's t interval of mean(treated) − mean(comparison) with Satterthwaite's degrees of freedom."""
    estimate = float(treated.mean() - comparison.mean())
    var_t, var_c = treated.var(ddof=1) / treated.size, comparison.var(ddof=1) / comparison.size
    se = float(np.sqrt(var_t + var_c))
    if se == 0.0:
        return estimate, estimate
    df = (var_t + var_c) ** 2 / (var_t**2 / (treated.size - 1) + var_c**2 / (comparison.size - 1))
    margin = float(stats.t.ppf(1 - alpha / 2, df)) * se
    return estimate - margin, estimate + margin


@dataclass(frozen=True)
class _Words:
    """The reason's phrases: signed numbers with a decimal comma (wording.py), the interval."""

    digits: int
    confidence: float

    def signed(self, value: float) -> str:
        text = format_number(float(value), self.digits)
        return text if text.startswith(("−", "—")) or round(value, self.digits) == 0 else f"+{text}"

    def changes(
        self, n_treated: int, treated: float | None, n_comparison: int, comparison: float | None
    ) -> str:
        treated_text = "—" if treated is None else self.signed(treated)
        comparison_text = "—" if comparison is None else self.signed(comparison)
        text = (
            f"в {n_treated} ОО с мерой показатель изменился в среднем на {treated_text}, "
            f"в {n_comparison} ОО сравнения — на {comparison_text}"
        )
        if treated is None or comparison is None:
            return text
        return f"{text}, разность {self.signed(treated - comparison)}"

    def interval(self, low: float, high: float) -> str:
        level = format_percent(self.confidence * 100, 0)
        return f"доверительный интервал ({level}) от {self.signed(low)} до {self.signed(high)}"

    def promise(self, expected: float | None, low: float, high: float, *, higher_is_better: bool) -> str:
        if expected is None:
            return ""
        text = f" Ожидалась разность {self.signed(expected)}: "
        weaker, stronger = (high < expected, low > expected)
        if not higher_is_better:
            weaker, stronger = stronger, weaker
        if weaker:
            return text + "интервал её не достигает, мера дала меньше обещанного."
        if stronger:
            return text + "интервал целиком за ней, мера дала больше обещанного."
        return text + "она в пределах интервала."

"""Excess of works just at a mark's cut score and a dip just below it (bunching).

The counterfactual of a school's histogram around a cut score c comes from the other schools:
among their works scoring c − w … c + w − 1, the share at c … c + w − 1, as a straight line in
the school's mean score (weighted least squares, the school itself left out), is what a smooth
distribution of that strength gives — a strong school has more works above the «5» cut than
below it honestly. A school's excess over the cuts of a
work, Σ(n_at − r₀·n_window), is tested against its binomial spread, calibrated on all schools
(the empirical null). The local version of bunching estimation (Chetty et al. 2011; Kleven
2016); the manipulation it detects is the one Dee, Dobbie, Jacob & Rockoff (2019) measured
at the Regents cut-offs. docs/methodology.md#objectivity-bunching.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.columns import C
from msoko.analytics.objectivity.findings import (
    CLASS,
    CRITERION,
    SCOPE,
    Thresholds,
    calibrated_p,
    empty,
    finish,
    guarded_p,
    number,
)
from msoko.analytics.wording import plural_expr

BUNCHING = "bunching"
R0_BOUNDS = (0.02, 0.98)  # a share a smooth histogram can give, whatever the line says


def cut_windows(cuts: dict[int, int], *, max_score: int, window: int) -> pl.DataFrame:
    """mark, cut, and the score ranges at (c … c+w−1) and below (c−w … c−1) each cut."""
    rows = [
        (mark, cut)
        for mark, cut in sorted(cuts.items())
        if cut - window >= 0 and cut + window - 1 <= max_score
    ]
    return pl.DataFrame(rows, schema={C.MARK: pl.Int64, "cut": pl.Int64}, orient="row")


def bunching(
    results: pl.DataFrame, *, cuts: dict[int, int], max_score: int, scope: str, th: Thresholds
) -> pl.DataFrame:
    """Per school: works at the cut scores beyond what schools of its strength show."""
    works = present(results).select(C.ORG_CODE, C.TOTAL)
    windows = cut_windows(cuts, max_score=max_score, window=th.bunching_window)
    if works.is_empty() or windows.is_empty():
        return empty()
    w = th.bunching_window
    schools = works.group_by(C.ORG_CODE).agg(pl.len().alias("n"), pl.col(C.TOTAL).mean().alias("mean"))
    # each school's histogram of totals, then the windows: a region's million works crossed
    # with every cut would be three million rows (+170 MB at the recompute's peak)
    histogram = works.group_by(C.ORG_CODE, C.TOTAL).agg(pl.len().alias("pupils"))

    def pupils_within(low: pl.Expr, high: pl.Expr) -> pl.Expr:
        return pl.when(pl.col(C.TOTAL).is_between(low, high)).then(pl.col("pupils")).otherwise(0).sum()

    counts = (
        histogram.join(windows, how="cross")
        .group_by(C.ORG_CODE, C.MARK, "cut")
        .agg(
            pupils_within(pl.col("cut"), pl.col("cut") + w - 1).cast(pl.Int64).alias("at"),
            pupils_within(pl.col("cut") - w, pl.col("cut") - 1).cast(pl.Int64).alias("below"),
        )
        .join(schools.select(C.ORG_CODE, "mean"), on=C.ORG_CODE)
        .with_columns((pl.col("at") + pl.col("below")).alias("window"))
    )
    counts = counts.with_columns(_expected_share().alias("r0")).with_columns(
        (pl.col("window") * pl.col("r0")).alias("expected_at"),
        (pl.col("window") * pl.col("r0") * (1 - pl.col("r0"))).alias("variance"),
    )
    worst = (
        counts.with_columns((pl.col("at") - pl.col("expected_at")).alias("gap"))
        .filter(pl.col("gap").is_not_null())
        .sort("gap", descending=True)
        .group_by(C.ORG_CODE, maintain_order=True)
        .first()
        .select(C.ORG_CODE, C.MARK, "cut", "at", "below", "expected_at", "window")
    )
    per_school = (
        counts.group_by(C.ORG_CODE)
        .agg(
            pl.col("at").sum().alias("observed"),
            pl.col("expected_at").sum().alias("expected"),
            pl.col("variance").sum().alias("variance"),
            pl.col("window").sum().alias("trials"),
        )
        .join(schools.select(C.ORG_CODE, "n"), on=C.ORG_CODE)
        .join(worst, on=C.ORG_CODE, how="left")
        .with_columns((pl.col("observed") - pl.col("expected")).alias("excess"))
        .with_columns(
            pl.when(pl.col("variance") > 0).then(pl.col("excess") / pl.col("variance").sqrt()).alias("z"),
            (pl.col("n") >= th.distribution_min_participants).alias("evaluated"),
        )
        .sort(C.ORG_CODE)
    )
    z = per_school["z"].fill_null(np.nan).to_numpy()
    evaluated = per_school["evaluated"].to_numpy() & np.isfinite(z)
    calibrated = np.where(np.isfinite(z), calibrated_p(np.nan_to_num(z), evaluated), 1.0)
    p_values = guarded_p(
        calibrated,
        per_school["observed"].to_numpy(),
        per_school["trials"].to_numpy(),
        per_school["expected"].to_numpy(),
    )
    points = ("балл", "балла", "баллов")
    reason = pl.format(
        "{}: избыток работ на границе отметки «{}» ({}–{} {}): {} против ожидаемых {}, "
        "ниже границы ({}–{} {}): {}",
        pl.lit(scope),
        C.MARK,
        "cut",
        pl.col("cut") + w - 1,
        plural_expr(pl.col("cut") + w - 1, *points),  # «20–21 балл», «22–23 балла»
        "at",
        number(pl.col("expected_at")),
        pl.col("cut") - w,
        pl.col("cut") - 1,
        plural_expr(pl.col("cut") - 1, *points),
        "below",
    )
    return finish(
        per_school.with_columns(
            pl.lit(BUNCHING).alias(CRITERION),
            pl.lit(scope).alias(SCOPE),
            pl.lit(None, dtype=pl.String).alias(CLASS),
            pl.Series("p_value", p_values),
            pl.lit(th.min_excess).alias("min_excess"),
            reason.alias("reason"),
        ),
        th,
    )


def _expected_share() -> pl.Expr:
    """r₀ of each school and cut: the other schools' share at the cut, fitted as a + b·mean
    by weighted least squares (weights: their works in the window), leaving the school out."""
    window, at, x = pl.col("window"), pl.col("at"), pl.col("mean")

    def others(expr: pl.Expr) -> pl.Expr:
        return expr.sum().over(C.MARK) - expr

    s, sx, sy = others(window), others(window * x), others(at)
    sxx, sxy = others(window * x * x), others(at * x)
    denominator = s * sxx - sx * sx
    slope = pl.when(denominator.abs() > 1e-9).then((s * sxy - sx * sy) / denominator).otherwise(0.0)
    share = pl.when(s > 0).then((sy - slope * sx) / s + slope * x)
    return share.clip(*R0_BOUNDS)

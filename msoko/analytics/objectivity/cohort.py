"""A cohort that was excellent in one grade and collapses in the next grade's work a year on.

Per school: the mean % of the maximum of grade N in year Y (S₁) and of grade N + 1 in year
Y + 1 (S₂). Across schools S₂ follows S₁ along a line (Theil–Sen, robust to the manipulated
few); a school far below its expected S₂, beyond what the sampling error of both means and
the honest spread of schools around the line explain, inflated the earlier result or lost
the cohort. Only schools above the municipal median in year Y count as «excellent». The
comparison Jacob & Levitt (2003) make with a big gain followed by a big loss; the FIOKO 2019
algorithm C uses the ratio S₁ / S₂ instead. docs/methodology.md#objectivity-cohort.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

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
    percent,
)

COHORT = "cohort"


def school_means(results: pl.DataFrame, *, max_score: int) -> pl.DataFrame:
    """org_code, n, mean % of the maximum and its standard error, per school."""
    return (
        present(results)
        .group_by(C.ORG_CODE)
        .agg(
            pl.len().cast(pl.Int64).alias("n"),
            (pl.col(C.TOTAL) * 100 / max_score).mean().alias("mean"),
            (pl.col(C.TOTAL) * 100 / max_score).std().alias("sd"),
        )
        .with_columns((pl.col("sd").fill_null(0) / pl.col("n").sqrt()).alias("se"))
    )


def cohort_collapse(
    earlier: pl.DataFrame,
    later: pl.DataFrame,
    *,
    earlier_max: int,
    later_max: int,
    scope: str,
    earlier_name: str,
    later_name: str,
    th: Thresholds,
) -> pl.DataFrame:
    """Per school present in both years: the later mean against the one expected from the earlier."""
    pairs = school_means(earlier, max_score=earlier_max).join(
        school_means(later, max_score=later_max), on=C.ORG_CODE, suffix="_2"
    )
    if pairs.height < 3:
        return empty()
    evaluated = (pl.col("n") >= th.min_participants) & (pl.col("n_2") >= th.min_participants)
    fit = pairs.filter(evaluated)
    if fit.height < 3:
        return empty()
    if np.ptp(fit["mean"].to_numpy()) == 0:  # no spread of earlier results: no line to fit
        return empty()
    slope, intercept, _, _ = stats.theilslopes(fit["mean_2"].to_numpy(), fit["mean"].to_numpy())
    if not (np.isfinite(slope) and np.isfinite(intercept)):
        return empty()
    pairs = pairs.with_columns((intercept + slope * pl.col("mean")).alias("expected")).with_columns(
        (pl.col("mean_2") - pl.col("expected")).alias("residual"),
        ((slope * pl.col("se")) ** 2 + pl.col("se_2") ** 2).alias("sampling"),
    )
    fitted = pairs.filter(evaluated)
    residual = fitted["residual"].to_numpy()
    spread = 1.4826 * np.median(np.abs(residual - np.median(residual)))
    honest = max(spread**2 - float(np.median(fitted["sampling"].to_numpy())), 0.0)
    median_earlier, median_later = float(np.median(fit["mean"])), float(np.median(fit["mean_2"]))
    pairs = pairs.with_columns(
        (-pl.col("residual") / (pl.lit(honest) + pl.col("sampling")).sqrt()).alias("z"),
        (evaluated & (pl.col("mean") >= median_earlier)).alias("evaluated"),
    ).sort(C.ORG_CODE)
    z = pairs["z"].fill_null(np.nan).fill_nan(np.nan).to_numpy()
    p_values = np.where(np.isfinite(z), calibrated_p(np.nan_to_num(z), pairs["evaluated"].to_numpy()), 1.0)
    reason = pl.format(
        "{}: {} — {} % (по МО {} %), {} — {} % (по МО {} %), а ожидалось около {} %",
        pl.lit(scope),
        pl.lit(earlier_name),
        percent(pl.col("mean")),
        pl.lit(f"{median_earlier:.0f}"),
        pl.lit(later_name),
        percent(pl.col("mean_2")),
        pl.lit(f"{median_later:.0f}"),
        percent(pl.col("expected")),
    )
    return finish(
        pairs.with_columns(
            pl.lit(COHORT).alias(CRITERION),
            pl.lit(scope).alias(SCOPE),
            pl.lit(None, dtype=pl.String).alias(CLASS),
            pl.min_horizontal("n", "n_2").alias("n"),
            pl.col("mean_2").alias("observed"),
            pl.Series("p_value", p_values),
            (-pl.col("residual")).alias("excess"),
            pl.lit(th.cohort_min_drop).alias("min_excess"),
            reason.alias("reason"),
        ),
        th,
    )

"""Results against social context: each school's expected result, its value relative to that
expectation, and the `resilient` flag (direction 2).

The result of a school is the mean over its pupils' works of the year of z = (pupil's % − the
work's municipal mean) / the work's pupil sd, so works of different difficulty add up. Across the
schools with at least 10 pupils, result = a + b·context (ordinary least squares: the simple,
explained model the issue asks for). A school's residual is shrunk towards 0 by its reliability
τ² / (τ² + 1/n) — τ² the spread of true school residuals (the residual variance less the mean
sampling variance 1/n), 1/n the sampling variance of a mean of n pupils in sd units (empirical
Bayes, as value-added models do) — so a school of five pupils is never «resilient» by luck.
Resilient: a context at or below the adverse cut and a shrunk residual of at least one τ above
the line (Pinskaya et al., «Поверх барьеров: исследуем резильентные школы», Вопросы образования;
`../shared/domain/methodology.md` §3.2). docs/methodology.md#resilience.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.context import DEFAULT_CUTS, INDEX
from msoko.analytics.wording import decimal

RESULT, EXPECTED, VALUE_ADDED = "result", "expected", "value_added"
MIN_FIT_PUPILS = 10
#: levels of `resilient`: the shrunk residual in units of τ
RESILIENT_STEPS = (1.0, 1.5, 2.0)


def school_results(works: list[pl.DataFrame]) -> pl.DataFrame:
    """org_code, n (pupil-works) and `result` (mean z over them) from each work's rows
    (org_code and `percent`, the pupil's % of the maximum)."""
    parts = []
    for rows in works:
        mean, sd = rows["percent"].mean(), rows["percent"].std()
        if rows.height < 2 or not sd:
            continue
        parts.append(rows.select(C.ORG_CODE, ((pl.col("percent") - mean) / sd).alias("z")))
    if not parts:
        return pl.DataFrame(schema={C.ORG_CODE: pl.String, "n": pl.Int64, RESULT: pl.Float64})
    return (
        pl.concat(parts)
        .group_by(C.ORG_CODE)
        .agg(pl.len().cast(pl.Int64).alias("n"), pl.col("z").mean().alias(RESULT))
        .sort(C.ORG_CODE)
    )


def value_added(results: pl.DataFrame, context: pl.DataFrame) -> pl.DataFrame:
    """org_code, context_index, n, result, expected, residual, reliability, value_added, tau."""
    rows = results.join(context.select(C.ORG_CODE, INDEX), on=C.ORG_CODE).filter(pl.col(INDEX).is_not_null())
    fit = rows.filter(pl.col("n") >= MIN_FIT_PUPILS)
    if fit.height < 3:
        return rows.with_columns(
            pl.lit(None, dtype=pl.Float64).alias(c)
            for c in (EXPECTED, "residual", "reliability", VALUE_ADDED, "tau")
        )
    x, y = fit[INDEX].to_numpy(), fit[RESULT].to_numpy()
    slope, intercept = np.polyfit(x, y, 1) if np.ptp(x) > 0 else (0.0, float(y.mean()))
    residual = y - (intercept + slope * x)
    tau2 = max(
        float(residual.var(ddof=2 if len(y) > 2 else 0)) - float(np.mean(1 / fit["n"].to_numpy())), 1e-6
    )
    return (
        rows.with_columns((intercept + slope * pl.col(INDEX)).alias(EXPECTED))
        .with_columns(
            (pl.col(RESULT) - pl.col(EXPECTED)).alias("residual"),
            (tau2 / (tau2 + 1 / pl.col("n"))).alias("reliability"),
            pl.lit(np.sqrt(tau2)).alias("tau"),
        )
        .with_columns((pl.col("residual") * pl.col("reliability")).alias(VALUE_ADDED))
    )


def resilient_flags(added: pl.DataFrame, *, adverse_cut: float = DEFAULT_CUTS[0]) -> pl.DataFrame:
    """`resilient` flags: a context at or below the adverse cut and a shrunk residual ≥ τ."""
    steps = [pl.col("tau") * step for step in RESILIENT_STEPS]
    level = (
        pl.when(pl.col(VALUE_ADDED) >= steps[2])
        .then(3)
        .when(pl.col(VALUE_ADDED) >= steps[1])
        .then(2)
        .otherwise(1)
    )

    return (
        added.filter((pl.col(INDEX) <= adverse_cut) & (pl.col(VALUE_ADDED) >= steps[0]))
        .select(
            C.ORG_CODE,
            pl.lit("resilient").alias("flag"),
            level.cast(pl.Int64).alias("level"),
            pl.concat_list(
                pl.format(
                    "результаты выше ожидаемых при неблагоприятном контексте (индекс {}): {} против "
                    "ожидаемых {} (в стандартных отклонениях учащихся), "
                    "с поправкой на число учащихся ({}) +{}",
                    decimal(pl.col(INDEX)),
                    decimal(pl.col(RESULT)),
                    decimal(pl.col(EXPECTED)),
                    "n",
                    decimal(pl.col(VALUE_ADDED)),
                )
            ).alias("reasons"),
        )
        .sort(C.ORG_CODE)
    )

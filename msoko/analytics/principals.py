"""Direction 6: the principal-effectiveness composite of a school from the year's other results.

The concept (seed 001, section 3.2.2) monitors a principal by the results of the school's
pupils, the objectivity of its external assessment and its conditions (staff among them). We
read each from indicators the same recompute already produced, on a 0–100 scale:

* results — ``results.quality_rate`` of the school over every ВПР work of the year, weighted by
  the work's participants (``principals.quality_rate``);
* objectivity — 100 when the school has no ``unobjective`` flag of level 2 or 3 that year, else
  0 (``principals.objective_results`` is the same as 1/0);
* conditions — the share of teachers with the first or highest category
  (``teachers.category_share``).

The index is the weighted mean of the components a school has (weights are a setting; the
documents set none, so the default is equal weights), and only when it has the results and the
objectivity components: a school without ВПР gets no index. The municipality's index is the
mean of its schools' indices.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

#: flags of this level and above count as signs of unobjective results (analytics/objectivity/flags.py)
UNOBJECTIVE_LEVEL = 2
DEFAULT_WEIGHTS = {"results": 1.0, "objectivity": 1.0, "conditions": 1.0}
MUNICIPALITY = "МО"
_AGGREGATES = ("МО", "Регион")


def principal_indicators(
    values: pl.DataFrame, flags: pl.DataFrame, *, weights: Mapping[str, float] = DEFAULT_WEIGHTS
) -> pl.DataFrame:
    """``org_code``, ``quality_rate``, ``objective_results``, ``effectiveness_index`` per school with
    ВПР results, and an «МО» row (ВПР quality over all participants, the mean index).

    ``values`` has the columns ``code``, ``org_code``, ``procedure``, ``value`` of indicator values
    already computed; ``flags`` has ``org_code``, ``flag``, ``level``.
    """
    vpr = values.filter(pl.col("procedure") == "ВПР")
    works = (
        vpr.filter(pl.col("code") == "results.quality_rate")
        .select("org_code", "subject", "grade", pl.col("value").alias("quality"))
        .join(
            vpr.filter(pl.col("code") == "results.participants").select(
                "org_code", "subject", "grade", pl.col("value").alias("n")
            ),
            on=["org_code", "subject", "grade"],
            nulls_equal=True,
        )
        .filter(pl.col("quality").is_not_null() & (pl.col("n") > 0))
    )
    quality = works.group_by("org_code").agg(
        ((pl.col("quality") * pl.col("n")).sum() / pl.col("n").sum()).alias("quality_rate")
    )
    schools = quality.filter(~pl.col("org_code").is_in(_AGGREGATES))
    unobjective = (
        flags.filter((pl.col("flag") == "unobjective") & (pl.col("level") >= UNOBJECTIVE_LEVEL))
        .select("org_code")
        .unique()
    )
    conditions = values.filter(
        (pl.col("code") == "teachers.category_share") & ~pl.col("org_code").is_in(_AGGREGATES)
    ).select("org_code", pl.col("value").alias("conditions"))
    w_results, w_objectivity, w_conditions = (float(weights.get(k, 0.0)) for k in DEFAULT_WEIGHTS)
    scored = (
        schools.join(conditions, on="org_code", how="left")
        .with_columns(
            pl.col("org_code")
            .is_in(unobjective["org_code"].implode())
            .not_()
            .cast(pl.Float64)
            .alias("objective")
        )
        .with_columns(
            (
                (
                    w_results * pl.col("quality_rate")
                    + w_objectivity * 100 * pl.col("objective")
                    + (w_conditions * pl.col("conditions")).fill_null(0.0)
                )
                / (
                    w_results
                    + w_objectivity
                    + pl.when(pl.col("conditions").is_null()).then(0.0).otherwise(w_conditions)
                )
            ).alias("effectiveness_index")
        )
        .select(
            "org_code", "quality_rate", pl.col("objective").alias("objective_results"), "effectiveness_index"
        )
    )
    municipal = quality.filter(pl.col("org_code") == MUNICIPALITY).select(
        "org_code",
        "quality_rate",
        pl.lit(None, dtype=pl.Float64).alias("objective_results"),
        pl.lit(scored["effectiveness_index"].mean() if scored.height else None, dtype=pl.Float64).alias(
            "effectiveness_index"
        ),
    )
    return pl.concat([municipal, scored.sort("org_code")])

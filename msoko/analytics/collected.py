"""Values organisations report (monitoring forms, campaigns, surveys) as indicator values, with
the municipality's figure (docs/methodology.md#collected-values).

The municipality's figure depends on the unit: counts add up over organisations; percentages,
scores and other numbers are the mean over the organisations that reported (every organisation
weighs the same: the forms give no denominators); a yes/no indicator has none — its page shows
which organisations answered «да».
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY

SUMMED = "sum"
AVERAGED = "mean"


def with_municipality(values: pl.DataFrame, rules: Mapping[str, str]) -> pl.DataFrame:
    """``org_code``, ``code``, ``value`` of the organisations plus an «МО» row per indicator whose
    rule (``rules``: code → «sum» | «mean») says how to combine them; codes without a rule get none."""
    reported = values.filter(pl.col("value").is_not_null())
    rule = pl.col("code").replace_strict(dict(rules), default=None, return_dtype=pl.String)
    municipal = (
        reported.with_columns(rule.alias("rule"))
        .filter(pl.col("rule").is_not_null())
        .group_by("code")
        .agg(
            pl.when(pl.col("rule").first() == SUMMED)
            .then(pl.col("value").sum())
            .otherwise(pl.col("value").mean())
            .alias("value")
        )
        .select(pl.lit(MUNICIPALITY).alias("org_code"), "code", "value")
    )
    return pl.concat([municipal.sort("code"), reported.select("org_code", "code", "value")])

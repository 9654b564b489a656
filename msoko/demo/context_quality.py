"""Recall and precision of direction 2's flags on generated municipalities with known truth
(``context_world.py``): adverse conditions, low results, resilient schools."""

from __future__ import annotations

import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.context import DEFAULT_COMPONENTS, adverse_flags, context_index
from msoko.analytics.low_results import low_results_flags
from msoko.analytics.resilience import resilient_flags, school_results, value_added
from msoko.demo.context_world import YEARS, ContextWorld, generate


def flagged(world: ContextWorld) -> pl.DataFrame:
    """truth + adverse / low / resilient: whether each school is flagged."""
    index = context_index(world.schools, components=DEFAULT_COMPONENTS)
    year = YEARS[-1]
    results = school_results([rows for (_, y), rows in world.works.items() if y == year])
    added = value_added(results, index)
    out = world.truth
    for name, flags in (
        ("adverse_flag", adverse_flags(index)),
        ("low_flag", low_results_flags(world.counts, start_year=year)),
        ("resilient_flag", resilient_flags(added)),
    ):
        out = out.with_columns(pl.col(C.ORG_CODE).is_in(flags[C.ORG_CODE].implode()).alias(name))
    return out


def quality(seeds: tuple[int, ...] = (1, 2, 3)) -> pl.DataFrame:
    """measure, value over the seeds: recall (and precision) of each flag."""
    rows = pl.concat([flagged(generate(seed)) for seed in seeds])

    def share(mask: pl.Expr, of: pl.Expr) -> float:
        part = rows.filter(of)
        return float(part.select(mask.mean()).item()) if part.height else float("nan")

    return pl.DataFrame(
        {
            "measure": [
                "adverse: recall",
                "low results: recall",
                "low results: precision",
                "resilient: recall",
                "resilient: precision",
                "honest strong-context schools flagged low",
            ],
            "value": [
                share(pl.col("adverse_flag"), pl.col("adverse")),
                share(pl.col("low_flag"), pl.col("low")),
                share(pl.col("low"), pl.col("low_flag")),
                share(pl.col("resilient_flag"), pl.col("resilient")),
                share(pl.col("resilient"), pl.col("resilient_flag")),
                share(pl.col("low_flag"), (pl.col("context") > 0) & ~pl.col("low")),
            ],
            "schools": [
                rows.filter(pl.col("adverse")).height,
                rows.filter(pl.col("low")).height,
                rows.filter(pl.col("low_flag")).height,
                rows.filter(pl.col("resilient")).height,
                rows.filter(pl.col("resilient_flag")).height,
                rows.filter((pl.col("context") > 0) & ~pl.col("low")).height,
            ],
        }
    )

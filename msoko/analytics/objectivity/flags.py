"""From findings to flags: `unobjective` (our criteria) and `official_markers` (FIOKO 2019).

A school's `unobjective` level adds, over the criteria that fired for it, the criterion's
weight (1 by default) and one more where the evidence is strong (p < strong_alpha); it is
capped at 3. One criterion → level 1 (watch), two or one strong → 2, three and more → 3 (high
risk). The `official_markers` level is the number of markers, capped at 3.
docs/methodology.md#objectivity-flags.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.objectivity.findings import CRITERION

UNOBJECTIVE, OFFICIAL = "unobjective", "official_markers"
#: ``reasons``: one sentence per fired criterion, strongest first; worded together only when shown
FLAG_SCHEMA = {C.ORG_CODE: pl.String, "flag": pl.String, "level": pl.Int64, "reasons": pl.List(pl.String)}
MAX_LEVEL = 3


def unobjective_flags(
    findings: pl.DataFrame, *, weights: Mapping[str, int] | None = None, strong_bonus: int = 1
) -> pl.DataFrame:
    """One row per school with a fired criterion: level 1–3 and the reasons, strongest first."""
    fired = findings.filter(pl.col("fired"))
    if fired.is_empty():
        return pl.DataFrame(schema=FLAG_SCHEMA)
    weight = pl.col(CRITERION).replace_strict(
        {k: float(v) for k, v in (weights or {}).items()}, default=1.0, return_dtype=pl.Float64
    )
    # a criterion weighted 0 (or less) does not count; fractional weights add up before rounding
    counted = fired.filter(weight > 0)
    per_criterion = (
        counted.with_columns((weight + pl.col("strong").cast(pl.Float64) * strong_bonus).alias("points"))
        .group_by(C.ORG_CODE, CRITERION)
        .agg(pl.col("points").max())
    )
    return _flags(counted, per_criterion, UNOBJECTIVE)


def official_flags(findings: pl.DataFrame) -> pl.DataFrame:
    """One row per school with at least one 2019 marker: level = markers (capped), the reasons."""
    fired = findings.filter(pl.col("fired"))
    if fired.is_empty():
        return pl.DataFrame(schema=FLAG_SCHEMA)
    per_marker = fired.group_by(C.ORG_CODE, CRITERION, "scope").agg(pl.lit(1).alias("points"))
    return _flags(fired, per_marker, OFFICIAL)


def _flags(fired: pl.DataFrame, points: pl.DataFrame, flag: str) -> pl.DataFrame:
    reasons = (
        fired.sort(pl.col("p_value").fill_null(1.0), "scope", "reason")
        .group_by(C.ORG_CODE, maintain_order=True)
        .agg(pl.col("reason").alias("reasons"))
    )
    return (
        points.group_by(C.ORG_CODE)
        .agg(pl.col("points").sum().round().clip(1, MAX_LEVEL).cast(pl.Int64).alias("level"))
        .join(reasons, on=C.ORG_CODE)
        .with_columns(pl.lit(flag).alias("flag"))
        .select(list(FLAG_SCHEMA))
        .sort(C.ORG_CODE)
    )

"""Direction 8 from its registers: membership of methodical associations and the bank of
best practices (docs/methodology.md#methodical-registers)."""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY


def methodical_indicators(
    teachers: pl.DataFrame, members: pl.Series, *, rmo_count: int, practices: pl.DataFrame
) -> pl.DataFrame:
    """``org_code``, ``teachers_in_associations_share``, ``best_practices_count``, ``rmo_count``
    per organisation with teachers and for «МО».

    ``teachers`` has ``code`` and ``org_code`` (the registry of the year); ``members`` the codes of
    the leaders and members of the year's РМО and ШМО; ``practices`` the ``org_code`` (null for a
    municipal one) of every approved practice of the year. ``rmo_count`` is the municipality's.
    """
    marked = teachers.select("org_code", pl.col("code").is_in(members.implode()).alias("member"))
    approved = practices.group_by("org_code").agg(pl.len().cast(pl.Int64).alias("best_practices_count"))
    schools = (
        marked.group_by("org_code")
        .agg((pl.col("member").mean() * 100).alias("teachers_in_associations_share"))
        .join(approved, on="org_code", how="left")
        .with_columns(
            pl.col("best_practices_count").fill_null(0), pl.lit(None, dtype=pl.Int64).alias("rmo_count")
        )
        .sort("org_code")
    )
    municipal = pl.DataFrame(
        {
            "org_code": [MUNICIPALITY],
            "teachers_in_associations_share": [marked["member"].mean() * 100 if marked.height else None],
            "best_practices_count": [practices.height],
            "rmo_count": [rmo_count],
        },
        schema=schools.schema,
    )
    return pl.concat([municipal, schools])

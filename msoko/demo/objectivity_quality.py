"""Recall of planted schools and the share of honest schools flagged, ours against the
official 2019 markers, on generated municipalities (``planted.py``). Used by the benchmark
(`make bench`) and by a test of the quality bar."""

from __future__ import annotations

import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.objectivity.assess import Work, official_findings, our_findings
from msoko.analytics.objectivity.findings import Thresholds
from msoko.analytics.objectivity.flags import official_flags, unobjective_flags
from msoko.demo.planted import KINDS, PlantedWorld, generate


def works_of(world: PlantedWorld) -> list[Work]:
    return [
        Work(
            scope=p.key,
            kind="ВПР",
            subject=p.subject,
            grade=p.grade,
            start_year=int(p.year[:4]),
            results=world.vpr[p.key],
            tasks=p.tasks,
            cuts=dict(p.spec.scale),
        )
        for p in world.procedures
    ]


def flagged(world: PlantedWorld, th: Thresholds | None = None) -> pl.DataFrame:
    """truth + `ours` and `official` (flag level, 0 when not flagged) per school."""
    works = works_of(world)
    later = [w for w in works if w.start_year == max(x.start_year for x in works)]
    earlier = [w for w in works if w not in later]
    # the generated world's two years are judged together: each year's works, cohorts into the later
    ours = unobjective_flags(
        pl.concat(
            [
                our_findings(earlier, oge=world.oge, ege_russian=world.ege, th=th),
                our_findings(later, earlier=earlier, th=th),
            ]
        )
    )
    theirs = official_flags(
        pl.concat([official_findings(earlier, oge=world.oge), official_findings(later, earlier=earlier)])
    )
    return (
        world.truth.join(ours.select(C.ORG_CODE, pl.col("level").alias("ours")), on=C.ORG_CODE, how="left")
        .join(theirs.select(C.ORG_CODE, pl.col("level").alias("official")), on=C.ORG_CODE, how="left")
        .with_columns(pl.col("ours", "official").fill_null(0))
    )


def quality(
    seeds: tuple[int, ...] = (1, 2, 3),
    *,
    schools: int = 300,
    per_kind: int = 5,
    th: Thresholds | None = None,
) -> pl.DataFrame:
    """Per group (each planted kind; honest regular, strong, tiny, weak; all honest): schools,
    and the share flagged by our criteria and by the official markers, over the seeds."""
    rows = pl.concat(
        [flagged(generate(seed, schools=schools, per_kind=per_kind), th) for seed in seeds]
    ).with_columns(pl.coalesce(pl.col("planted"), pl.lit("honest, ") + pl.col("type")).alias("group"))
    honest = rows.filter(pl.col("planted").is_null()).with_columns(pl.lit("honest, all").alias("group"))
    order = [*KINDS, "honest, regular", "honest, strong", "honest, tiny", "honest, weak", "honest, all"]
    return (
        pl.concat([rows, honest])
        .group_by("group")
        .agg(
            pl.len().alias("schools"),
            (pl.col("ours") > 0).mean().alias("ours"),
            (pl.col("official") > 0).mean().alias("official"),
        )
        .with_columns(pl.col("group").replace_strict({g: i for i, g in enumerate(order)}).alias("_order"))
        .sort("_order")
        .drop("_order")
    )

"""ВсОШ in the `olympiad` format: school, municipal and regional stages per school year.

Participation and scores lean to the strong, so winners come from the strong schools; each
stage is drawn from the pupils the previous one qualified.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.results.headers import (
    CLASS,
    MAX_POINTS,
    OLYMPIAD_HEADERS,
    ORG,
    PARTICIPANT,
    POINTS,
    STAGE,
    STATUS,
    SUBJECT,
)
from msoko.demo.results.model import Model, sigmoid

OLYMPIAD_SUBJECTS = {  # subject -> the lowest grade of its school stage
    "Математика": 4,
    "Русский язык": 4,
    "Английский язык": 5,
    "Литература": 5,
    "История": 5,
    "Биология": 5,
    "География": 5,
    "Обществознание": 6,
    "Физика": 7,
    "Информатика": 5,
    "Химия": 8,
    "Экология": 7,
}
OLYMPIAD_PARTICIPATION = 0.025  # per subject, before the tilt to the strong: ~20 % of pupils overall
STATUS_QUOTA, WINNER_SHARE_OF_MAX, PRIZE_SHARE_OF_MAX = 0.45, 0.5, 0.4  # methodology §5.4
MUNICIPAL_ENTRY = 0.5  # share of the school stage's maximum that invites to the municipal stage
REGIONAL_PER_GRADE = 3  # the region's passing score lets about the best three of a grade through


def olympiad_results(model: Model, year: str) -> pl.DataFrame:
    rng = model.rng("olympiad", year)
    names = sorted(OLYMPIAD_SUBJECTS)
    names.remove("Математика")
    count = int(rng.integers(4, 7))
    subjects = ["Математика", *(names[i] for i in sorted(rng.choice(len(names), count - 1, replace=False)))]
    school = []
    for subject in subjects:
        pupils = model.of(year, range(OLYMPIAD_SUBJECTS[subject], 12))
        rng = model.rng("olympiad", year, subject)
        theta = model.theta(pupils, subject)
        takes = rng.random(pupils.height) < np.minimum(OLYMPIAD_PARTICIPATION * np.exp(0.8 * theta), 0.6)
        school.append(
            pupils.filter(pl.Series(takes)).with_columns(
                pl.lit(subject).alias(SUBJECT), pl.Series("_theta", theta[takes])
            )
        )
    school_stage = _olympiad_stage(
        model, year, "школьный", pl.concat(school), difficulty=0.3, tops=(30, 40, 50, 100)
    )
    municipal_pool = school_stage.filter(
        pl.col(C.GRADE) >= 7, pl.col(POINTS) >= MUNICIPAL_ENTRY * pl.col(MAX_POINTS)
    )
    municipal = _olympiad_stage(
        model, year, "муниципальный", municipal_pool, difficulty=1.2, tops=(50, 70, 100)
    )
    regional_pool = (
        municipal.filter(pl.col(C.GRADE) >= 9, pl.col(STATUS) != "участник")
        .sort(SUBJECT, C.GRADE, POINTS, PARTICIPANT, descending=[False, False, True, False])
        .group_by(SUBJECT, C.GRADE, maintain_order=True)
        .head(REGIONAL_PER_GRADE)
    )
    regional = _olympiad_stage(model, year, "региональный", regional_pool, difficulty=2.0, tops=(100,))
    stage_order = pl.Enum(["школьный", "муниципальный", "региональный"])
    return (
        pl.concat([school_stage, municipal, regional])
        .select(OLYMPIAD_HEADERS)
        .sort(pl.col(STAGE).cast(stage_order), SUBJECT, CLASS, ORG, PARTICIPANT)
    )


def _olympiad_stage(
    model: Model, year: str, stage: str, pupils: pl.DataFrame, *, difficulty: float, tops: tuple[int, ...]
) -> pl.DataFrame:
    """Scores and statuses of one stage; the ranking is per school at the school stage, per
    subject and grade above it. Winners and prize-winners stay within the quota of §5.4."""
    rng = model.rng("olympiad stage", year, stage)
    pupils = pupils.select("student_code", C.ORG_CODE, C.GRADE, SUBJECT, "_theta").sort(
        SUBJECT, C.GRADE, C.ORG_CODE, "student_code"
    )
    groups = pupils.select(SUBJECT, C.GRADE).unique().sort(SUBJECT, C.GRADE)
    groups = groups.with_columns(pl.Series(MAX_POINTS, rng.choice(tops, groups.height), dtype=pl.Int64))
    pupils = pupils.join(groups, on=[SUBJECT, C.GRADE])
    theta = pupils["_theta"].to_numpy()
    p = sigmoid(1.2 * (theta - difficulty) + rng.normal(0, 0.4, pupils.height))
    points = rng.binomial(pupils[MAX_POINTS].to_numpy(), p)
    ranked_by = [SUBJECT, C.GRADE] + ([C.ORG_CODE] if stage == "школьный" else [])
    rank, size = pl.int_range(1, pl.len() + 1).over(ranked_by), pl.len().over(ranked_by)
    in_quota = rank <= (size * STATUS_QUOTA).floor()
    share = pl.col(POINTS) / pl.col(MAX_POINTS)
    return (
        pupils.with_columns(pl.Series(POINTS, points, dtype=pl.Int64))
        .sort([*ranked_by, POINTS, "student_code"], descending=[False] * len(ranked_by) + [True, False])
        .with_columns(
            pl.when(in_quota & (rank == 1) & (share >= WINNER_SHARE_OF_MAX))
            .then(pl.lit("победитель"))
            .when(in_quota & (share >= PRIZE_SHARE_OF_MAX))
            .then(pl.lit("призёр"))
            .otherwise(pl.lit("участник"))
            .alias(STATUS),
            pl.lit(stage).alias(STAGE),
            pl.col(C.ORG_CODE).alias(ORG),
            pl.col("student_code").alias(PARTICIPANT),
            pl.col(C.GRADE).cast(pl.Int64).alias(CLASS),
        )
    )

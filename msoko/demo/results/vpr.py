"""ВПР and other works in the `results` format, one frame per work.

Task scores follow a two-parameter item-response model on θ; absences, untouched tasks and
the teacher's journal mark are added so the analytics meet what real files contain.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.results.headers import (
    CLASS,
    JOURNAL_MARK,
    MARK,
    ORG,
    PARTICIPANT,
    SEX,
    TOTAL,
    VARIANT,
)
from msoko.demo.results.model import Model, choice, marks_from_cuts, sigmoid, top_k

SITTING_SD = 0.2  # a good or a bad day at the work
LEVEL_DIFFICULTY = {"Б": -0.8, "П": 0.4, "В": 1.1}
TASK_DIFFICULTY_SD = 0.45
ABSENT_RATE = (0.05, 0.08)
NOT_ATTEMPTED_SHARE = 0.01
# a teacher's mark minus the ВПР mark: mostly equal, a mild upward bias, rarely two marks apart
JOURNAL_DELTA = ((-2, -1, 0, 1, 2), (0.01, 0.08, 0.68, 0.21, 0.02))
JOURNAL_MISSING = 0.03


@dataclass(frozen=True)
class WorkSpec:
    """What the generator needs to know about a work; taken from its scheme.

    The scale is left out of the hash (a dict is not hashable) but kept in equality.
    """

    procedure: str
    subject: str
    grade: int
    school_year: str
    task_labels: tuple[str, ...]
    task_max: tuple[int, ...]
    task_levels: tuple[str, ...]
    scale: dict[int, int] = field(hash=False)  # mark -> lowest primary score


def vpr_results(model: Model, work: WorkSpec) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = model.rng("work", work.procedure, work.subject, work.grade, work.school_year)
    pupils = model.of(work.school_year, [work.grade])
    n, tasks = pupils.height, len(work.task_labels)
    theta = model.theta(pupils, work.subject) + rng.normal(0, SITTING_SD, n)
    # the weak miss the day a little more often
    proneness = np.exp(-0.25 * theta)
    absent = rng.random(n) < rng.uniform(*ABSENT_RATE) * proneness / (proneness.mean() if n else 1.0)
    discrimination = rng.uniform(0.5, 1.0, tasks)
    difficulty = np.array([LEVEL_DIFFICULTY[level] for level in work.task_levels]) + rng.normal(
        0, TASK_DIFFICULTY_SD, tasks
    )
    p = sigmoid(discrimination * (theta[:, None] - difficulty))
    scores = rng.binomial(np.array(work.task_max, dtype=np.int64), p)
    # a few pupils leave one or two tasks untouched, more often the last ones
    skipping = rng.random(n) < NOT_ATTEMPTED_SHARE
    order = top_k(rng, np.tile(np.arange(1.0, tasks + 1), (n, 1)))
    how_many = rng.integers(1, 3, n)
    not_attempted = np.zeros((n, tasks), dtype=bool)
    for k in range(min(2, tasks)):
        rows = skipping & (how_many > k)
        not_attempted[rows, order[rows, k]] = True
    scores = np.where(not_attempted, 0, scores)
    total = scores.sum(axis=1)
    mark = marks_from_cuts(total, work.scale)
    journal = np.clip(mark + choice(rng, JOURNAL_DELTA, n), 2, 5)
    journal_missing = rng.random(n) < JOURNAL_MISSING
    cells = np.where(not_attempted, "X", scores.astype(str))
    frame = pl.DataFrame(
        [
            pupils[C.ORG_CODE].alias(ORG),
            pupils[C.CLASS_NAME].alias(CLASS),
            pupils["student_code"].alias(PARTICIPANT),
            pl.Series(VARIANT, np.where(rng.random(n) < 0.5, "1", "2")),
            *(pl.Series(label, cells[:, i]) for i, label in enumerate(work.task_labels)),
            pl.Series(TOTAL, total, dtype=pl.Int64),
            pl.Series(MARK, mark, dtype=pl.Int64),
            pl.Series(JOURNAL_MARK, journal, dtype=pl.Int64).scatter(np.flatnonzero(journal_missing), None),
            pupils["sex"].alias(SEX),
        ]
    )
    truth = pupils.select(
        pl.col(C.ORG_CODE).alias(ORG),
        pl.col(C.CLASS_NAME).alias(CLASS),
        pl.col("student_code").alias(PARTICIPANT),
        pl.Series("_absent", absent),
        pl.col("ability").alias("_ability"),
        pl.Series("_theta", theta),
    )
    return frame.filter(~pl.Series(absent)), truth

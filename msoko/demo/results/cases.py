"""Planted cases of unobjective results in the demo municipality, so the direction-5 pages
show something real: each kind of manipulation in one urban school, while the gymnasium
(0101) and the tiny rural schools stay honest as controls.

The manipulations are those of ``msoko/demo/planted.py``, applied to the import-ready frames
before they are loaded (task cells, totals and marks recomputed; the journal and annual marks
of the honest record stay, which is what makes the inflation visible).
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import polars as pl

from msoko.demo.draws import keyed_rng
from msoko.demo.planted import plant_scores
from msoko.demo.results.headers import (
    ANNUAL_MARK,
    CLASS,
    EXAM,
    MARK,
    MEDAL,
    ORG,
    PARTICIPANT,
    SUBJECT,
    TEST_SCORE,
    TOTAL,
)
from msoko.demo.results.model import marks_from_cuts
from msoko.demo.results.vpr import WorkSpec

#: school → (kind, the school years it is planted in)
DEMO_CASES: Mapping[str, tuple[str, tuple[str, ...]]] = {
    "0104": ("journal", ("2023/2024", "2024/2025")),
    "0105": ("bunching", ("2024/2025",)),
    "0107": ("hard_tasks", ("2024/2025",)),
    "0108": ("similar", ("2024/2025",)),
    "0109": ("cohort", ("2023/2024",)),  # grade 4 inflated in 2023/24, grade 5 honest in 2024/25
    "0103": ("oge_annual", ("2024/2025",)),
    "0110": ("medals", ("2022/2023", "2023/2024", "2024/2025")),
}
NOT_ATTEMPTED = "X"
MEDAL_EXTRA_CANDIDATES = 4  # graduates a year named candidates without the ЕГЭ to confirm it
MEDAL_SCORE = 70


def plant_vpr(vpr: dict[WorkSpec, pl.DataFrame], *, seed: int) -> dict[WorkSpec, pl.DataFrame]:
    """The `results` frames with the ВПР cases planted (one work for «similar»)."""
    out = dict(vpr)
    similar_done: set[str] = set()
    for work, frame in sorted(
        vpr.items(), key=lambda item: (item[0].school_year, item[0].grade, item[0].subject)
    ):
        for school, (kind, years) in DEMO_CASES.items():
            if work.school_year not in years or frame.is_empty():
                continue
            if kind == "similar":
                if school in similar_done or work.subject != "Математика":
                    continue
                similar_done.add(school)
            out[work] = _plant_work(out[work], work, school, kind, keyed_rng(seed, "case", school, work))
    return out


def _plant_work(
    frame: pl.DataFrame, work: WorkSpec, school: str, kind: str, rng: np.random.Generator
) -> pl.DataFrame:
    rows = np.flatnonzero((frame[ORG] == school).to_numpy())
    if not len(rows):
        return frame
    labels = list(work.task_labels)
    cells = frame.select(labels).to_numpy().astype(str)[rows]
    old = np.where(cells == NOT_ATTEMPTED, "0", cells).astype(np.int64)
    new = plant_scores(
        rng,
        kind,
        old,
        maxima=np.array(work.task_max),
        levels=np.array(work.task_levels),
        cuts=sorted(work.scale.values()),
        classes=frame[CLASS].to_numpy()[rows].astype(str),
        grade=work.grade,
    )
    if np.array_equal(new, old):
        return frame
    cells = np.where(new != old, new.astype(str), cells)
    totals = new.sum(axis=1)
    marks = marks_from_cuts(totals, work.scale)
    index = pl.Series(rows)
    columns = [frame[label].scatter(index, cells[:, i]) for i, label in enumerate(labels)]
    columns += [frame[TOTAL].scatter(index, totals), frame[MARK].scatter(index, marks)]
    return frame.with_columns(columns)


def plant_gia(gia: dict[str, pl.DataFrame], *, seed: int) -> dict[str, pl.DataFrame]:
    """The `gia` frames with the annual-mark and medal cases planted."""
    out = {}
    for year, frame in gia.items():
        for school, (kind, years) in DEMO_CASES.items():
            if year not in years:
                continue
            rng = keyed_rng(seed, "case", school, year)
            if kind == "oge_annual":
                frame = _inflate_annual(frame, school, rng)
            elif kind == "medals":
                frame = _unearned_medals(frame, school)
        out[year] = frame
    return out


def _inflate_annual(frame: pl.DataFrame, school: str, rng: np.random.Generator) -> pl.DataFrame:
    """Most of the school's ОГЭ takers get an annual mark one higher."""
    chosen = pl.Series(rng.random(frame.height) < 0.8)
    hit = (pl.col(EXAM) == "ОГЭ") & (pl.col(ORG) == school) & chosen
    return frame.with_columns(
        pl.when(hit)
        .then(pl.min_horizontal(pl.col(ANNUAL_MARK) + 1, pl.lit(5)))
        .otherwise(pl.col(ANNUAL_MARK))
        .alias(ANNUAL_MARK)
    )


def _unearned_medals(frame: pl.DataFrame, school: str) -> pl.DataFrame:
    """The school names its best graduates below 70 in ЕГЭ Russian medal candidates too."""
    russian = frame.filter(
        (pl.col(EXAM) == "ЕГЭ")
        & (pl.col(SUBJECT) == "Русский язык")
        & (pl.col(ORG) == school)
        & (pl.col(TEST_SCORE) < MEDAL_SCORE)
        & pl.col(MEDAL).is_null()
    ).sort(TEST_SCORE, descending=True)
    named = russian[PARTICIPANT].head(MEDAL_EXTRA_CANDIDATES).to_list()
    hit = (pl.col(EXAM) == "ЕГЭ") & pl.col(PARTICIPANT).is_in(named)
    return frame.with_columns(
        pl.when(hit).then(pl.lit("да")).otherwise(pl.col(MEDAL)).alias(MEDAL),
        pl.when(hit).then(5).otherwise(pl.col(ANNUAL_MARK)).alias(ANNUAL_MARK),
    )

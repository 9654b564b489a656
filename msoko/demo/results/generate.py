"""Generating every procedure at once, and the containers the results come back in.

Kept apart from the procedures so that each of them depends only on the shared model, and
the one place that knows all of them is this small orchestration.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from msoko.demo.generator import DemoWorld
from msoko.demo.results.cases import DEMO_CASES, plant_gia, plant_vpr
from msoko.demo.results.courses import teacher_courses
from msoko.demo.results.gia import gia_results
from msoko.demo.results.marks import journal_marks
from msoko.demo.results.model import Model
from msoko.demo.results.olympiad import olympiad_results
from msoko.demo.results.vpr import WorkSpec, vpr_results


@dataclass
class DemoTruths:
    """The latent values behind the generated files, for tests and for planted phenomena."""

    # every enrolled pupil of the work: Код ОО, Класс, Код участника, _absent, _ability, _theta
    vpr: dict[WorkSpec, pl.DataFrame]
    vpr_absent: dict[WorkSpec, int]
    medal_inflating_schools: tuple[str, ...]  # schools that name too many medal candidates
    #: the planted cases of unobjective results: school → (kind, school years)
    planted: Mapping[str, tuple[str, tuple[str, ...]]] = field(default_factory=dict)


@dataclass
class DemoResults:
    """Import-ready frames (headers exactly as in the import formats) and the truths behind them."""

    vpr: dict[WorkSpec, pl.DataFrame]  # `results`
    gia: dict[str, pl.DataFrame]  # `gia`, per school year
    marks: dict[str, pl.DataFrame]  # `marks`, per school year
    olympiad: dict[str, pl.DataFrame]  # `olympiad`, per school year
    courses: pl.DataFrame  # `courses`, over all years
    truths: DemoTruths


def generate_results(world: DemoWorld, works: Sequence[WorkSpec], *, seed: int) -> DemoResults:
    """Results of every procedure for the three school years of `world`.

    Args:
        world: the municipality; its students' codes are stable across years, so the files link
            pupils from year to year (a bonus over ФИС ОКО, where codes change).
        works: the ВПР-like works to fill (one `results` frame each); a work whose grade nobody
            attends in its year gives an empty frame.
        seed: the results' own seed; the same (world, works, seed) gives equal frames.
    """
    model = Model(world, seed)
    vpr, vpr_truth = {}, {}
    for work in works:
        vpr[work], vpr_truth[work] = vpr_results(model, work)
    gia = {year: gia_results(model, year) for year in model.years}
    marks = {year: journal_marks(model, year, gia[year]) for year in model.years}
    # the cases of direction 5 go in after the journal is written from the honest record
    vpr, gia = plant_vpr(vpr, seed=seed), plant_gia(gia, seed=seed)
    olympiad = {year: olympiad_results(model, year) for year in model.years}
    truths = DemoTruths(
        vpr=vpr_truth,
        vpr_absent={work: int(frame["_absent"].sum()) for work, frame in vpr_truth.items()},
        medal_inflating_schools=model.medal_inflating_schools,
        planted=DEMO_CASES,
    )
    return DemoResults(vpr, gia, marks, olympiad, teacher_courses(model), truths)

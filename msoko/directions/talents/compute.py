"""Direction 3's computation in every recompute: the olympiad indicators (`talents.*`)."""

from __future__ import annotations

import polars as pl

from msoko.analytics.talents import talents_indicators
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import Computation, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

CODES = CATALOGUE.computed_by("talents.olympiad")


def talents_values(frames: YearFrames) -> Outcome:
    """Per school and «МО», from the year's ВсОШ protocols; nothing without a municipal stage."""
    olympiad = frames.olympiad()
    if olympiad.filter(pl.col("stage") == "муниципальный").is_empty():
        return Outcome()
    return Outcome(values=organisation_values(talents_indicators(olympiad, frames.students()), CODES))


COMPUTATION = Computation(code="talents", title="показатели олимпиад", order=40, compute=talents_values)

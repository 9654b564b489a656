"""Direction 4's computation in every recompute: the graduates' ЕГЭ results (`career.*`)."""

from __future__ import annotations

from msoko.analytics.career import career_indicators
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import Computation, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

CODES = CATALOGUE.computed_by("career.gia")


def career_values(frames: YearFrames) -> Outcome:
    """Per school and «МО», from the year's ЕГЭ results; nothing without ЕГЭ."""
    gia = frames.gia()
    if gia.filter(gia["exam"] == "ЕГЭ").is_empty():
        return Outcome()
    return Outcome(values=organisation_values(career_indicators(gia), CODES))


COMPUTATION = Computation(code="career", title="показатели профориентации", order=45, compute=career_values)

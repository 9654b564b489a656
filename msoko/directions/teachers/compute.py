"""Direction 7's computation in every recompute: the indicators of the teachers' registry."""

from __future__ import annotations

from datetime import date

from django.conf import settings

from msoko.analytics.teachers import development_indicators, teachers_indicators
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import Computation, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

CODES = CATALOGUE.computed_by("teachers.registry")


def teachers_values(frames: YearFrames) -> Outcome:
    """Per school and «МО», from the teachers' registry of the year."""
    teachers = frames.teachers()
    if teachers.is_empty():
        return Outcome()
    wide = teachers_indicators(teachers, young_age=settings.MSOKO_YOUNG_TEACHER_AGE)
    start = date(frames.year.start_year, 9, 1)  # the school year: 1 September to 31 August
    development = development_indicators(
        teachers, frames.courses(), start=start, end=date(start.year + 1, 8, 31)
    )
    wide = wide.join(development, on="org_code", how="left")
    return Outcome(values=organisation_values(wide, CODES))


COMPUTATION = Computation(code="teachers", title="показатели педагогов", order=50, compute=teachers_values)

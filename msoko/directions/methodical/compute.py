"""Direction 8's computation in every recompute: its indicators from its own registers
(membership of РМО and ШМО, approved best practices, the number of РМО)."""

from __future__ import annotations

import polars as pl

from msoko.analytics.methodical import methodical_indicators
from msoko.directions.methodical.models import Association, Level, Practice, PracticeStatus
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import Computation, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

CODES = CATALOGUE.computed_by("methodical")


def methodical_values(frames: YearFrames) -> Outcome:
    """Per organisation with teachers in the year's registry and for «МО»; nothing in a year
    without associations or practices."""
    year = frames.year
    associations = Association.objects.filter(school_year=year)
    practices = Practice.objects.filter(school_year=year, status=PracticeStatus.APPROVED)
    if not associations.exists() and not practices.exists():
        return Outcome()
    codes = {
        *Association.members.through.objects.filter(association__school_year=year).values_list(
            "teacher__code", flat=True
        ),
        *associations.exclude(leader=None).values_list("leader__code", flat=True),
    }
    wide = methodical_indicators(
        frames.teachers().select("code", "org_code"),
        pl.Series("code", sorted(codes), dtype=pl.String),
        rmo_count=associations.filter(level=Level.MUNICIPAL).count(),
        practices=pl.DataFrame(
            {"org_code": list(practices.values_list("organization__code", flat=True))},
            schema={"org_code": pl.String},
        ),
    )
    return Outcome(values=organisation_values(wide, CODES))


COMPUTATION = Computation(
    code="methodical", title="показатели методической работы", order=55, compute=methodical_values
)

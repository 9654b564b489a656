"""Direction 6's computation in every recompute: the principal-effectiveness composite.

It runs after the computations whose results it weighs (achievement, objectivity, teachers)
and reads what they produced in this run from the frames, so it imports none of them.
"""

from __future__ import annotations

from django.conf import settings

from msoko.analytics.principals import principal_indicators
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import Computation, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

CODES = CATALOGUE.computed_by("principals")


def principals_values(frames: YearFrames) -> Outcome:
    """Per school with ВПР results of the year and for «МО»; nothing without ВПР."""
    wide = principal_indicators(
        frames.produced_values(), frames.produced_flags(), weights=settings.MSOKO_PRINCIPAL_WEIGHTS
    )
    if wide.is_empty():
        return Outcome()
    return Outcome(values=organisation_values(wide, CODES))


COMPUTATION = Computation(
    code="principals", title="эффективность руководителей", order=60, compute=principals_values
)

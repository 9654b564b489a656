"""Direction 3's computation in every recompute: the olympiad indicators (`talents.*`) and the
bank of gifted children.

The bank spans every imported year, so each year's run refreshes it whole: with the run's
other writes, in its one transaction (``Outcome.store``). A refresh over unchanged protocols
writes nothing, so the runs of the other years of a full recompute cost two reads each.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.talents import talents_indicators
from msoko.core.models import SchoolYear
from msoko.directions.talents.services import refresh_bank
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import Computation, OrgIds, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

CODES = CATALOGUE.computed_by("talents.olympiad")


def talents_values(frames: YearFrames) -> Outcome:
    """Per school and «МО», from the year's ВсОШ protocols (none without a municipal stage);
    the bank is refreshed whatever the year holds (its protocols may have been removed)."""
    olympiad = frames.olympiad()
    if olympiad.filter(pl.col("stage") == "муниципальный").is_empty():
        return Outcome(store=store_bank)
    values = organisation_values(talents_indicators(olympiad, frames.students()), CODES)
    return Outcome(values=values, store=store_bank)


def store_bank(year: SchoolYear, ids: OrgIds) -> None:
    refresh_bank(actor=None)


COMPUTATION = Computation(code="talents", title="показатели олимпиад", order=40, compute=talents_values)

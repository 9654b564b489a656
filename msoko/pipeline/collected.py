"""The recompute's first computation: the values organisations reported for the year (the
`monitoring` import, campaign forms, survey aggregates) as indicator values, with the
municipality's figure, so that direction pages and exports show them like computed ones."""

from __future__ import annotations

import polars as pl

from msoko.analytics.collected import AVERAGED, SUMMED, with_municipality
from msoko.indicators.catalogue import CATALOGUE, Source, Unit
from msoko.indicators.selectors import collected_frame
from msoko.pipeline.computations import VALUE_COLUMNS, Computation, Outcome, register
from msoko.pipeline.frames import YearFrames

COLLECTED_SOURCES = (Source.MONITORING, Source.SURVEY, Source.REGISTER)
_RULES = {Unit.COUNT: SUMMED, Unit.NUMBER: SUMMED, Unit.PERCENT: AVERAGED, Unit.SCORE: AVERAGED}


def collected_codes() -> list[str]:
    """The indicators organisations report (not those the system computes)."""
    return [i.code for i in CATALOGUE if i.source in COLLECTED_SOURCES and not i.computation]


def municipal_rules() -> dict[str, str]:
    """How «МО» combines each reported indicator, by its unit (none for yes/no ones)."""
    return {
        i.code: i.combine or _RULES[i.unit]
        for i in CATALOGUE
        if i.source in COLLECTED_SOURCES and not i.computation and (i.combine or i.unit in _RULES)
    }


def collected_values(frames: YearFrames) -> Outcome:
    reported = collected_frame(school_year_id=frames.year.pk).filter(pl.col("code").is_in(collected_codes()))
    if reported.is_empty():
        return Outcome()
    values = with_municipality(reported, municipal_rules()).with_columns(
        procedure=pl.lit(None, dtype=pl.String),
        subject=pl.lit(None, dtype=pl.String),
        grade=pl.lit(None, dtype=pl.Int64),
    )
    return Outcome(values=values.select(VALUE_COLUMNS))


COMPUTATION = Computation(code="collected", title="данные организаций", order=5, compute=collected_values)


def register_collected() -> None:
    register(COMPUTATION)

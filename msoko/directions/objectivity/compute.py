"""Direction 5's computation in every recompute: our objectivity criteria and the official
2019 markers, their criterion results and flags, and the municipality's objectivity index."""

from __future__ import annotations

from dataclasses import dataclass, field, fields

import polars as pl
from django.conf import settings

from msoko.analytics.columns import C
from msoko.analytics.objectivity.assess import Work, official_findings, our_findings
from msoko.analytics.objectivity.findings import Thresholds
from msoko.analytics.objectivity.flags import official_flags, unobjective_flags
from msoko.analytics.objectivity.official import objectivity_index
from msoko.assessments.models import ProcedureKind
from msoko.flags.models import FlagKind
from msoko.pipeline.computations import Computation, Outcome
from msoko.pipeline.frames import YearFrames

MEDAL_YEARS = 3  # medals are few: a school's candidates of three years are pooled
RUSSIAN = "Русский язык"


def thresholds() -> Thresholds:
    """The deployment's thresholds: ``MSOKO_OBJECTIVITY`` overrides any field of :class:`Thresholds`."""
    known = {f.name for f in fields(Thresholds)}
    overrides = {k: v for k, v in settings.MSOKO_OBJECTIVITY.items() if k in known}
    return Thresholds(**overrides)


@dataclass
class YearInputs:
    works: list[Work]  # the school year's own works
    earlier: list[Work]  # the year before, for cohorts only
    oge: pl.DataFrame
    ege_russian: pl.DataFrame
    #: every organisation that took part in a work of the year, for the official index
    participants: set[str] = field(default_factory=set)


def year_inputs(frames: YearFrames) -> YearInputs:
    works = frames.works()
    previous = frames.year_before()
    oge = frames.gia().filter(pl.col("exam") == ProcedureKind.OGE).rename({"exam": "kind"})
    ege = [
        frames.gia(year)
        .filter((pl.col("exam") == ProcedureKind.EGE) & (pl.col(C.SUBJECT) == RUSSIAN))
        .with_columns(pl.lit(year.name).alias(C.SCHOOL_YEAR))
        for year in reversed(frames.years_back(MEDAL_YEARS))
    ]
    return YearInputs(
        works=works,
        earlier=frames.works(previous) if previous else [],
        oge=oge,
        ege_russian=pl.concat(ege),
        participants={code for w in works for code in w.results[C.ORG_CODE].unique().to_list()},
    )


@dataclass
class YearFlags:
    """What the criteria found for one school year, before or without storing it."""

    ours: pl.DataFrame  # criterion results of our criteria
    official: pl.DataFrame  # criterion results of the 2019 markers
    unobjective: pl.DataFrame  # flags (org_code, flag, level, reasons)
    official_markers: pl.DataFrame
    index: float | None  # the official objectivity index of the municipality

    def flags(self) -> pl.DataFrame:
        return pl.concat([self.unobjective, self.official_markers])


def evaluate(inputs: YearInputs, th: Thresholds | None = None) -> YearFlags:
    th = th or thresholds()
    ours = our_findings(
        inputs.works, earlier=inputs.earlier, oge=inputs.oge, ege_russian=inputs.ege_russian, th=th
    )
    official = official_findings(inputs.works, earlier=inputs.earlier, oge=inputs.oge)
    return YearFlags(
        ours=ours,
        official=official,
        unobjective=unobjective_flags(ours, weights=settings.MSOKO_OBJECTIVITY_WEIGHTS),
        official_markers=official_flags(official),
        # as the page counts it: the schools that wrote any of the 2019 algorithm's works
        index=objectivity_index(official, schools=official[C.ORG_CODE].n_unique() if official.height else 0),
    )


def objectivity_outcome(frames: YearFrames) -> Outcome:
    result = evaluate(year_inputs(frames))
    criteria = pl.concat(
        [
            result.ours.with_columns(pl.lit(FlagKind.UNOBJECTIVE.value).alias("kind")),
            result.official.with_columns(pl.lit(FlagKind.OFFICIAL_MARKERS.value).alias("kind")),
        ]
    )
    return Outcome(flags=result.flags(), criteria=criteria, details={"index": result.index})


COMPUTATION = Computation(
    code="objectivity",
    title="признаки необъективности",
    order=50,
    compute=objectivity_outcome,
    flag_kinds=(FlagKind.UNOBJECTIVE.value, FlagKind.OFFICIAL_MARKERS.value),
)

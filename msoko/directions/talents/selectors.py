"""The olympiad page's reads: the year's protocols, by stage and subject and by school.

Per-school rows come from the organisations ``viewer`` may see; the municipal totals are the
municipality's (no school's data), so a school sees them beside its own row.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.talents import (
    AWARDED,
    FINAL,
    MUNICIPAL,
    PAIR,
    REGIONAL,
    SCHOOL,
    STAGE,
    STATUS,
    talents_indicators,
)
from msoko.assessments.models import OlympiadResult
from msoko.assessments.selectors import olympiad_frame
from msoko.core.models import SchoolYear
from msoko.indicators.catalogue import CATALOGUE
from msoko.registry.selectors import organization_names, students_frame

STAGES = (SCHOOL, MUNICIPAL, REGIONAL, FINAL)
#: the page's keys of each stage's columns
KEYS = {SCHOOL: "school", MUNICIPAL: "municipal", REGIONAL: "regional", FINAL: "final"}


def olympiad_years() -> list[SchoolYear]:
    """Years with any ВсОШ protocol, newest first."""
    ids = OlympiadResult.objects.values("procedure__school_year_id").distinct()
    return list(SchoolYear.objects.filter(pk__in=ids).order_by("-start_year"))


def olympiad_page(*, viewer: Any, school_year: SchoolYear) -> dict[str, Any]:
    olympiad = olympiad_frame(school_year_id=school_year.pk)
    names = organization_names(viewer=viewer).select(C.ORG_CODE, "org_name")
    indicators = talents_indicators(olympiad, students_frame())
    municipality = indicators.filter(pl.col(C.ORG_CODE) == "МО")
    schools = indicators.join(names, on=C.ORG_CODE, how="inner").sort(
        "municipal_winners", C.ORG_CODE, descending=[True, False], nulls_last=True
    )
    target = CATALOGUE.get("talents.regional_stage_share")
    return {
        "municipality": municipality.row(0, named=True) if municipality.height else None,
        "target": target.target_for(school_year.name) if target else None,
        "subjects": _by_subject(olympiad),
        "schools": schools.to_dicts(),
    }


def _by_subject(olympiad: pl.DataFrame) -> list[dict[str, Any]]:
    """Per subject: pairs and awardees of each stage."""
    pairs = olympiad.unique([STAGE, *PAIR])
    wide = pairs.group_by(C.SUBJECT).agg(
        *(
            expr
            for stage in STAGES
            for expr in (
                (pl.col(STAGE) == stage).sum().alias(f"{KEYS[stage]}_n"),
                ((pl.col(STAGE) == stage) & pl.col(STATUS).is_in(AWARDED)).sum().alias(f"{KEYS[stage]}_won"),
            )
        )
    )
    return wide.sort("municipal_n", C.SUBJECT, descending=[True, False]).to_dicts()

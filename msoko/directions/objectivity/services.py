"""Record a school's explanation of a flag, with the flag recomputed without one class."""

from __future__ import annotations

import polars as pl
from django.db import transaction

from msoko.analytics.columns import C
from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.directions.objectivity.compute import evaluate, year_inputs
from msoko.directions.objectivity.models import FlagDispute
from msoko.flags.models import Flag, FlagKind
from msoko.pipeline.frames import YearFrames
from msoko.registry.models import Organization


def what_if(*, organization: Organization, school_year: SchoolYear, excluded_class: str) -> tuple[int, str]:
    """The school's `unobjective` level and reasons with one of its classes left out of every
    work of the year (the whole municipality is re-evaluated: the baselines move too)."""
    result = evaluate(year_inputs(YearFrames(school_year, excluded=(organization.code, excluded_class))))
    row = result.unobjective.filter(pl.col(C.ORG_CODE) == organization.code)
    if row.is_empty():
        return 0, ""
    return int(row["level"][0]), "; ".join(row["reasons"][0])


def record_dispute(
    *,
    organization: Organization,
    school_year: SchoolYear,
    explanation: str,
    excluded_class: str,
    actor: User | None,
) -> FlagDispute:
    flag = Flag.objects.filter(
        organization=organization, school_year=school_year, kind=FlagKind.UNOBJECTIVE
    ).first()
    level, reasons = (flag.level, flag.reasons_text) if flag else (0, "")
    what_if_level, what_if_reasons = level, reasons
    if excluded_class:
        what_if_level, what_if_reasons = what_if(
            organization=organization, school_year=school_year, excluded_class=excluded_class
        )
    with transaction.atomic():
        record = FlagDispute.objects.create(
            school_year=school_year,
            organization=organization,
            kind=FlagKind.UNOBJECTIVE,
            level=level,
            reasons=reasons,
            explanation=explanation,
            excluded_class=excluded_class,
            what_if_level=what_if_level,
            what_if_reasons=what_if_reasons,
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            summary=f"Объяснение школы по флагу: {organization.code}, {school_year}",
            obj=record,
            details={"level": level, "excluded_class": excluded_class, "what_if_level": what_if_level},
        )
    return record

"""Record a school's explanation of a flag, with the flag recomputed without one class."""

from __future__ import annotations

import logging

import polars as pl
from django.conf import settings
from django.db import transaction

from msoko.analytics.columns import C
from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.directions.objectivity.compute import evaluate, year_inputs
from msoko.directions.objectivity.models import FlagDispute, WhatIfState
from msoko.directions.objectivity.tasks import enqueue_what_if
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
    what_if_level, what_if_reasons, state = level, reasons, WhatIfState.READY
    # on the worker (as deployed) the what-if follows; in-process it is computed right here
    later = bool(excluded_class) and settings.MSOKO_TASKS == "database"
    if later:
        state = WhatIfState.PENDING
    elif excluded_class:
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
            what_if_state=state,
            recorded_by=actor if actor is not None and actor.is_authenticated else None,
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            summary=f"Объяснение школы по флагу: {organization.code}, {school_year}",
            obj=record,
            details={
                "level": level,
                "excluded_class": excluded_class,
                "what_if_level": None if later else what_if_level,
            },
        )
        if later:
            enqueue_what_if(record)
    return record


logger = logging.getLogger(__name__)


def finish_what_if(dispute: FlagDispute) -> FlagDispute:
    """The worker's part of a dispute: the flag without the class, stored with the record."""
    try:
        level, reasons = what_if(
            organization=dispute.organization,
            school_year=dispute.school_year,
            excluded_class=dispute.excluded_class,
        )
    except Exception:
        logger.exception("what-if of dispute %s failed", dispute.pk)
        dispute.what_if_state = WhatIfState.FAILED
        dispute.save(update_fields=["what_if_state"])
        raise
    dispute.what_if_level, dispute.what_if_reasons = level, reasons
    dispute.what_if_state = WhatIfState.READY
    dispute.save(update_fields=["what_if_level", "what_if_reasons", "what_if_state"])
    return dispute

"""The register of measures and management decisions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from django.db import transaction

from msoko.core.models import AuditAction, User
from msoko.cycle.models import Finding, Measure, MeasureIndicator, Recommendation
from msoko.cycle.rules import CycleRejected
from msoko.cycle.services._common import acting_user, record
from msoko.indicators.catalogue import CATALOGUE
from msoko.registry.models import Organization

#: catalogue code → the expected change (signed, in the indicator's unit; None: not promised)
Indicators = Mapping[str, float | None]


def create_measure(
    *,
    actor: User | None,
    title: str,
    kind: str,
    direction: int,
    organizations: Iterable[Organization],
    indicators: Indicators,
    starts_on: dt.date,
    ends_on: dt.date,
    number: str = "",
    dated: dt.date | None = None,
    responsible: str = "",
    description: str = "",
    findings: Iterable[Finding] = (),
    recommendations: Iterable[Recommendation] = (),
) -> Measure:
    """A measure with its target organisations, the indicators it should move and the findings
    and recommendations it answers."""
    measure = Measure(created_by=acting_user(actor))
    _fill(
        measure,
        title,
        kind,
        direction,
        starts_on,
        ends_on,
        number,
        dated,
        responsible,
        description,
        indicators,
    )
    with transaction.atomic():
        measure.save()
        _links(measure, organizations, indicators, findings, recommendations)
        record(actor=actor, action=AuditAction.CREATE, summary=f"внесена мера «{measure.title}»", obj=measure)
    return measure


def update_measure(
    *,
    actor: User | None,
    measure: Measure,
    title: str,
    kind: str,
    direction: int,
    organizations: Iterable[Organization],
    indicators: Indicators,
    starts_on: dt.date,
    ends_on: dt.date,
    number: str = "",
    dated: dt.date | None = None,
    responsible: str = "",
    description: str = "",
    findings: Iterable[Finding] = (),
    recommendations: Iterable[Recommendation] = (),
) -> Measure:
    _fill(
        measure,
        title,
        kind,
        direction,
        starts_on,
        ends_on,
        number,
        dated,
        responsible,
        description,
        indicators,
    )
    with transaction.atomic():
        measure.save()
        measure.indicators.all().delete()
        _links(measure, organizations, indicators, findings, recommendations)
        record(
            actor=actor, action=AuditAction.UPDATE, summary=f"изменена мера «{measure.title}»", obj=measure
        )
    return measure


def _fill(
    measure: Measure,
    title: str,
    kind: str,
    direction: int,
    starts_on: dt.date,
    ends_on: dt.date,
    number: str,
    dated: dt.date | None,
    responsible: str,
    description: str,
    indicators: Indicators,
) -> None:
    if ends_on < starts_on:
        raise CycleRejected("Окончание меры раньше её начала.")
    unknown = sorted(code for code in indicators if code not in CATALOGUE)
    if unknown:
        raise CycleRejected(f"Показателей нет в каталоге: {', '.join(unknown)}.")
    measure.title, measure.kind, measure.direction = title, kind, direction
    measure.starts_on, measure.ends_on, measure.number, measure.dated = starts_on, ends_on, number, dated
    measure.responsible, measure.description = responsible, description


def _links(
    measure: Measure,
    organizations: Iterable[Organization],
    indicators: Indicators,
    findings: Iterable[Finding],
    recommendations: Iterable[Recommendation],
) -> None:
    measure.organizations.set(list(organizations))
    measure.findings.set(list(findings))
    measure.recommendations.set(list(recommendations))
    MeasureIndicator.objects.bulk_create(
        MeasureIndicator(measure=measure, code=code, expected_change=change)
        for code, change in indicators.items()
    )

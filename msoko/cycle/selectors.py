"""Reads of the management cycle for its pages and for the panel on every direction's page.

Every read starts from ``visible_to(viewer)``: a school sees its own findings, the
recommendations sent to it and the measures that target it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from msoko.analytics.effect import EFFECTIVE
from msoko.core.models import SchoolYear
from msoko.cycle.effect import IndicatorEffect, measure_effects, verdict_counts
from msoko.cycle.models import (
    OVERDUE,
    STATE_TITLES,
    Finding,
    Measure,
    Recommendation,
    RecommendationRule,
    Status,
)
from msoko.directions.catalogue import Direction


def finding_list(
    *,
    viewer: Any,
    direction: int | None = None,
    school_year: SchoolYear | None = None,
    status: str = "",
    organization_id: int | None = None,
) -> QuerySet[Finding]:
    rows = Finding.objects.visible_to(viewer).select_related("organization", "school_year")
    if direction:
        rows = rows.filter(direction=direction)
    if school_year is not None:
        rows = rows.filter(school_year=school_year)
    if status == "open":
        rows = rows.filter(closed_on__isnull=True)
    elif status == "closed":
        rows = rows.filter(closed_on__isnull=False)
    if organization_id:
        rows = rows.filter(organization_id=organization_id)
    return rows.annotate(recommendation_count=Count("recommendations", distinct=True))


def visible_finding(*, viewer: Any, pk: int) -> Finding | None:
    return (
        Finding.objects.visible_to(viewer).select_related("organization", "school_year").filter(pk=pk).first()
    )


def recommendation_list(
    *,
    viewer: Any,
    direction: int | None = None,
    school_year: SchoolYear | None = None,
    state: str = "",
    organization_id: int | None = None,
    today: dt.date | None = None,
) -> QuerySet[Recommendation]:
    today = today or timezone.localdate()
    rows = Recommendation.objects.visible_to(viewer).select_related("organization", "school_year", "finding")
    if direction:
        rows = rows.filter(direction=direction)
    if school_year is not None:
        rows = rows.filter(school_year=school_year)
    if state == OVERDUE:
        rows = rows.overdue(today)
    elif state in (Status.SENT, Status.ACKNOWLEDGED):
        rows = rows.filter(status=state).exclude(due_on__lt=today)
    elif state:
        rows = rows.filter(status=state)
    if organization_id:
        rows = rows.filter(organization_id=organization_id)
    return rows


def visible_recommendation(*, viewer: Any, pk: int) -> Recommendation | None:
    return (
        Recommendation.objects.visible_to(viewer)
        .select_related("organization", "school_year", "finding", "rule", "reported_by", "created_by")
        .filter(pk=pk)
        .first()
    )


def recommendation_measures(recommendation: Recommendation) -> list[Measure]:
    return list(recommendation.measures.all())


def state_counts(rows: list[Recommendation], *, today: dt.date | None = None) -> dict[str, int]:
    """Recommendations per state (overdue counted apart from sent and acknowledged)."""
    today = today or timezone.localdate()
    counts = dict.fromkeys(STATE_TITLES, 0)
    for r in rows:
        counts[r.state(today)] += 1
    return counts


def rule_list() -> QuerySet[RecommendationRule]:
    return RecommendationRule.objects.all()


def measure_list(
    *, viewer: Any, direction: int | None = None, year: SchoolYear | None = None
) -> QuerySet[Measure]:
    rows = Measure.objects.visible_to(viewer).prefetch_related("organizations", "indicators")
    if direction:
        rows = rows.filter(direction=direction)
    if year is not None:
        rows = rows.filter(starts_on__lte=_year_end(year), ends_on__gte=_year_start(year))
    return rows


def visible_measure(*, viewer: Any, pk: int) -> Measure | None:
    return (
        Measure.objects.visible_to(viewer)
        .prefetch_related("organizations", "indicators", "findings__organization", "recommendations")
        .filter(pk=pk)
        .first()
    )


def linkable_findings(*, viewer: Any, direction: int | None) -> QuerySet[Finding]:
    rows = Finding.objects.visible_to(viewer).select_related("organization", "school_year")
    return rows.filter(direction=direction) if direction else rows


def linkable_recommendations(*, viewer: Any, direction: int | None) -> QuerySet[Recommendation]:
    rows = Recommendation.objects.visible_to(viewer).select_related("school_year")
    return rows.filter(direction=direction) if direction else rows


def cycle_years() -> QuerySet[SchoolYear]:
    return SchoolYear.objects.order_by("-start_year")


def default_year(direction: int | None = None) -> SchoolYear | None:
    """The latest year with findings (of the direction), else the latest year."""
    findings = Finding.objects.all()
    if direction:
        findings = findings.filter(direction=direction)
    latest = findings.order_by("-school_year__start_year").values_list("school_year", flat=True).first()
    if latest is not None:
        return SchoolYear.objects.get(pk=latest)
    return SchoolYear.objects.order_by("-start_year").first()


@dataclass
class MeasureStep:
    measure: Measure
    effects: list[IndicatorEffect]


@dataclass
class CycleChain:
    """One direction's management cycle for one school year, for the cycle view."""

    year: SchoolYear | None
    next_year: SchoolYear | None
    findings: list[Finding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    states: dict[str, int] = field(default_factory=dict)
    measures: list[MeasureStep] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)
    #: findings of the next year on the organisations of this year's, with «repeated» marked
    new_findings: list[tuple[Finding, bool]] = field(default_factory=list)

    @property
    def open_findings(self) -> int:
        return sum(f.is_open for f in self.findings)

    @property
    def closed_findings(self) -> int:
        return len(self.findings) - self.open_findings

    @property
    def sent(self) -> int:
        """Sent and not yet done, overdue ones included."""
        return sum(self.states.get(s, 0) for s in (Status.SENT, Status.ACKNOWLEDGED, OVERDUE))

    @property
    def effective(self) -> int:
        return self.verdicts.get(EFFECTIVE, 0)

    @property
    def repeated(self) -> int:
        return sum(repeated for _, repeated in self.new_findings)


def cycle_chain(*, viewer: Any, direction: Direction, year: SchoolYear | None) -> CycleChain:
    if year is None:
        return CycleChain(year=None, next_year=None)
    next_year = SchoolYear.objects.filter(start_year=year.start_year + 1).first()
    findings = list(finding_list(viewer=viewer, direction=direction.number, school_year=year))
    recommendations = list(recommendation_list(viewer=viewer, direction=direction.number, school_year=year))
    measures = list(
        Measure.objects.visible_to(viewer)
        .filter(
            Q(findings__in=[f.pk for f in findings])
            | Q(recommendations__in=[r.pk for r in recommendations])
            | Q(direction=direction.number, starts_on__lte=_year_end(year), ends_on__gte=_year_start(year))
        )
        .distinct()
        .prefetch_related("organizations", "indicators")
        .order_by("starts_on", "pk")
    )
    steps = [MeasureStep(m, measure_effects(m, chart=False)) for m in measures]
    verdicts = verdict_counts([e for step in steps for e in step.effects])
    new: list[tuple[Finding, bool]] = []
    if next_year is not None:
        keys = {(f.org_code, f.code) for f in findings}
        later = finding_list(viewer=viewer, direction=direction.number, school_year=next_year).filter(
            org_code__in={f.org_code for f in findings}
        )
        new = [(f, (f.org_code, f.code) in keys) for f in later]
    return CycleChain(
        year=year,
        next_year=next_year,
        findings=findings,
        recommendations=recommendations,
        states=state_counts(recommendations),
        measures=steps,
        verdicts=verdicts,
        new_findings=new,
    )


def panel_context(direction: Direction, user: Any) -> dict[str, Any]:
    """The cycle's block on a direction's page: counts and the latest items of its latest year."""
    year = default_year(direction.number)
    findings = (
        finding_list(viewer=user, direction=direction.number, school_year=year)
        if year
        else Finding.objects.none()
    )
    recommendations = list(
        recommendation_list(viewer=user, direction=direction.number, school_year=year) if year else []
    )
    measures = measure_list(viewer=user, direction=direction.number)
    return {
        "year": year,
        "open_findings": findings.filter(closed_on__isnull=True).count(),
        "closed_findings": findings.filter(closed_on__isnull=False).count(),
        "latest_findings": list(
            findings.filter(closed_on__isnull=True).order_by("-opened_on", "org_code")[:5]
        ),
        "recommendations": len(recommendations),
        "states": state_counts(recommendations),
        "latest_recommendations": sorted(recommendations, key=lambda r: r.created_at, reverse=True)[:5],
        "measures": measures.count(),
        "latest_measures": list(measures[:3]),
        "url": reverse("cycle:cycle", args=[direction.slug]) + (f"?year={year.name}" if year else ""),
    }


def _year_start(year: SchoolYear) -> dt.date:
    return dt.date(year.start_year, 9, 1)


def _year_end(year: SchoolYear) -> dt.date:
    return dt.date(year.start_year + 1, 8, 31)


def year_named(name: str | None) -> SchoolYear | None:
    return SchoolYear.objects.filter(name=name).first() if name else None

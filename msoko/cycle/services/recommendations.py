"""Targeted recommendations: drafted from the rules for open findings, edited, approved and sent
by the department; acknowledged and reported on by the addressed school."""

from __future__ import annotations

import datetime as dt

from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from msoko.core.models import AuditAction, SchoolYear, User
from msoko.cycle.models import Addressee, Finding, Recommendation, RecommendationRule, Status
from msoko.cycle.rules import (
    DEPARTMENT_NAME,
    EDITABLE,
    CycleRejected,
    check_transition,
    fill,
    matching_rules,
    placeholder_values,
)
from msoko.cycle.services._common import acting_user, record


def draft_recommendations(
    *,
    school_year: SchoolYear,
    actor: User | None,
    direction: int | None = None,
    today: dt.date | None = None,
) -> list[Recommendation]:
    """«Составить рекомендации»: a draft from every matching rule for each open finding of the
    year (of one direction, if given) that has no recommendation yet."""
    today = today or timezone.localdate()
    findings: QuerySet[Finding] = (
        Finding.objects.open()
        .filter(school_year=school_year, recommendations__isnull=True)
        .select_related("organization", "school_year")
    )
    if direction is not None:
        findings = findings.filter(direction=direction)
    rules = list(RecommendationRule.objects.filter(active=True))
    drafts = [
        _draft(finding, rule, actor=actor, today=today)
        for finding in findings
        for rule in matching_rules(finding, rules)
    ]
    with transaction.atomic():
        Recommendation.objects.bulk_create(drafts)
        if drafts:
            record(
                actor=actor,
                action=AuditAction.CREATE,
                summary=f"составлены рекомендации {school_year.name} ({len(drafts)})",
                school_year=school_year.name,
                direction=direction,
                count=len(drafts),
            )
    return drafts


def _draft(
    finding: Finding, rule: RecommendationRule, *, actor: User | None, today: dt.date
) -> Recommendation:
    values = placeholder_values(finding)
    addressee = rule.addressee
    if addressee == Addressee.ORGANIZATION and finding.organization_id is None:
        addressee = Addressee.DEPARTMENT  # the municipality's own finding is the department's to answer
    if addressee == Addressee.ORGANIZATION:
        name = finding.organization.name
    elif addressee == Addressee.ASSOCIATION:
        name = fill(rule.association, values) or "методическое объединение"
    else:
        name = DEPARTMENT_NAME
    return Recommendation(
        school_year=finding.school_year,
        direction=finding.direction,
        finding=finding,
        rule=rule,
        addressee=addressee,
        organization_id=finding.organization_id,
        addressee_name=name[:300],
        text=fill(rule.text, values),
        due_on=today + dt.timedelta(days=rule.due_days),
        created_by=acting_user(actor),
    )


def update_recommendation(
    *, recommendation: Recommendation, actor: User | None, text: str, addressee_name: str, due_on: dt.date
) -> Recommendation:
    """The department's edit, until the recommendation is sent."""
    if recommendation.status not in EDITABLE:
        raise CycleRejected("Направленную рекомендацию изменить нельзя: её уже получил адресат.")
    if not text.strip():
        raise CycleRejected("Текст рекомендации не может быть пустым.")
    with transaction.atomic():
        recommendation.text, recommendation.addressee_name, recommendation.due_on = (
            text,
            addressee_name,
            due_on,
        )
        recommendation.save(update_fields=["text", "addressee_name", "due_on"])
        _record(recommendation, actor, "изменена")
    return recommendation


def approve_recommendation(*, recommendation: Recommendation, actor: User | None) -> Recommendation:
    return _step(recommendation, "approve", actor, stamp="approved_at", said="утверждена")


def send_recommendation(*, recommendation: Recommendation, actor: User | None) -> Recommendation:
    return _step(recommendation, "send", actor, stamp="sent_at", said="направлена адресату")


def acknowledge_recommendation(*, recommendation: Recommendation, actor: User | None) -> Recommendation:
    return _step(recommendation, "acknowledge", actor, stamp="acknowledged_at", said="ознакомлена")


def report_recommendation(
    *,
    recommendation: Recommendation,
    actor: User | None,
    text: str,
    file: File | None = None,
    link: str = "",
) -> Recommendation:
    """The school's report of what it did, with evidence (a file under ``cycle/`` or a link).
    A report after the due date is accepted: it closes the recommendation as done, late."""
    leads_to = check_transition(recommendation, "report")
    if not text.strip():
        raise CycleRejected("Опишите, что сделано по рекомендации.")
    if file is None and not link:
        raise CycleRejected("Приложите подтверждение: файл или ссылку.")
    stored = ""
    try:
        with transaction.atomic():
            if file is not None:
                recommendation.report_file.save(file.name, file, save=False)
                stored = recommendation.report_file.name
            recommendation.report_text, recommendation.report_link = text, link
            recommendation.reported_at, recommendation.reported_by = timezone.now(), acting_user(actor)
            recommendation.status = leads_to
            recommendation.save()
            _record(recommendation, actor, "исполнена, представлен отчёт", file=stored, link=link)
    except Exception:
        if stored:
            recommendation.report_file.storage.delete(stored)
        raise
    return recommendation


def delete_recommendation(*, recommendation: Recommendation, actor: User | None) -> None:
    """Only a draft: once approved it is a decision of the department."""
    if recommendation.status != Status.DRAFT:
        raise CycleRejected("Удалить можно только черновик рекомендации.")
    with transaction.atomic():
        _record(recommendation, actor, "черновик удалён", action=AuditAction.DELETE)
        recommendation.delete()


def issue_recommendations(
    *, school_year: SchoolYear, actor: User | None = None, direction: int | None = None
) -> list[Recommendation]:
    """Draft, approve and send at once (the demo loader, a municipality trusting its rules)."""
    drafts = draft_recommendations(school_year=school_year, actor=actor, direction=direction)
    for recommendation in drafts:
        approve_recommendation(recommendation=recommendation, actor=actor)
        send_recommendation(recommendation=recommendation, actor=actor)
    return drafts


def _step(
    recommendation: Recommendation, action: str, actor: User | None, *, stamp: str, said: str
) -> Recommendation:
    leads_to = check_transition(recommendation, action)
    with transaction.atomic():
        recommendation.status = leads_to
        setattr(recommendation, stamp, timezone.now())
        recommendation.save(update_fields=["status", stamp])
        _record(recommendation, actor, said)
    return recommendation


def _record(
    recommendation: Recommendation,
    actor: User | None,
    said: str,
    *,
    action: AuditAction = AuditAction.UPDATE,
    **details: str,
) -> None:
    record(
        actor=actor,
        action=action,
        summary=f"рекомендация № {recommendation.pk} ({recommendation.addressee_name}) {said}",
        obj=recommendation,
        status=recommendation.status,
        **details,
    )

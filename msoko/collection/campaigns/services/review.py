"""What the department does with the forms: accept one (its values become indicator values),
return one for rework with a comment, remind the late organisations by e-mail."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone

from msoko.collection.campaigns.models import Campaign, ChecklistItem, State, Submission
from msoko.collection.campaigns.rules import CampaignRejected, campaign_indicator, form_codes
from msoko.collection.campaigns.services.filling import locked
from msoko.core.audit import record
from msoko.core.models import AuditAction, Role, User
from msoko.indicators.catalogue import Unit
from msoko.indicators.services import remove_collected, store_collected
from msoko.pipeline.tasks import schedule_recompute


def checklist_indicator(submission: Submission) -> str | None:
    """The catalogue code the checklist's score is collected as, when the catalogue declares it
    (a percentage reported by the organisation); None otherwise: the score is then only shown."""
    checklist = submission.campaign.checklist
    if checklist is None or not checklist.indicator_code:
        return None
    indicator = campaign_indicator(checklist.indicator_code)
    return indicator.code if indicator is not None and indicator.unit == Unit.PERCENT else None


def collected_values(submission: Submission) -> list[tuple[int, str, float]]:
    """What accepting the form writes: (organisation id, indicator code, value) for each value of
    the form's indicators, and the checklist score when the catalogue has an indicator for it."""
    org_id = submission.organization_id
    codes = set(form_codes(submission.campaign.indicator_codes, submission.organization.kind))
    values = [
        (org_id, v.indicator_code, float(v.value))
        for v in submission.values.order_by("indicator_code")
        if v.indicator_code in codes and v.value is not None
    ]
    score_code = checklist_indicator(submission)
    if score_code and submission.score is not None:
        values.append((org_id, score_code, float(submission.score)))
    return values


def accept_submission(*, actor: User, submission: Submission) -> Submission:
    """Accept a sent form: its values go to the indicator values of the campaign's year and a
    recompute is queued, in the same transaction."""
    with transaction.atomic():
        current = locked(submission)
        if current.state != State.SUBMITTED:
            raise CampaignRejected(
                f"Принять можно только отправленную форму, а эта — {current.get_state_display()}."
            )
        campaign = current.campaign
        values = collected_values(current)
        if values:
            store_collected(
                kind="campaign",
                title=f"{campaign.title}: {current.organization.code}",
                school_year=campaign.school_year,
                values=values,
            )
            schedule_recompute(
                school_year=campaign.school_year,
                reason=f"кампания «{campaign.title}»: принята форма {current.organization.code}",
            )
        current.state = State.ACCEPTED
        current.reviewed_at, current.reviewed_by = timezone.now(), actor
        current.returned_items = []
        current.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Форма «{campaign.title}», {current.organization.code} принята: "
            f"значений в показатели {len(values)}",
            obj=current,
            details={"state": State.ACCEPTED, "values": {code: value for _, code, value in values}},
        )
    return current


def return_submission(
    *, actor: User, submission: Submission, comment: str, items: Iterable[int] = ()
) -> Submission:
    """Send the form back to the organisation with the department's comment (and the checklist
    items to redo); an accepted form's values are withdrawn from the indicators."""
    comment = comment.strip()
    if not comment:
        raise CampaignRejected({"comment": "Напишите, что нужно исправить: комментарий увидит организация."})
    with transaction.atomic():
        current = locked(submission)
        if current.state not in (State.SUBMITTED, State.ACCEPTED):
            raise CampaignRejected(
                f"Вернуть можно отправленную или принятую форму, а эта — {current.get_state_display()}."
            )
        campaign = current.campaign
        numbers = sorted(
            ChecklistItem.objects.filter(checklist_id=campaign.checklist_id, pk__in=list(items)).values_list(
                "number", flat=True
            )
        )
        removed = 0
        if current.state == State.ACCEPTED:
            codes = [code for _, code, _ in collected_values(current)]
            removed = remove_collected(
                school_year=campaign.school_year, organization_ids=[current.organization_id], codes=codes
            )
            if removed:
                schedule_recompute(
                    school_year=campaign.school_year,
                    reason=f"кампания «{campaign.title}»: форма {current.organization.code} возвращена",
                )
        was = current.get_state_display()
        current.state = State.RETURNED
        current.reviewed_at, current.reviewed_by = timezone.now(), actor
        current.review_comment, current.returned_items = comment, numbers
        current.save()
        record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Форма «{campaign.title}», {current.organization.code} возвращена на доработку "
            f"(была: {was}): {comment}",
            obj=current,
            details={"state": State.RETURNED, "items": numbers, "withdrawn_values": removed},
        )
    return current


@dataclass
class Reminders:
    """What a round of reminders did, for the page to say."""

    sent: int = 0
    #: «СШ № 1: school1@…» — who got a letter
    recipients: list[str] = field(default_factory=list)
    #: organisations none of whose users has an e-mail address
    without_address: list[str] = field(default_factory=list)


def reminder_targets(campaign: Campaign, *, today: dt.date) -> list[Submission]:
    """The forms a reminder is for: not started yet, or overdue (past the deadline, not sent)."""
    forms = campaign.submissions.select_related("organization").order_by("organization__code")
    return [s for s in forms if s.state == State.NOT_STARTED or s.is_overdue(today)]


def send_reminders(
    *, actor: User, campaign: Campaign, form_url: str = "", today: dt.date | None = None
) -> Reminders:
    """E-mail every active user of each late or not-started organisation. ``form_url`` is the
    address of the campaigns page, put into the letter."""
    today = today or timezone.localdate()
    targets = reminder_targets(campaign, today=today)
    users = User.objects.filter(
        organization_id__in=[s.organization_id for s in targets], role=Role.SCHOOL, is_active=True
    ).order_by("username")
    by_org: dict[int, list[User]] = {}
    for user in users:
        if user.email:
            by_org.setdefault(user.organization_id, []).append(user)
    messages, done = [], Reminders()
    for form in targets:
        people = by_org.get(form.organization_id, [])
        if not people:
            done.without_address.append(f"{form.organization.code} {form.organization.display_name}")
            continue
        body = _letter(campaign, form, today=today, form_url=form_url)
        for user in people:
            messages.append((f"Напоминание: {campaign.title}", body, None, [user.email]))
            done.recipients.append(f"{form.organization.display_name}: {user.email}")
    done.sent = send_mass_mail(messages, fail_silently=False) if messages else 0
    record(
        actor=actor,
        action=AuditAction.UPDATE,
        summary=f"Напоминания по кампании «{campaign.title}»: писем {done.sent}, "
        f"организаций без адреса {len(done.without_address)}",
        obj=campaign,
        details={
            "event": "reminders",
            "recipients": done.recipients,
            "without_address": done.without_address,
        },
    )
    return done


def _letter(campaign: Campaign, form: Submission, *, today: dt.date, form_url: str) -> str:
    late = form.is_overdue(today)
    lines = [
        "Здравствуйте!",
        "",
        f"Отдел образования напоминает о мониторинге «{campaign.title}» "
        f"({campaign.school_year} учебный год).",
        f"Организация: {form.organization.display_name}.",
        f"Состояние формы: {form.get_state_display()}.",
        (
            f"Срок представления прошёл {campaign.deadline:%d.%m.%Y}: "
            "заполните и отправьте форму как можно скорее."
            if late
            else f"Срок представления — {campaign.deadline:%d.%m.%Y}."
        ),
        f"Форма открыта до {campaign.ends_on:%d.%m.%Y}.",
    ]
    if form_url:
        lines += ["", f"Форма: {form_url}"]
    lines += ["", "Это письмо отправлено автоматически системой МСОКО."]
    return "\n".join(lines)

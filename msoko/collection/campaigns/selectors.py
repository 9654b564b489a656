"""Reads for the campaign pages. A school reaches forms only through
``Submission.objects.visible_to`` (its own organisation); campaigns as a whole are the
department's (``sees_campaigns``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from msoko.collection.campaigns.models import (
    HANDED_IN,
    OPEN_STATES,
    Campaign,
    ChecklistAnswer,
    ChecklistItem,
    Submission,
)
from msoko.collection.campaigns.models import State as S
from msoko.collection.campaigns.rules import campaign_indicator, fills_forms, form_codes, sees_campaigns
from msoko.core.models import SchoolYear
from msoko.indicators.catalogue import Indicator, Unit


def _counts(today: dt.date) -> dict[str, Count]:
    return {
        "forms": Count("submissions"),
        **{f"n_{state.value}": Count("submissions", filter=Q(submissions__state=state)) for state in S},
        "n_overdue": Count(
            "submissions",
            filter=Q(deadline__lt=today) & ~Q(submissions__state__in=HANDED_IN),
        ),
    }


def campaign_list(*, viewer: Any, today: dt.date) -> list[Campaign]:
    """Every campaign with its forms counted by state (``n_draft`` …, ``n_overdue``), newest first."""
    if not sees_campaigns(viewer):
        return []
    return list(Campaign.objects.select_related("school_year", "checklist").annotate(**_counts(today)))


def campaign_for(*, viewer: Any, pk: int, today: dt.date) -> Campaign | None:
    if not sees_campaigns(viewer):
        return None
    return (
        Campaign.objects.select_related("school_year", "checklist", "created_by")
        .annotate(**_counts(today))
        .filter(pk=pk)
        .first()
    )


def campaign_forms(campaign: Campaign, *, today: dt.date) -> list[Submission]:
    """The campaign's forms, overdue first, then by organisation code; each with ``overdue``."""
    forms = list(campaign.submissions.select_related("organization").order_by("organization__code"))
    for form in forms:
        form.overdue = form.is_overdue(today)  # type: ignore[attr-defined]
    return sorted(forms, key=lambda f: not f.overdue)  # type: ignore[attr-defined]


def state_counts(campaign: Campaign) -> list[tuple[str, str, int]]:
    """(state, label, forms) in the order of the workflow, from the annotated campaign."""
    return [(state.value, state.label, getattr(campaign, f"n_{state.value}", 0)) for state in S]


@dataclass(frozen=True)
class SchoolForms:
    open: list[Submission]
    past: list[Submission]


def school_forms(*, viewer: Any, today: dt.date) -> SchoolForms:
    """The organisation's forms of campaigns that have begun: the open ones (overdue first, then
    by deadline) and the rest (sent, accepted, or closed with the campaign), newest first."""
    if not fills_forms(viewer):
        return SchoolForms([], [])
    forms = list(
        Submission.objects.visible_to(viewer)
        .filter(campaign__starts_on__lte=today)
        .select_related("campaign", "campaign__school_year", "campaign__checklist")
        .order_by("campaign__deadline", "pk")
    )
    for form in forms:
        form.overdue = form.is_overdue(today)  # type: ignore[attr-defined]
    is_open = [f for f in forms if f.state in OPEN_STATES and f.campaign.ends_on >= today]
    past = [f for f in forms if f not in is_open]
    return SchoolForms(
        open=sorted(is_open, key=lambda f: not f.overdue),  # type: ignore[attr-defined]
        past=sorted(past, key=lambda f: f.campaign.starts_on, reverse=True),
    )


def submission_for(*, viewer: Any, pk: int, today: dt.date) -> Submission | None:
    """The form if the viewer may open it: the department any, a school only its own, and only
    once the campaign has begun."""
    found = (
        Submission.objects.visible_to(viewer)
        .select_related("campaign", "campaign__school_year", "campaign__checklist", "organization")
        .filter(pk=pk)
        .first()
    )
    if found is None or (not sees_campaigns(viewer) and found.campaign.starts_on > today):
        return None
    return found


@dataclass(frozen=True)
class ValueRow:
    indicator: Indicator
    value: Any
    comment: str

    @property
    def code(self) -> str:
        return self.indicator.code

    @property
    def text(self) -> str:
        """The value as the input shows it: «12,5», «да»."""
        if self.value is None:
            return ""
        if self.indicator.unit == Unit.FLAG:
            return "да" if self.value else "нет"
        return format(self.value.normalize(), "f").replace(".", ",")


def value_rows(submission: Submission) -> list[ValueRow]:
    saved = {v.indicator_code: v for v in submission.values.all()}
    rows = []
    for code in form_codes(submission.campaign.indicator_codes, submission.organization.kind):
        indicator = campaign_indicator(code)
        assert indicator is not None
        found = saved.get(code)
        rows.append(ValueRow(indicator, found.value if found else None, found.comment if found else ""))
    return rows


@dataclass(frozen=True)
class ItemRow:
    item: ChecklistItem
    answer: Any  # ChecklistAnswer or None
    returned: bool

    @property
    def met(self) -> bool | None:
        return None if self.answer is None else self.answer.answer


def item_rows(submission: Submission) -> list[ItemRow]:
    if submission.campaign.checklist_id is None:
        return []
    answers = {a.item_id: a for a in submission.answers.all()}
    returned = set(submission.returned_items or [])
    return [
        ItemRow(item, answers.get(item.pk), item.number in returned)
        for item in submission.campaign.checklist.items.all()
    ]


def failed_items(rows: list[ItemRow]) -> list[ItemRow]:
    """Items not met («нет» or not answered): what the department sends back."""
    return [r for r in rows if r.met is not True]


def answer_for(*, viewer: Any, pk: int, today: dt.date) -> ChecklistAnswer | None:
    """A checklist answer whose file the viewer may download (through its form's scope)."""
    found = (
        ChecklistAnswer.objects.visible_to(viewer).select_related("submission", "item").filter(pk=pk).first()
    )
    if found is None or submission_for(viewer=viewer, pk=found.submission_id, today=today) is None:
        return None
    return found


def school_year_choices() -> list[SchoolYear]:
    return list(SchoolYear.objects.order_by("-start_year"))


@dataclass(frozen=True)
class ItemFailures:
    item: ChecklistItem
    failed: int
    organizations: list[str]


def item_failures(campaign: Campaign) -> list[ItemFailures]:
    """For a checklist campaign: each item with the handed-in forms that answered it «нет»,
    the most failed first — what the department takes up with the schools."""
    if campaign.checklist_id is None:
        return []
    answers = (
        ChecklistAnswer.objects.filter(
            submission__campaign=campaign, submission__state__in=HANDED_IN, answer=False
        )
        .select_related("submission__organization")
        .order_by("submission__organization__code")
    )
    by_item: dict[int, list[str]] = {}
    for a in answers:
        by_item.setdefault(a.item_id, []).append(a.submission.organization.display_name)
    rows = [
        ItemFailures(item, len(by_item.get(item.pk, [])), by_item.get(item.pk, []))
        for item in campaign.checklist.items.all()
    ]
    return sorted(rows, key=lambda r: (-r.failed, r.item.number))


def campaign_indicators(campaign: Campaign) -> list[Indicator]:
    return [i for code in campaign.indicator_codes if (i := campaign_indicator(code)) is not None]


def campaigns_of(forms: list[Submission]) -> Any:
    """The campaigns of these forms, for the upload's choice."""
    return Campaign.objects.filter(pk__in=[f.campaign_id for f in forms]).order_by("-starts_on")

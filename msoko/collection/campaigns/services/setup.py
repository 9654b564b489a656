"""Creating campaigns and the ready-made checklists they may consist of."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction

from msoko.collection.campaigns.checklists import READY_MADE, ChecklistSpec
from msoko.collection.campaigns.models import Campaign, Checklist, ChecklistItem, Submission
from msoko.collection.campaigns.rules import (
    CampaignRejected,
    campaign_indicator,
    form_codes,
    period_problems,
)
from msoko.core.audit import record
from msoko.core.models import AuditAction, SchoolYear, User, parse_school_year
from msoko.registry.models import Organization, OrganizationKind


def ready_made_checklists() -> list[Checklist]:
    """The two ready-made checklists, created when missing; existing ones are left as they are
    (their items may already carry answers)."""
    return [_checklist_from(spec) for spec in READY_MADE]


def _checklist_from(spec: ChecklistSpec) -> Checklist:
    with transaction.atomic():
        checklist, created = Checklist.objects.get_or_create(
            code=spec.code,
            defaults={
                "title": spec.title,
                "description": spec.description,
                "basis": spec.basis,
                "indicator_code": spec.indicator_code,
            },
        )
        if created:
            ChecklistItem.objects.bulk_create(
                ChecklistItem(
                    checklist=checklist,
                    number=number,
                    section=item.section,
                    text=item.text,
                    evidence_hint=item.evidence_hint,
                )
                for number, item in enumerate(spec.items, start=1)
            )
    return checklist


def create_campaign(
    *,
    actor: User | None,
    title: str,
    school_year: SchoolYear | str,
    starts_on: dt.date,
    ends_on: dt.date,
    deadline: dt.date,
    indicator_codes: Iterable[str] = (),
    checklist: Checklist | None = None,
    kinds: Iterable[str] = (),
    organizations: Iterable[Organization] = (),
    description: str = "",
) -> Campaign:
    """A campaign and one form (not started) for every target organisation: every organisation of
    the ``kinds`` plus the hand-picked ``organizations``. ``school_year`` may be a name
    («2025/2026»). Raises :class:`CampaignRejected`."""
    codes = list(dict.fromkeys(c.strip().lower() for c in indicator_codes if c.strip()))
    kinds = [k for k in dict.fromkeys(kinds) if k]
    problems = period_problems(starts_on=starts_on, ends_on=ends_on, deadline=deadline)
    if not title.strip():
        problems["title"] = "Укажите название кампании."
    unknown = [c for c in codes if campaign_indicator(c) is None]
    if unknown:
        problems["indicators"] = (
            "Не показатели мониторинга (форма ОО): " + ", ".join(f"«{c}»" for c in unknown) + "."
        )
    if not codes and checklist is None:
        problems["indicators"] = "Выберите показатели или чек-лист: кампании нечего собирать."
    bad_kinds = [k for k in kinds if k not in OrganizationKind.values]
    if bad_kinds:
        problems["kinds"] = f"Неизвестный тип организаций: {', '.join(bad_kinds)}."
    targets = {o.pk: o for o in Organization.objects.filter(kind__in=kinds)}
    targets |= {o.pk: o for o in organizations}
    if not targets:
        problems["organizations"] = "Выберите типы организаций или сами организации."
    elif checklist is None and not problems:
        empty = sorted({o.get_kind_display() for o in targets.values() if not form_codes(codes, o.kind)})
        if empty:
            problems["organizations"] = (
                f"Среди показателей нет ни одного для организаций типа «{', '.join(empty)}»: "
                "уберите их или добавьте их показатели."
            )
    if isinstance(school_year, str) and parse_school_year(school_year) is None:
        problems["school_year"] = f"Ожидается учебный год вида 2025/2026, получено «{school_year}»."
    if problems:
        raise CampaignRejected(problems)
    with transaction.atomic():
        if isinstance(school_year, str):
            school_year = SchoolYear.get_by_name(school_year)
        campaign = Campaign.objects.create(
            title=title.strip(),
            description=description.strip(),
            school_year=school_year,
            starts_on=starts_on,
            ends_on=ends_on,
            deadline=deadline,
            indicator_codes=codes,
            checklist=checklist,
            target_kinds=kinds,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        Submission.objects.bulk_create(
            Submission(campaign=campaign, organization_id=pk) for pk in sorted(targets)
        )
        record(
            actor=actor,
            action=AuditAction.CREATE,
            summary=f"Создана мониторинговая кампания «{campaign.title}» ({school_year}): "
            f"организаций {len(targets)}, показателей {len(codes)}"
            + (f", чек-лист «{checklist.title}»" if checklist else ""),
            obj=campaign,
            details={
                "indicators": codes,
                "checklist": checklist.code if checklist else None,
                "kinds": kinds,
                "organizations": sorted(targets),
                "deadline": deadline.isoformat(),
            },
        )
    return campaign


def create_checklist_campaign(
    *,
    actor: User | None,
    checklist_code: str,
    school_year: SchoolYear,
    starts_on: dt.date,
    ends_on: dt.date,
    deadline: dt.date,
    kinds: Iterable[str] = (OrganizationKind.SCHOOL,),
    organizations: Iterable[Organization] = (),
    title: str = "",
    description: str = "",
) -> Campaign:
    """A campaign of one ready-made checklist («school-site», «school-year-readiness»)."""
    checklist = next((c for c in ready_made_checklists() if c.code == checklist_code), None)
    if checklist is None:
        checklist = Checklist.objects.filter(code=checklist_code).first()
    if checklist is None:
        raise CampaignRejected({"checklist": f"Чек-лист «{checklist_code}» не найден."})
    return create_campaign(
        actor=actor,
        title=title or f"{checklist.title}, {school_year}",
        school_year=school_year,
        starts_on=starts_on,
        ends_on=ends_on,
        deadline=deadline,
        checklist=checklist,
        kinds=kinds,
        organizations=organizations,
        description=description or checklist.description,
    )

"""Use cases that write road maps: load a document's plans, record execution, set a target.

Each runs in one transaction and writes its audit row (msoko.core.audit.record).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from msoko.core.audit import record
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.indicators.catalogue import CATALOGUE
from msoko.registry.models import Organization
from msoko.roadmaps.models import Activity, RoadMap, Section, Status
from msoko.roadmaps.parsing import ParsedActivity, ParsedRoadMap, deadline, parse_period, parse_text


class RoadMapRejected(Exception):
    """A change refused; ``messages`` are Russian, one per problem."""

    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


#: what survives a re-import of the same plan, per activity (matched by number and text)
KEPT_ON_REIMPORT = (
    "status",
    "evidence_url",
    "evidence_file",
    "evidence_note",
    "target_indicator",
    "target_value",
    "target_year_id",
)


def import_roadmap_text(
    text: str, *, title: str | None, organization: Organization | None, actor: User | None
) -> RoadMap:
    """Load the plan(s) of a plain-text or Markdown document (the demo loader's entry); returns
    the first road map. ``title`` replaces the document's own title of a single plan."""
    parsed = parse_text(text)
    if not parsed:
        raise RoadMapRejected([NO_PLAN])
    if title and len(parsed) == 1:
        parsed[0].title = title
    return store_roadmaps(parsed, organization=organization, actor=actor, filename="")[0]


NO_PLAN = (
    "в документе не найдена таблица плана мероприятий: ожидается строка заголовка со столбцами "
    "«Мероприятие» и «Срок» или «Ответственные»"
)


def store_roadmaps(
    parsed: list[ParsedRoadMap],
    *,
    organization: Organization | None,
    actor: User | None,
    filename: str,
    fallback_title: str = "",
) -> list[RoadMap]:
    """Write the parsed plans. A plan with the same title and organisation is replaced, keeping
    the status, evidence and target of the activities that are still there."""
    out: list[RoadMap] = []
    with transaction.atomic():
        for plan in parsed:
            title = plan.title or fallback_title or filename or "Дорожная карта"
            roadmap, kept, created = _replaceable(title=title, organization=organization)
            roadmap.source_filename = filename[:255]
            roadmap.columns = plan.columns
            roadmap.save()
            count = _write_activities(roadmap, plan, kept)
            out.append(roadmap)
            whose = f"школы {organization.code}" if organization else "муниципальная"
            record(
                actor=actor,
                actor_name="" if actor else "msoko",
                action=AuditAction.IMPORT if created else AuditAction.UPDATE,
                summary=f"Дорожная карта ({whose}) «{title[:200]}» загружена: мероприятий {count}",
                obj=roadmap,
                details={"file": filename, "activities": count, "replaced": not created},
            )
    return out


def _replaceable(*, title: str, organization: Organization | None) -> tuple[RoadMap, dict, bool]:
    existing = RoadMap.objects.filter(title=title, organization=organization).first()
    if existing is None:
        return RoadMap(title=title, organization=organization), {}, True
    kept = {
        (a.number, a.text): {name: getattr(a, name) for name in KEPT_ON_REIMPORT}
        for a in existing.activities.all()
    }
    existing.sections.all().delete()  # and their activities
    return existing, kept, False


def _write_activities(roadmap: RoadMap, plan: ParsedRoadMap, kept: dict) -> int:
    organizations = _nameable_organizations() if roadmap.organization_id is None else []
    position = 0
    for index, parsed_section in enumerate(plan.sections):
        section = Section.objects.create(roadmap=roadmap, title=parsed_section.title, position=index)
        for parsed in parsed_section.activities:
            position += 1
            activity = _activity(parsed, roadmap=roadmap, section=section, position=position)
            for name, value in kept.get((activity.number, activity.text), {}).items():
                setattr(activity, name, value)
            activity.save()
            named = _named(parsed, organizations)
            if named:
                activity.organizations.set(named)
    return position


def _activity(parsed: ParsedActivity, *, roadmap: RoadMap, section: Section, position: int) -> Activity:
    period = parse_period(parsed.period)
    return Activity(
        roadmap=roadmap,
        section=section,
        position=position,
        number=parsed.number[:20],
        text=parsed.text,
        task=parsed.task,
        period=parsed.period,
        period_kind=period.kind.value if period.kind else "",
        period_start=period.start,
        period_end=period.end,
        period_months=list(period.months),
        period_every=period.every.value if period.every else "",
        period_interval=period.interval,
        deadline=deadline(period),
        responsible=parsed.responsible,
        result=parsed.result,
    )


def _nameable_organizations() -> list[tuple[re.Pattern[str], int]]:
    """Names a municipal activity may use for a school: its short name and full name (a code
    alone is too short to find in prose safely)."""
    return [
        (re.compile(r"(?<!\w)" + re.escape(written) + r"(?!\w)"), pk)
        for pk, name, short in Organization.objects.values_list("pk", "name", "short_name")
        for written in {name, short}
        if written and len(written) >= 6
    ]


def _named(parsed: ParsedActivity, organizations: list[tuple[re.Pattern[str], int]]) -> set[int]:
    prose = " ".join((parsed.text, parsed.responsible, parsed.result))
    return {pk for pattern, pk in organizations if pattern.search(prose)}


# ---- editing -------------------------------------------------------------------------------


def can_edit_execution(user: Any, activity: Activity) -> bool:
    """The department edits any activity; a school the activities of its own road map."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.can_manage_registry:
        return True
    return user.organization_id is not None and activity.roadmap.organization_id == user.organization_id


def can_edit_target(user: Any) -> bool:
    return bool(user is not None and user.is_authenticated and user.is_active and user.can_manage_registry)


@dataclass
class Execution:
    status: str
    evidence_url: str = ""
    evidence_note: str = ""
    evidence_file: UploadedFile | None = None
    clear_file: bool = False


def record_execution(*, activity: Activity, execution: Execution, actor: User | None) -> Activity:
    """Status and evidence of one activity (a link, a note and/or a file under ``roadmaps/``)."""
    if actor is not None and not can_edit_execution(actor, activity):
        raise RoadMapRejected(
            ["изменять исполнение этого мероприятия может отдел образования или сама школа"]
        )
    if execution.status not in Status.values:
        allowed = ", ".join(Status.labels)
        raise RoadMapRejected([f"статус: ожидается одно из: {allowed}; получено «{execution.status}»"])
    before = activity.get_status_display()
    with transaction.atomic():
        activity.status = execution.status
        activity.evidence_url = execution.evidence_url.strip()
        activity.evidence_note = execution.evidence_note.strip()
        if execution.clear_file and activity.evidence_file:
            activity.evidence_file.delete(save=False)
        if execution.evidence_file is not None:
            activity.evidence_file.save(execution.evidence_file.name, execution.evidence_file, save=False)
        activity.save()
        record(
            actor=actor,
            actor_name="" if actor else "msoko",
            action=AuditAction.UPDATE,
            summary=(
                f"Мероприятие «{str(activity)[:150]}»: статус {before} → {activity.get_status_display()}"
            ),
            obj=activity,
            details={"url": activity.evidence_url, "file": activity.evidence_file.name or ""},
        )
    return activity


def set_status(*, activity: Activity, status: str, actor: User | None, note: str = "") -> Activity:
    """Set a status programmatically (the demo loader), keeping the evidence as it is."""
    return record_execution(
        activity=activity,
        execution=Execution(
            status=status, evidence_url=activity.evidence_url, evidence_note=note or activity.evidence_note
        ),
        actor=actor,
    )


def set_target(
    *,
    activity: Activity,
    indicator_code: str,
    value: Decimal | None,
    school_year: SchoolYear | None,
    organizations: list[Organization] | None,
    actor: User | None,
) -> Activity:
    """The quantitative side of the expected result: a target value on a catalogue indicator
    (and the schools a municipal activity names). Department only."""
    if actor is not None and not can_edit_target(actor):
        raise RoadMapRejected(["цель мероприятия задаёт отдел образования"])
    code = indicator_code.strip()
    problems = []
    if code and code not in CATALOGUE:
        problems.append(f"показатель «{code}» не найден в каталоге (msoko indicators list)")
    if code and value is None:
        problems.append("для показателя укажите целевое значение")
    if value is not None and not code:
        problems.append("целевое значение задаётся для показателя каталога: укажите его код")
    if problems:
        raise RoadMapRejected(problems)
    with transaction.atomic():
        activity.target_indicator = code
        activity.target_value = value if code else None
        activity.target_year = school_year if code else None
        activity.save()
        if organizations is not None:
            activity.organizations.set(organizations)
        record(
            actor=actor,
            actor_name="" if actor else "msoko",
            action=AuditAction.UPDATE,
            summary=f"Мероприятие «{str(activity)[:150]}»: цель {code or '—'} = {value if code else '—'}",
            obj=activity,
            details={"indicator": code, "value": str(value) if value is not None else None},
        )
    return activity


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()

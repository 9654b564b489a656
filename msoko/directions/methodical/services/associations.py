"""Writes of the associations register: an association with its members and yearly plan."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.directions.methodical.models import (
    Association,
    PlanItem,
)
from msoko.directions.methodical.rules import (
    MethodicalRejected,
    association_problems,
    date_problem,
)
from msoko.directions.methodical.services._common import acting_user, registers_changed, system_name
from msoko.registry.models import Organization, Teacher


@dataclass(frozen=True)
class PlanEntry:
    """One line of a yearly plan as a form or the demo gives it."""

    topic: str
    form: str
    date: dt.date | None = None
    month: int | None = None
    responsible: str = ""
    done: bool = False


def create_association(
    *,
    actor: User | None,
    level: str,
    name: str,
    subject: str,
    school_year: SchoolYear,
    organization: Organization | None = None,
    leader: Teacher | None = None,
    members: Iterable[Teacher] = (),
    plan: Sequence[PlanEntry] = (),
) -> Association:
    members = list(members)
    _check_association(level, organization, school_year, leader, members, plan)
    with transaction.atomic():
        association = Association.objects.create(
            name=name,
            level=level,
            subject=subject,
            school_year=school_year,
            organization=organization,
            leader=leader,
            created_by=acting_user(actor),
        )
        association.members.set(members)
        _replace_plan(association, plan)
        registers_changed(association.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.CREATE,
            summary=f"Методическая работа: создано {_association_label(association)}",
            obj=association,
            details={"members": len(members), "plan": len(plan)},
        )
    return association


def update_association(
    *,
    actor: User | None,
    association: Association,
    level: str,
    name: str,
    subject: str,
    school_year: SchoolYear,
    organization: Organization | None,
    leader: Teacher | None,
    members: Iterable[Teacher],
    plan: Sequence[PlanEntry],
) -> Association:
    """Replace the association's fields, members and plan (the form shows them all at once)."""
    members = list(members)
    _check_association(level, organization, school_year, leader, members, plan)
    before = _association_state(association)
    with transaction.atomic():
        association.name, association.level, association.subject = name, level, subject
        association.school_year, association.organization, association.leader = (
            school_year,
            organization,
            leader,
        )
        association.save()
        association.members.set(members)
        _replace_plan(association, plan)
        after = _association_state(association)
        changed = sorted(key for key in after if after[key] != before[key])
        registers_changed(association.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Методическая работа: изменено {_association_label(association)}",
            obj=association,
            details={"fields": changed},
        )
    return association


def delete_association(*, actor: User | None, association: Association) -> None:
    with transaction.atomic():
        # recorded before the delete, while the row still has its primary key
        registers_changed(association.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.DELETE,
            summary=f"Методическая работа: удалено {_association_label(association)}",
            obj=association,
            details={"plan": association.plan.count()},
        )
        association.delete()


def _check_association(
    level: str,
    organization: Organization | None,
    school_year: SchoolYear,
    leader: Teacher | None,
    members: list[Teacher],
    plan: Sequence[PlanEntry],
) -> None:
    problems = association_problems(
        level=level, organization=organization, school_year=school_year, leader=leader, members=members
    )
    for number, entry in enumerate(plan, start=1):
        problem = date_problem(day=entry.date, month=entry.month, school_year=school_year)
        if problem:
            problems[f"plan-{number}"] = f"План, строка {number}: {problem}"
    if problems:
        raise MethodicalRejected(problems)


def _replace_plan(association: Association, plan: Sequence[PlanEntry]) -> None:
    association.plan.all().delete()
    PlanItem.objects.bulk_create(
        PlanItem(
            association=association,
            date=entry.date,
            month=entry.month if entry.month is not None else entry.date.month,
            topic=entry.topic,
            form=entry.form,
            responsible=entry.responsible,
            done=entry.done,
            position=position,
        )
        for position, entry in enumerate(plan)
    )


def _association_state(association: Association) -> dict[str, Any]:
    return {
        "name": association.name,
        "level": association.level,
        "subject": association.subject,
        "school_year": association.school_year_id,
        "organization": association.organization_id,
        "leader": association.leader_id,
        "members": sorted(association.members.values_list("pk", flat=True)),
        "plan": [
            (p.date, p.month, p.topic, p.form, p.responsible, p.done)
            for p in association.plan.order_by("position")
        ],
    }


def _association_label(association: Association) -> str:
    where = association.organization.code if association.organization else "отдел образования"
    return f"{association.get_level_display()} «{association.name}» ({where}, {association.school_year})"

"""What people write into the bank: a child or an achievement by hand, a note, an exclusion.

Each action checks the actor's right on the child here (``models.can_edit_child``)
as well as in the view, runs in one transaction and writes its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from msoko.core import audit
from msoko.core.access import can_see_organization
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.directions.talents.models import (
    STAGE_LEVEL,
    Achievement,
    BankState,
    EventKind,
    GiftedChild,
    Inclusion,
    Source,
    can_edit_child,
    can_manage_bank,
)
from msoko.registry.models import Organization


class BankEntryRejected(Exception):
    """An entry the bank refuses; the message is for the user, in Russian."""


@dataclass(frozen=True)
class ManualAchievement:
    """An achievement as a person enters it (the form's cleaned data)."""

    school_year: SchoolYear
    event_kind: str
    event_name: str
    subject: str
    level: str
    result: str
    grade: int | None = None

    def fields(self) -> dict[str, object]:
        olympiad = self.event_kind != EventKind.OTHER
        return {
            "school_year": self.school_year,
            "event_kind": self.event_kind,
            # a stage of ВсОШ has its own name and level
            "event_name": "" if olympiad else self.event_name.strip(),
            "subject": self.subject.strip(),
            "level": STAGE_LEVEL[self.event_kind].value if olympiad else self.level,
            "result": self.result,
            "grade": self.grade,
        }


def _editable(child: GiftedChild, actor: User) -> None:
    if not can_edit_child(actor, child):
        raise BankEntryRejected("Вносить данные об этом ребёнке может его школа или управление образования.")


def add_child(
    *, participant_code: str, organization: Organization, achievement: ManualAchievement, actor: User
) -> GiftedChild:
    """Put a child in the bank by hand with their first achievement.

    A child already in the bank (the same code in the same municipality) gets the achievement
    instead, if the actor may edit them.
    """
    code = participant_code.strip()
    if not can_see_organization(actor, organization.pk):
        raise BankEntryRejected("Школа может вносить в банк только своих обучающихся.")
    with transaction.atomic():
        BankState.lock()  # the refresh may be adding the same child
        child = GiftedChild.objects.filter(
            municipality_id=organization.municipality_id, participant_code=code
        ).first()
        if child is None:
            child = GiftedChild.objects.create(
                municipality_id=organization.municipality_id,
                participant_code=code,
                organization=organization,
                inclusion=Inclusion.MANUAL,
            )
            audit.record(
                actor=actor,
                action=AuditAction.CREATE,
                summary=f"Банк одарённых детей: ребёнок {code} ({organization.code}) внесён вручную",
                obj=child,
            )
        add_achievement(child=child, achievement=achievement, actor=actor)
    return child


def add_achievement(*, child: GiftedChild, achievement: ManualAchievement, actor: User) -> Achievement:
    _editable(child, actor)
    with transaction.atomic():
        row = Achievement.objects.create(
            child=child, source=Source.MANUAL, entered_by=actor, **achievement.fields()
        )
        audit.record(
            actor=actor,
            action=AuditAction.CREATE,
            summary=(
                f"Банк одарённых детей: {child.participant_code} — {row.event}"
                f"{', ' + row.subject if row.subject else ''}, {row.school_year}, {row.level}, {row.result}"
            ),
            obj=row,
            details={"child": child.pk},
        )
    return row


def delete_achievement(*, achievement: Achievement, actor: User) -> None:
    """Remove an achievement entered by hand (those from the protocols follow the protocols)."""
    child = achievement.child
    _editable(child, actor)
    if achievement.source != Source.MANUAL:
        raise BankEntryRejected("Достижение из протокола ВсОШ удаляется только вместе со строкой протокола.")
    with transaction.atomic():
        audit.record(
            actor=actor,
            action=AuditAction.DELETE,
            summary=(
                f"Банк одарённых детей: {child.participant_code} — удалено достижение "
                f"«{achievement.event}», {achievement.school_year}"
            ),
            obj=achievement,
            details={"child": child.pk},
        )
        achievement.delete()


def set_note(*, child: GiftedChild, note: str, actor: User) -> GiftedChild:
    _editable(child, actor)
    with transaction.atomic():
        child.note = note.strip()
        child.save(update_fields=["note"])
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Банк одарённых детей: {child.participant_code} — примечание изменено",
            obj=child,
        )
    return child


def set_exclusion(*, child: GiftedChild, excluded: bool, reason: str, actor: User) -> GiftedChild:
    """Exclude a child from the bank, or restore them, with the reason (the department only).

    The record stays either way: an excluded child keeps their achievements and is left out of
    the list and the count, and a refresh never includes them again on its own.
    """
    if not can_manage_bank(actor):
        raise BankEntryRejected("Исключает из банка и восстанавливает в нём управление образования.")
    reason = reason.strip()
    if not reason:
        raise BankEntryRejected("Укажите причину.")
    with transaction.atomic():
        child.excluded = excluded
        child.exclusion_reason = reason if excluded else ""
        child.save(update_fields=["excluded", "exclusion_reason"])
        what = "исключён из банка" if excluded else "восстановлен в банке"
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Банк одарённых детей: {child.participant_code} {what}: {reason}"[:500],
            obj=child,
            details={"excluded": excluded, "reason": reason},
        )
    return child


def remove_year_achievements(year: SchoolYear) -> int:
    """Retention (core/retention.py): the year's achievements are pupil-level data."""
    return Achievement.objects.filter(school_year=year).delete()[0]

"""What people enter by hand: each action checks the right on the child and is audited."""

from __future__ import annotations

import pytest

from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.directions.talents.models import Achievement, GiftedChild, Inclusion, Source
from msoko.directions.talents.services import (
    BankEntryRejected,
    ManualAchievement,
    add_achievement,
    add_child,
    delete_achievement,
    set_exclusion,
    set_note,
)

pytestmark = pytest.mark.django_db


def _contest(**changes) -> ManualAchievement:
    fields = {
        "school_year": SchoolYear.get_by_name("2024/2025"),
        "event_kind": "другое",
        "event_name": "Конкурс «Юные исследователи»",
        "subject": "Биология",
        "level": "региональный",
        "result": "победитель",
        "grade": 7,
    }
    return ManualAchievement(**(fields | changes))


def test_a_school_enters_its_own_child_by_hand_and_it_is_audited(school_user, school_a):
    child = add_child(
        participant_code=" K7 ", organization=school_a, achievement=_contest(), actor=school_user
    )

    assert (child.participant_code, child.organization, child.inclusion) == ("K7", school_a, Inclusion.MANUAL)
    row = Achievement.objects.get()
    assert (row.event, row.level, row.result, row.source, row.entered_by) == (
        "Конкурс «Юные исследователи»",
        "региональный",
        "победитель",
        Source.MANUAL,
        school_user,
    )
    summaries = list(
        AuditEvent.objects.filter(actor=school_user, action=AuditAction.CREATE).values_list(
            "summary", flat=True
        )
    )
    assert summaries == [
        "Банк одарённых детей: K7 — Конкурс «Юные исследователи», Биология, 2024/2025, региональный, победитель",
        "Банк одарённых детей: ребёнок K7 (0001) внесён вручную",
    ]


def test_a_vsosh_stage_entered_by_hand_takes_the_level_of_the_stage(specialist, school_a):
    add_child(
        participant_code="K8",
        organization=school_a,
        achievement=_contest(event_kind="ВсОШ-заключительный", event_name="ignored", level="школьный"),
        actor=specialist,
    )

    row = Achievement.objects.get()
    assert (row.event_name, row.level, row.event) == ("", "всероссийский", "ВсОШ, заключительный этап")


def test_a_school_cannot_enter_a_child_of_another_school(school_user, school_b):
    with pytest.raises(BankEntryRejected):
        add_child(participant_code="K9", organization=school_b, achievement=_contest(), actor=school_user)

    assert not GiftedChild.objects.exists()


def test_a_school_cannot_add_to_another_schools_child_through_the_same_code(
    school_user, specialist, school_b
):
    add_child(participant_code="K1", organization=school_b, achievement=_contest(), actor=specialist)
    child = GiftedChild.objects.get()

    with pytest.raises(BankEntryRejected):
        add_achievement(child=child, achievement=_contest(), actor=school_user)
    with pytest.raises(BankEntryRejected):
        set_note(child=child, note="чужой", actor=school_user)

    assert Achievement.objects.count() == 1


def test_a_school_cannot_exclude_even_its_own_child(school_user, school_a):
    child = add_child(participant_code="K2", organization=school_a, achievement=_contest(), actor=school_user)

    with pytest.raises(BankEntryRejected):
        set_exclusion(child=child, excluded=True, reason="переехал", actor=school_user)

    child.refresh_from_db()
    assert not child.excluded


def test_the_department_excludes_and_restores_with_a_reason(specialist, school_a):
    child = add_child(participant_code="K3", organization=school_a, achievement=_contest(), actor=specialist)

    set_exclusion(child=child, excluded=True, reason="выбыл за пределы округа", actor=specialist)
    child.refresh_from_db()
    assert (child.excluded, child.exclusion_reason) == (True, "выбыл за пределы округа")
    set_exclusion(child=child, excluded=False, reason="вернулся", actor=specialist)
    child.refresh_from_db()

    assert (child.excluded, child.exclusion_reason) == (False, "")
    updates = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(child.pk))
    assert sorted(updates.values_list("summary", flat=True)) == [
        "Банк одарённых детей: K3 восстановлен в банке: вернулся",
        "Банк одарённых детей: K3 исключён из банка: выбыл за пределы округа",
    ]


def test_an_exclusion_needs_a_reason(specialist, school_a):
    child = add_child(participant_code="K4", organization=school_a, achievement=_contest(), actor=specialist)

    with pytest.raises(BankEntryRejected, match="Укажите причину"):
        set_exclusion(child=child, excluded=True, reason="  ", actor=specialist)


def test_a_manual_achievement_is_deleted_with_an_audit_row(school_user, school_a):
    child = add_child(participant_code="K5", organization=school_a, achievement=_contest(), actor=school_user)
    achievement = child.achievements.get()

    delete_achievement(achievement=achievement, actor=school_user)

    assert not Achievement.objects.exists()
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert (
        event.summary
        == "Банк одарённых детей: K5 — удалено достижение «Конкурс «Юные исследователи»», 2024/2025"
    )


def test_a_protocol_achievement_cannot_be_deleted_by_hand(bank, specialist):
    achievement = Achievement.objects.filter(source=Source.PROTOCOL).first()

    with pytest.raises(BankEntryRejected):
        delete_achievement(achievement=achievement, actor=specialist)

    assert Achievement.objects.filter(pk=achievement.pk).exists()


def test_a_methodologist_only_reads(methodologist, bank):
    child = GiftedChild.objects.first()

    with pytest.raises(BankEntryRejected):
        set_note(child=child, note="…", actor=methodologist)

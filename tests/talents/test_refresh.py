"""Building the bank from the imported protocols (conftest.py says who is in and why)."""

from __future__ import annotations

import pytest

from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.directions.talents.models import Achievement, GiftedChild, Inclusion, Source
from msoko.directions.talents.services import (
    BankRefresh,
    ManualAchievement,
    add_achievement,
    add_child,
    refresh_bank,
    set_exclusion,
    set_note,
)
from tests.talents.conftest import HEADER, load

pytestmark = pytest.mark.django_db


def _children() -> list[tuple]:
    return sorted(GiftedChild.objects.values_list("participant_code", "organization__code", "inclusion"))


def _achievements(code: str | None = None) -> list[tuple]:
    rows = Achievement.objects.all()
    if code:
        rows = rows.filter(child__participant_code=code)
    return sorted(
        rows.values_list(
            "child__participant_code",
            "school_year__name",
            "event_kind",
            "subject",
            "level",
            "result",
            "source",
        )
    )


def _other(year: str = "2024/2025") -> ManualAchievement:
    return ManualAchievement(
        school_year=SchoolYear.get_by_name(year),
        event_kind="другое",
        event_name="Олимпиада «Высшая проба»",
        subject="Математика",
        level="всероссийский",
        result="призёр",
    )


def test_the_rule_puts_the_awarded_and_the_regional_participants_in_the_bank(bank):
    assert _children() == [
        ("C1", "0001", "auto"),
        ("D1", "0002", "auto"),
        ("E1", "0002", "auto"),
        ("F1", "0002", "auto"),  # at 0001 in 2023/2024, at 0002 in the latest protocol
    ]
    assert bank == BankRefresh(children_added=4, achievements_added=8)


def test_every_protocol_achievement_of_a_child_is_taken_across_years_and_stages(bank):
    assert _achievements("C1") == [
        ("C1", "2023/2024", "ВсОШ-заключительный", "Математика", "всероссийский", "участник", "protocol"),
        ("C1", "2024/2025", "ВсОШ-муниципальный", "Математика", "муниципальный", "призёр", "protocol"),
        ("C1", "2024/2025", "ВсОШ-школьный", "Математика", "школьный", "победитель", "protocol"),
    ]
    assert Achievement.objects.count() == 8


def test_a_second_refresh_changes_nothing(bank):
    before = (
        _children(),
        _achievements(),
        list(Achievement.objects.values_list("pk", flat=True).order_by("pk")),
    )
    events = AuditEvent.objects.count()

    again = refresh_bank()

    assert again == BankRefresh()
    assert not again.changed
    after = (
        _children(),
        _achievements(),
        list(Achievement.objects.values_list("pk", flat=True).order_by("pk")),
    )
    assert after == before
    assert AuditEvent.objects.count() == events  # nothing changed, nothing to record


def test_a_refresh_that_changes_the_bank_is_audited_once(bank):
    event = AuditEvent.objects.get(summary__startswith="Банк одарённых детей обновлён")

    assert event.action == AuditAction.UPDATE
    assert event.actor is None
    assert event.actor_name == "msoko"
    assert event.details["children_added"] == 4
    assert event.details["achievements_added"] == 8


def test_manual_entries_notes_and_exclusions_survive_a_refresh(bank, specialist, school_a):
    c1 = GiftedChild.objects.get(participant_code="C1")
    d1 = GiftedChild.objects.get(participant_code="D1")
    add_achievement(child=c1, achievement=_other(), actor=specialist)
    add_child(participant_code="G1", organization=school_a, achievement=_other(), actor=specialist)
    set_note(child=c1, note="занимается в центре «Сириус»", actor=specialist)
    set_exclusion(child=d1, excluded=True, reason="выбыл из муниципалитета", actor=specialist)

    result = refresh_bank()

    assert result == BankRefresh()
    assert ("G1", "0001", "manual") in _children()
    assert _achievements("G1") == [
        ("G1", "2024/2025", "другое", "Математика", "всероссийский", "призёр", "manual")
    ]
    assert Achievement.objects.filter(child=c1, source=Source.MANUAL).count() == 1
    c1.refresh_from_db()
    d1.refresh_from_db()
    assert c1.note == "занимается в центре «Сириус»"
    assert (d1.excluded, d1.exclusion_reason) == (True, "выбыл из муниципалитета")


def test_a_manual_child_gets_their_protocol_achievements_and_stays_manual(olympiad, specialist, school_b):
    # B1 (municipal participant, not in by the rule) is entered by hand for another olympiad
    add_child(participant_code="B1", organization=school_b, achievement=_other(), actor=specialist)

    refresh_bank()

    assert ("B1", "0002", "manual") in _children()  # the school entered by hand is kept
    assert [row[2] for row in _achievements("B1")] == ["ВсОШ-муниципальный", "другое"]


def test_a_changed_protocol_row_is_updated_and_a_vanished_one_removed(bank, school_b):
    # a re-import of the regional chemistry protocol of 0002: E1's row is replaced by E9's;
    # D1's municipal physics protocol comes again with «призёр» instead of «победитель»
    load(HEADER + "региональный;Химия;0002;E9;11;15;участник\n", "2024/2025", "again.csv")
    load(HEADER + "муниципальный;Физика;0002;D1;10;30;призёр\n", "2024/2025", "again2.csv")

    result = refresh_bank()

    assert result == BankRefresh(
        children_added=1, children_removed=1, achievements_added=1, achievements_updated=1
    )
    assert [code for code, *_ in _children()] == ["C1", "D1", "E9", "F1"]
    assert ("D1", "2024/2025", "ВсОШ-муниципальный", "Физика", "муниципальный", "призёр", "protocol") in (
        _achievements("D1")
    )


def test_a_child_someone_worked_on_is_kept_by_hand_when_the_protocols_drop_them(bank, specialist):
    e1 = GiftedChild.objects.get(participant_code="E1")
    set_note(child=e1, note="рекомендован в профильную смену", actor=specialist)
    load(HEADER + "региональный;Химия;0002;E9;11;15;участник\n", "2024/2025", "again.csv")

    result = refresh_bank()

    e1.refresh_from_db()
    assert e1.inclusion == Inclusion.MANUAL
    assert not e1.achievements.exists()  # the protocol row is gone, and its achievement with it
    assert (result.children_kept, result.achievements_removed) == (1, 1)


def test_an_automatic_child_follows_the_school_of_their_latest_protocol(bank, school_a):
    load(HEADER + "региональный;Биология;0001;F1;9;25;участник\n", "2025/2026")

    result = refresh_bank()

    assert ("F1", "0001", "auto") in _children()
    assert (result.children_moved, result.achievements_added) == (1, 1)


def test_every_recompute_refreshes_the_bank(olympiad):
    from msoko.pipeline.runs import recompute_now

    recompute_now(school_year=SchoolYear.objects.get(name="2024/2025"), reason="тест")

    assert GiftedChild.objects.count() == 4
    assert Achievement.objects.count() == 8


def test_retention_removes_a_years_achievements(bank):
    from msoko.directions.talents.services import remove_year_achievements

    removed = remove_year_achievements(SchoolYear.objects.get(name="2023/2024"))

    assert removed == 2  # C1's final stage and F1's municipal stage
    assert not Achievement.objects.filter(school_year__name="2023/2024").exists()

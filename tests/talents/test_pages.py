"""The bank's pages through the test client: the list, its XLSX, the card, the forms, the scope."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.directions.talents.models import Achievement, GiftedChild, Source

pytestmark = pytest.mark.django_db
BANK = reverse("talents:bank")


def _child(code: str) -> GiftedChild:
    return GiftedChild.objects.get(participant_code=code)


def _codes(html: str) -> list[str]:
    return [code for code in ("A1", "B1", "C1", "D1", "E1", "F1") if f">{code}</a>" in html]


def test_the_department_sees_the_whole_bank_best_level_first(client, specialist, bank):
    client.force_login(specialist)

    html = client.get(BANK).content.decode()

    assert 'id="table-bank"' in html
    assert _codes(html) == ["C1", "D1", "E1", "F1"]
    assert html.index(">C1</a>") < html.index(">D1</a>")  # всероссийский before региональный
    assert "2023/2024, 2024/2025" in html  # C1's years


@pytest.mark.parametrize(
    ("_case", "query", "codes"),
    [
        ("year", {"year_only": "2023/2024"}, ["C1", "F1"]),
        ("subject", {"subject": "Физика"}, ["D1"]),
        ("level", {"level": "региональный"}, ["D1", "E1"]),
        ("code", {"q": "c"}, ["C1"]),
    ],
)
def test_the_list_filters_by_year_subject_level_and_code(client, specialist, bank, _case, query, codes):
    client.force_login(specialist)
    if "year_only" in query:
        query = {"school_year": SchoolYear.objects.get(name=query["year_only"]).pk}

    html = client.get(BANK, query).content.decode()

    assert _codes(html) == codes


def test_the_list_filters_by_school(client, specialist, bank, school_a):
    client.force_login(specialist)

    html = client.get(BANK, {"organization": school_a.pk}).content.decode()

    assert _codes(html) == ["C1"]


def test_a_school_sees_only_its_own_children(client, school_user, bank):
    client.force_login(school_user)

    html = client.get(BANK).content.decode()

    assert _codes(html) == ["C1"]


def test_a_school_gets_404_for_another_schools_child(client, school_user, bank):
    client.force_login(school_user)

    assert client.get(reverse("talents:child", args=[_child("D1").pk])).status_code == 404
    response = client.post(reverse("talents:note", args=[_child("D1").pk]), {"note": "чужой"})
    assert response.status_code == 404
    assert _child("D1").note == ""


def test_a_school_cannot_exclude_its_own_child(client, school_user, bank):
    client.force_login(school_user)
    child = _child("C1")

    response = client.post(reverse("talents:exclusion", args=[child.pk]), {"excluded": "1", "reason": "x"})

    assert response.status_code == 403
    child.refresh_from_db()
    assert not child.excluded
    html = client.get(reverse("talents:child", args=[child.pk])).content.decode()
    assert 'id="exclusion"' not in html
    assert 'id="add-achievement"' in html


def test_the_card_shows_achievements_by_year_and_subject(client, specialist, bank):
    client.force_login(specialist)

    html = client.get(reverse("talents:child", args=[_child("C1").pk])).content.decode()

    assert 'id="table-by-year"' in html
    assert "ВсОШ, заключительный этап" in html
    assert "всероссийский" in html
    # 2024/2025: two achievements, a winner (school stage) and a prize-winner (municipal)
    assert (
        '<td class="nowrap">2024/2025</td><td class="num">2</td><td class="num">1</td>'
        '<td class="num">1</td><td class="num">0</td><td>муниципальный</td>'
    ) in html


def test_a_school_adds_an_achievement_and_a_note_to_its_child(client, school_user, bank):
    client.force_login(school_user)
    child = _child("C1")
    year = SchoolYear.objects.get(name="2024/2025")

    response = client.post(
        reverse("talents:add_achievement", args=[child.pk]),
        {
            "school_year": year.pk,
            "event_kind": "другое",
            "event_name": "Турнир городов",
            "subject": "Математика",
            "level": "международный",
            "result": "призёр",
        },
    )
    client.post(reverse("talents:note", args=[child.pk]), {"note": "готовится к региональному этапу"})

    assert response.status_code == 302
    assert child.achievements.filter(source=Source.MANUAL, event_name="Турнир городов").exists()
    child.refresh_from_db()
    assert child.note == "готовится к региональному этапу"
    assert AuditEvent.objects.filter(actor=school_user, action=AuditAction.UPDATE).count() == 1


def test_another_event_needs_its_name(client, specialist, bank):
    client.force_login(specialist)
    child = _child("C1")
    year = SchoolYear.objects.get(name="2024/2025")

    response = client.post(
        reverse("talents:add_achievement", args=[child.pk]),
        {"school_year": year.pk, "event_kind": "другое", "level": "региональный", "result": "участник"},
    )

    assert response.status_code == 400
    assert "Укажите название олимпиады, конкурса или конференции." in response.content.decode()
    assert not child.achievements.filter(source=Source.MANUAL).exists()


def test_the_department_excludes_a_child_from_the_list(client, specialist, bank):
    client.force_login(specialist)
    child = _child("D1")

    client.post(reverse("talents:exclusion", args=[child.pk]), {"excluded": "1", "reason": "выбыл"})

    assert _codes(client.get(BANK).content.decode()) == ["C1", "E1", "F1"]
    assert _codes(client.get(BANK, {"status": "excluded"}).content.decode()) == ["D1"]


def test_a_methodologist_reads_but_may_not_write(client, methodologist, bank):
    client.force_login(methodologist)
    child = _child("C1")

    html = client.get(reverse("talents:child", args=[child.pk])).content.decode()

    assert 'id="add-achievement"' not in html
    assert client.post(reverse("talents:note", args=[child.pk]), {"note": "x"}).status_code == 403


def test_a_child_entered_by_hand_from_the_list(client, school_user, bank, school_a):
    client.force_login(school_user)
    year = SchoolYear.objects.get(name="2024/2025")

    response = client.post(
        reverse("talents:add_child"),
        {
            "participant_code": "N1",
            "organization": school_a.pk,
            "school_year": year.pk,
            "event_kind": "другое",
            "event_name": "Конференция «Шаг в будущее»",
            "level": "региональный",
            "result": "победитель",
        },
    )

    child = _child("N1")
    assert response.status_code == 302
    assert response.url == reverse("talents:child", args=[child.pk])
    assert child.organization == school_a


def test_the_bank_downloads_as_xlsx_and_the_download_is_audited(client, specialist, bank):
    client.force_login(specialist)

    response = client.get(BANK, {"format": "xlsx", "subject": "Математика"})

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:7] == (
        "Код участника",
        "Код ОО",
        "Организация",
        "Достижений",
        "Лучший уровень",
        "Предметы",
        "Учебные годы",
    )
    # mathematics only: C1, with its three mathematics achievements
    assert [row[:7] for row in rows[1:]] == [
        ("C1", "0001", "СШ № 1", 3, "всероссийский", "Математика", "2023/2024, 2024/2025")
    ]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.summary == "Выгрузка: банк одарённых детей, строк 1"
    assert event.actor == specialist
    assert event.details == {"filters": {"subject": "Математика"}}


def test_a_schools_download_holds_only_its_children(client, school_user, bank):
    client.force_login(school_user)

    response = client.get(BANK, {"format": "xlsx"})

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [row[0] for row in rows[1:]] == ["C1"]


def test_the_olympiad_page_links_the_bank_with_its_count(client, school_user, specialist, bank):
    client.force_login(specialist)
    html = client.get(reverse("talents:olympiad")).content.decode()
    assert f'href="{BANK}"' in html
    assert '<strong id="gifted-bank-count">4</strong>' in html

    client.force_login(school_user)
    html = client.get(reverse("talents:olympiad")).content.decode()
    assert '<strong id="gifted-bank-count">1</strong>' in html


def test_the_direction_page_lists_the_bank(client, specialist, db):
    client.force_login(specialist)

    html = client.get(reverse("direction", args=["talents"])).content.decode()

    assert "Банк одарённых детей" in html
    assert BANK in html


def test_only_manual_achievements_can_be_deleted_from_the_card(client, specialist, bank):
    client.force_login(specialist)
    child = _child("C1")
    protocol = Achievement.objects.filter(child=child).first()

    client.post(reverse("talents:delete_achievement", args=[child.pk, protocol.pk]))

    assert Achievement.objects.filter(pk=protocol.pk).exists()


def test_the_admin_shows_the_bank_read_only(client, admin_user, bank):
    client.force_login(admin_user)
    child = _child("C1")

    assert client.get(reverse("admin:talents_giftedchild_changelist")).status_code == 200
    response = client.get(reverse("admin:talents_giftedchild_change", args=[child.pk]))
    assert response.status_code == 200
    assert client.get(reverse("admin:talents_giftedchild_add")).status_code == 403

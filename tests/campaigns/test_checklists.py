"""Checklists: the ready-made ones, scoring as the share of items «да», evidence, the failed
items sent back, and the score collected only when the catalogue declares its indicator."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from msoko.collection.campaigns import selectors, services
from msoko.collection.campaigns.checklists import READINESS, SITE, SITE_INDICATOR
from msoko.collection.campaigns.models import Checklist, ChecklistItem, State
from msoko.collection.campaigns.rules import CampaignRejected, checklist_score
from msoko.indicators.catalogue import CATALOGUE
from msoko.indicators.models import MonitoringValue
from tests.campaigns.conftest import days

pytestmark = pytest.mark.django_db
LINK = "https://school1.example/sveden/"


@pytest.fixture
def twelve(db):
    checklist = Checklist.objects.create(code="twelve", title="Двенадцать пунктов")
    for n in range(1, 13):
        ChecklistItem.objects.create(checklist=checklist, number=n, text=f"Требование {n}")
    return checklist


@pytest.fixture
def checklist_form(twelve, year, school_a, specialist):
    campaign = services.create_campaign(
        actor=specialist,
        title="Проверка",
        school_year=year,
        starts_on=days(-1),
        deadline=days(5),
        ends_on=days(10),
        checklist=twelve,
        organizations=[school_a],
    )
    return campaign.submissions.get()


def _answer_all(form, user, met: set[int]):
    return services.fill_checklist(
        actor=user,
        submission=form,
        answers={n: n in met for n in range(1, 13)},
        links=dict.fromkeys(met, LINK),
    )


def test_the_ready_made_checklists_are_there_with_10_to_15_items():
    lists = {c.code: c for c in services.ready_made_checklists()}

    assert lists[SITE].title == "Проверка официального сайта ОО"
    assert lists[READINESS].title == "Готовность ОО к новому учебному году"
    assert all(10 <= c.items.count() <= 15 for c in lists.values())
    assert Checklist.objects.filter(code__in=[SITE, READINESS]).count() == 2  # the migration made them once
    first = lists[SITE].items.get(number=1)
    assert first.section == "Сведения об образовательной организации"
    assert "«Основные сведения»" in first.text


@pytest.mark.parametrize(
    ("_case", "answers", "items", "expected"),
    [
        ("9 of 12", [True] * 9 + [False] * 3, 12, Decimal("75.00")),
        ("unanswered count as not met", [True] * 9 + [None] * 3, 12, Decimal("75.00")),
        ("2 of 3", [True, True, False], 3, Decimal("66.67")),
        ("none met", [False] * 13, 13, Decimal("0.00")),
        ("no items", [], 0, None),
    ],
)
def test_checklist_score_is_the_share_of_items_met(_case, answers, items, expected):
    assert checklist_score(answers, items=items) == expected


def test_sending_fixes_the_score_9_of_12_is_75_percent(checklist_form, school_user):
    _answer_all(checklist_form, school_user, met={1, 2, 3, 4, 5, 6, 7, 8, 9})

    sent = services.submit_submission(actor=school_user, submission=checklist_form)

    assert (sent.state, sent.score) == (State.SUBMITTED, Decimal("75.00"))


def test_a_yes_without_evidence_or_a_missing_answer_keeps_the_form_from_being_sent(
    checklist_form, school_user
):
    services.fill_checklist(actor=school_user, submission=checklist_form, answers={1: True, 2: False})

    with pytest.raises(CampaignRejected) as error:
        services.submit_submission(actor=school_user, submission=checklist_form)

    problems = error.value.problems
    assert problems["item-1"] == "Пункт 1: для ответа «да» нужна ссылка или файл подтверждения."
    assert "item-2" not in problems
    assert problems["item-3"] == "Пункт 3: не отмечено «да» или «нет»."
    assert len(problems) == 11


def test_the_failed_items_are_listed_and_sent_back(checklist_form, school_user, specialist):
    _answer_all(checklist_form, school_user, met=set(range(1, 10)))
    services.submit_submission(actor=school_user, submission=checklist_form)

    failed = selectors.failed_items(selectors.item_rows(checklist_form))
    services.return_submission(
        actor=specialist,
        submission=checklist_form,
        comment="Не выполнены пункты 10–12.",
        items=[r.item.pk for r in failed],
    )

    assert [r.item.number for r in failed] == [10, 11, 12]
    checklist_form.refresh_from_db()
    assert (checklist_form.state, checklist_form.returned_items) == (State.RETURNED, [10, 11, 12])
    assert [r.returned for r in selectors.item_rows(checklist_form)] == [False] * 9 + [True] * 3


def test_without_a_catalogue_indicator_the_score_is_not_collected(checklist_form, school_user, specialist):
    checklist_form.campaign.checklist.indicator_code = "principals.not_in_the_catalogue"
    checklist_form.campaign.checklist.save()
    _answer_all(checklist_form, school_user, met=set(range(1, 10)))
    services.submit_submission(actor=school_user, submission=checklist_form)

    services.accept_submission(actor=specialist, submission=checklist_form)

    assert "principals.not_in_the_catalogue" not in CATALOGUE
    assert not MonitoringValue.objects.exists()


def test_with_a_catalogue_indicator_the_score_becomes_its_value(checklist_form, school_user, specialist):
    checklist_form.campaign.checklist.indicator_code = SITE_INDICATOR
    checklist_form.campaign.checklist.save()
    _answer_all(checklist_form, school_user, met=set(range(1, 10)))
    services.submit_submission(actor=school_user, submission=checklist_form)

    services.accept_submission(actor=specialist, submission=checklist_form)

    assert list(MonitoringValue.objects.values_list("indicator_code", "value")) == [
        (SITE_INDICATOR, Decimal("75"))
    ]


def test_evidence_files_are_checked_by_extension_and_content(checklist_form, school_user):
    item = checklist_form.campaign.checklist.items.get(number=1)
    fake = SimpleUploadedFile("act.pdf", b"MZ\x90\x00 not a pdf")
    script = SimpleUploadedFile("act.exe", b"MZ\x90\x00")

    with pytest.raises(CampaignRejected) as wrong_content:
        services.save_answer(actor=school_user, submission=checklist_form, item=item, answer=True, file=fake)
    with pytest.raises(CampaignRejected) as wrong_kind:
        services.save_answer(
            actor=school_user, submission=checklist_form, item=item, answer=True, file=script
        )

    assert wrong_content.value.problems == {
        "file": "Файл «act.pdf» не является файлом PDF: он повреждён или переименован."
    }
    assert wrong_kind.value.problems == {
        "file": "Ожидается файл pdf, jpg, jpeg, png, docx, xlsx, загружен «act.exe»."
    }
    assert not checklist_form.answers.exists()


def test_an_evidence_file_is_stored_under_campaigns(checklist_form, school_user):
    item = checklist_form.campaign.checklist.items.get(number=2)

    saved = services.save_answer(
        actor=school_user,
        submission=checklist_form,
        item=item,
        answer=True,
        file=SimpleUploadedFile("akt.pdf", b"%PDF-1.4 act"),
    )

    assert saved.file.name.startswith(f"campaigns/{checklist_form.campaign_id}/")
    assert saved.has_evidence
    with saved.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 act"


def test_a_bad_link_is_refused(checklist_form, school_user):
    item = checklist_form.campaign.checklist.items.get(number=1)

    with pytest.raises(CampaignRejected) as error:
        services.save_answer(
            actor=school_user, submission=checklist_form, item=item, answer=True, link="javascript:alert(1)"
        )

    assert error.value.problems == {
        "link": "Ожидается ссылка, начинающаяся с http:// или https://, получено «javascript:alert(1)»."
    }


def test_a_checklist_campaign_of_a_ready_made_list(year, school_a, school_b, specialist):
    campaign = services.create_checklist_campaign(
        actor=specialist,
        checklist_code=SITE,
        school_year=year,
        starts_on=days(0),
        deadline=days(10),
        ends_on=days(20),
    )

    assert campaign.title == "Проверка официального сайта ОО, 2024/2025"
    assert campaign.checklist.code == SITE
    assert campaign.submissions.count() == 2

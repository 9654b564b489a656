"""The form's life: draft, send, accept (values become indicator values), return, overdue,
reminders; every step audited."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core import mail

from msoko.collection.campaigns import services
from msoko.collection.campaigns.models import FormValue, State
from msoko.collection.campaigns.rules import CampaignRejected
from msoko.collection.campaigns.selectors import campaign_for
from msoko.core.models import AuditAction, AuditEvent
from msoko.indicators.models import MonitoringValue
from msoko.pipeline.models import ComputeRun
from tests import factories
from tests.campaigns.conftest import COVERAGE, PD_DONE, VACANCIES, days

pytestmark = pytest.mark.django_db
GOOD = {COVERAGE: "87,5", VACANCIES: "2", PD_DONE: "да"}


def _fill(form, user, values=GOOD):
    return services.fill_submission(actor=user, submission=form, values=values)


def _sent(form, user):
    _fill(form, user)
    return services.submit_submission(actor=user, submission=form)


def test_a_campaign_gives_every_target_organisation_a_form_with_its_levels_indicators(
    year, school_a, school_b, specialist
):
    kindergarten = factories.OrganizationFactory(code="0100", kind="preschool")
    factories.OrganizationFactory(code="0300", kind="additional")  # no kind asked, not picked
    picked = factories.OrganizationFactory(code="0200", kind="preschool", name="ДОО по выбору")

    campaign = services.create_campaign(
        actor=specialist,
        title="Кадры",
        school_year="2024/2025",
        starts_on=days(0),
        deadline=days(3),
        ends_on=days(9),
        indicator_codes=[VACANCIES, "preschool.higher_education_share"],
        kinds=["school"],
        organizations=[kindergarten, picked],
    )

    forms = sorted((s.organization.code, s.state) for s in campaign.submissions.all())
    assert forms == [
        ("0001", "not_started"),
        ("0002", "not_started"),
        ("0100", "not_started"),
        ("0200", "not_started"),
    ]
    audit = AuditEvent.objects.get(action=AuditAction.CREATE, object_type="campaigns.Campaign")
    assert (
        audit.summary == "Создана мониторинговая кампания «Кадры» (2024/2025): организаций 4, показателей 2"
    )


@pytest.mark.parametrize(
    ("_case", "change", "field", "message"),
    [
        (
            "computed indicator",
            {"indicator_codes": ["results.success_rate"]},
            "indicators",
            "Не показатели мониторинга (форма ОО): «results.success_rate».",
        ),
        (
            "deadline after the end",
            {"deadline": days(30)},
            "deadline",
            "Срок представления должен быть внутри периода кампании.",
        ),
        ("no targets", {"kinds": []}, "organizations", "Выберите типы организаций или сами организации."),
        (
            "no indicator for preschools",
            {"kinds": ["preschool"]},
            "organizations",
            "Среди показателей нет ни одного для организаций типа «ДОО»: уберите их или добавьте их показатели.",
        ),
    ],
)
def test_a_campaign_is_refused_with_the_reason(year, specialist, _case, change, field, message):
    factories.OrganizationFactory(code="0100", kind="preschool")
    args = {
        "title": "Кадры",
        "school_year": year,
        "starts_on": days(0),
        "deadline": days(3),
        "ends_on": days(9),
        "indicator_codes": [VACANCIES],
        "kinds": ["school"],
    } | change

    with pytest.raises(CampaignRejected) as error:
        services.create_campaign(actor=specialist, **args)

    assert error.value.problems[field] == message


@pytest.mark.parametrize(
    ("_case", "code", "text", "message"),
    [
        ("percent above 100", COVERAGE, "120", "Ожидается процент от 0 до 100, получено «120»."),
        ("negative percent", COVERAGE, "-1", "Ожидается процент от 0 до 100, получено «-1»."),
        ("fractional count", VACANCIES, "2,5", "Ожидается целое число не меньше 0, получено «2,5»."),
        ("negative count", VACANCIES, "-3", "Ожидается целое число не меньше 0, получено «-3»."),
        ("flag out of range", PD_DONE, "2", "Ожидается «да» или «нет», получено «2»."),
        ("not a number", COVERAGE, "много", "Ожидается число, получено «много»."),
    ],
)
def test_a_value_is_checked_by_its_unit_and_nothing_is_saved(form_a, school_user, _case, code, text, message):
    with pytest.raises(CampaignRejected) as error:
        services.save_value(actor=school_user, submission=form_a, code=code, text=text)

    assert error.value.problems == {"value": message}
    assert not FormValue.objects.exists()
    form_a.refresh_from_db()
    assert form_a.state == State.NOT_STARTED


def test_a_saved_value_makes_a_draft_with_its_comment(form_a, school_user):
    services.save_value(
        actor=school_user, submission=form_a, code=COVERAGE, text=" 87,5 ", comment="по навигатору"
    )
    services.save_value(actor=school_user, submission=form_a, code=PD_DONE, text="Да")

    form_a.refresh_from_db()
    assert form_a.state == State.DRAFT
    assert sorted(form_a.values.values_list("indicator_code", "value", "comment")) == [
        (PD_DONE, Decimal("1"), ""),
        (COVERAGE, Decimal("87.5"), "по навигатору"),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(form_a.pk)).count() == 2


def test_a_form_with_an_empty_value_is_not_sent(form_a, school_user):
    _fill(form_a, school_user, {COVERAGE: "50", PD_DONE: "нет"})

    with pytest.raises(CampaignRejected) as error:
        services.submit_submission(actor=school_user, submission=form_a)

    assert error.value.problems == {VACANCIES: "Не заполнено значение «Число вакансий педагогов»."}
    form_a.refresh_from_db()
    assert form_a.state == State.DRAFT


def test_a_sent_form_cannot_be_changed_by_the_school(form_a, school_user):
    _sent(form_a, school_user)

    with pytest.raises(CampaignRejected) as error:
        services.save_value(actor=school_user, submission=form_a, code=VACANCIES, text="3")

    assert str(error.value) == (
        "Форма отправлена в отдел образования: изменить её можно, только если её вернут на доработку."
    )
    assert form_a.values.get(indicator_code=VACANCIES).value == Decimal("2")


def test_a_form_is_closed_after_the_campaigns_end(form_a, school_user):
    campaign = form_a.campaign
    campaign.starts_on, campaign.deadline, campaign.ends_on = days(-30), days(-20), days(-1)
    campaign.save()

    with pytest.raises(CampaignRejected) as error:
        services.save_value(actor=school_user, submission=form_a, code=VACANCIES, text="3")

    assert str(error.value) == f"Кампания завершилась {days(-1):%d.%m.%Y}: форма закрыта."


def test_another_schools_user_cannot_fill_the_form(form_a, other_school_user):
    with pytest.raises(CampaignRejected, match=r"^Форму заполняет только сама организация\.$"):
        services.save_value(actor=other_school_user, submission=form_a, code=VACANCIES, text="1")


def test_accepting_writes_the_values_as_monitoring_values_and_queues_a_recompute(
    form_a, school_user, specialist
):
    _sent(form_a, school_user)

    services.accept_submission(actor=specialist, submission=form_a)

    values = sorted(
        MonitoringValue.objects.values_list(
            "organization__code", "indicator_code", "school_year__name", "value"
        )
    )
    assert values == [
        ("0001", PD_DONE, "2024/2025", Decimal("1")),
        ("0001", COVERAGE, "2024/2025", Decimal("87.5")),
        ("0001", VACANCIES, "2024/2025", Decimal("2")),
    ]
    run = ComputeRun.objects.get()
    assert (run.school_year.name, run.reason) == (
        "2024/2025",
        "кампания «Дополнительное образование и кадры»: принята форма 0001",
    )
    form_a.refresh_from_db()
    assert (form_a.state, form_a.reviewed_by) == (State.ACCEPTED, specialist)
    assert AuditEvent.objects.filter(summary__contains="0001 принята: значений в показатели 3").exists()


def test_only_a_sent_form_is_accepted(form_a, school_user, specialist):
    _fill(form_a, school_user)

    with pytest.raises(
        CampaignRejected, match=r"^Принять можно только отправленную форму, а эта — черновик\.$"
    ):
        services.accept_submission(actor=specialist, submission=form_a)

    assert not MonitoringValue.objects.exists()


def test_returning_an_accepted_form_withdraws_its_values_and_reopens_it(
    form_a, form_b, school_user, specialist
):
    other_user = factories.UserFactory(username="school2", role="school", organization=form_b.organization)
    _sent(form_a, school_user)
    _sent(form_b, other_user)
    services.accept_submission(actor=specialist, submission=form_a)
    services.accept_submission(actor=specialist, submission=form_b)

    services.return_submission(actor=specialist, submission=form_a, comment="Проверьте число вакансий.")

    assert set(MonitoringValue.objects.values_list("organization__code", flat=True)) == {"0002"}
    form_a.refresh_from_db()
    assert (form_a.state, form_a.review_comment) == (State.RETURNED, "Проверьте число вакансий.")
    services.save_value(actor=school_user, submission=form_a, code=VACANCIES, text="1")  # editable again
    form_a.refresh_from_db()
    assert form_a.state == State.RETURNED  # still in rework until sent again
    assert form_a.values.get(indicator_code=VACANCIES).value == Decimal("1")


def test_a_return_needs_a_comment(form_a, school_user, specialist):
    _sent(form_a, school_user)

    with pytest.raises(CampaignRejected) as error:
        services.return_submission(actor=specialist, submission=form_a, comment="  ")

    assert error.value.problems == {
        "comment": "Напишите, что нужно исправить: комментарий увидит организация."
    }
    form_a.refresh_from_db()
    assert form_a.state == State.SUBMITTED


def test_forms_past_the_deadline_and_not_sent_are_overdue(campaign, form_a, form_b, school_user, specialist):
    _sent(form_a, school_user)
    campaign.starts_on, campaign.deadline = days(-10), days(-1)
    campaign.save()

    found = campaign_for(viewer=specialist, pk=campaign.pk, today=days(0))

    form_a.refresh_from_db()
    form_b.refresh_from_db()
    assert (form_a.is_overdue(days(0)), form_b.is_overdue(days(0))) == (False, True)
    assert (found.n_overdue, found.n_submitted, found.n_not_started) == (1, 1, 1)


def test_reminders_go_to_late_and_not_started_organisations_users_with_an_address(
    campaign, form_a, form_b, school_a, school_b, specialist
):
    third = factories.OrganizationFactory(code="0003", short_name="СШ № 3")
    factories.UserFactory(username="c1", role="school", organization=third, email="c1@school.ru")
    services.create_campaign(  # another campaign's form: not reminded of this one
        actor=specialist,
        title="Кадры",
        school_year=campaign.school_year,
        starts_on=days(-5),
        deadline=days(5),
        ends_on=days(20),
        indicator_codes=[VACANCIES],
        organizations=[third],
    )
    sent_user = factories.UserFactory(
        username="s1", role="school", organization=school_a, email="s1@school.ru"
    )
    _sent(form_a, sent_user)
    factories.UserFactory(username="b1", role="school", organization=school_b, email="b1@school.ru")
    factories.UserFactory(username="b2", role="school", organization=school_b, email="b2@school.ru")
    factories.UserFactory(username="b3", role="school", organization=school_b, email="")
    factories.UserFactory(
        username="b4", role="school", organization=school_b, email="x@y.ru", is_active=False
    )
    lonely = factories.OrganizationFactory(code="0004", short_name="СШ № 4")
    campaign.submissions.create(organization=lonely)

    done = services.send_reminders(actor=specialist, campaign=campaign, form_url="http://msoko/campaigns/")

    assert done.sent == 2
    assert sorted(m.to[0] for m in mail.outbox) == ["b1@school.ru", "b2@school.ru"]
    assert mail.outbox[0].subject == "Напоминание: Дополнительное образование и кадры"
    assert "Форма: http://msoko/campaigns/" in mail.outbox[0].body
    assert done.without_address == ["0004 СШ № 4"]
    audit = AuditEvent.objects.get(summary__startswith="Напоминания")
    assert audit.summary == (
        "Напоминания по кампании «Дополнительное образование и кадры»: писем 2, организаций без адреса 1"
    )


def test_an_overdue_reminder_says_the_deadline_has_passed(campaign, form_b, school_b, specialist):
    factories.UserFactory(username="b1", role="school", organization=school_b, email="b1@school.ru")
    campaign.starts_on, campaign.deadline = days(-10), days(-2)
    campaign.save()
    services.fill_submission(
        actor=factories.UserFactory(username="b9", role="school", organization=school_b),
        submission=form_b,
        values={VACANCIES: "1"},
    )

    services.send_reminders(actor=specialist, campaign=campaign)

    letter = next(m for m in mail.outbox if m.to == ["b1@school.ru"])
    assert f"Срок представления прошёл {days(-2):%d.%m.%Y}" in letter.body
    assert "Состояние формы: черновик." in letter.body


def test_a_code_outside_the_form_is_refused(form_a, school_user):
    with pytest.raises(CampaignRejected) as error:
        services.save_value(actor=school_user, submission=form_a, code="no.such.code", text="1")

    assert error.value.problems == {"value": "Показателя «no.such.code» нет в этой форме."}
    assert not FormValue.objects.exists()

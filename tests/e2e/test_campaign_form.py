"""A school fills its monitoring form in a real browser (each field saved as it goes), sends
it; the specialist opens it and accepts it, and the values become indicator values."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from msoko.collection.campaigns import services
from msoko.collection.campaigns.models import State, Submission
from msoko.indicators.models import MonitoringValue
from tests import factories
from tests.e2e.conftest import browser_page, log_in

COVERAGE = "talents.additional_education_coverage"
VACANCIES = "teachers.vacancies"
PD_DONE = "principals.pd_completed"


@pytest.fixture
def campaign(transactional_db):
    school = factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.UserFactory(username="school1", role="school", organization=school)
    specialist = factories.UserFactory(username="spec", role="specialist")
    today = timezone.localdate()
    return services.create_campaign(
        actor=specialist,
        title="Кадры и дополнительное образование",
        school_year=factories.SchoolYearFactory(),
        starts_on=today - dt.timedelta(days=1),
        deadline=today + dt.timedelta(days=7),
        ends_on=today + dt.timedelta(days=14),
        indicator_codes=[COVERAGE, VACANCIES, PD_DONE],
        kinds=["school"],
    )


def test_a_school_fills_and_sends_its_form_and_the_specialist_accepts_it(live_server, campaign):
    form_pk = campaign.submissions.get().pk
    with browser_page() as page:
        log_in(page, live_server, "school1", factories.PASSWORD)
        page.goto(f"{live_server.url}/campaigns/")
        page.get_by_role("link", name="Заполнить").click()

        row = page.locator(f'tr[data-code="{COVERAGE}"]')
        row.locator(f'input[name="value-{COVERAGE}"]').fill("150")
        row.locator(f'input[name="comment-{COVERAGE}"]').click()  # leaving the field saves it
        row.locator(".save-state").get_by_text("Ожидается процент от 0 до 100, получено «150».").wait_for()
        row.locator(f'input[name="value-{COVERAGE}"]').fill("87,5")
        row.locator(f'input[name="comment-{COVERAGE}"]').fill("по навигатору")
        row.locator(f'input[name="comment-{COVERAGE}"]').press("Tab")
        row.locator(".save-state").get_by_text("сохранено").wait_for()
        vacancies = page.locator(f'tr[data-code="{VACANCIES}"]')
        vacancies.locator(f'input[name="value-{VACANCIES}"]').fill("2")
        vacancies.locator(f'input[name="value-{VACANCIES}"]').press("Tab")
        vacancies.locator(".save-state").get_by_text("сохранено").wait_for()
        page.select_option(f'select[name="value-{PD_DONE}"]', "да")
        page.locator(f'tr[data-code="{PD_DONE}"] .save-state').get_by_text("сохранено").wait_for()

        page.get_by_role("button", name="Отправить в отдел образования").click()
        page.get_by_text("Форма отправлена в отдел образования").wait_for()
        sent_list = page.locator("#past-forms").inner_text()
        page.get_by_role("button", name="Выйти").click()

        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/campaigns/{campaign.pk}/")
        page.get_by_role("link", name="Рассмотреть").click()
        shown = page.locator("#table-values").inner_text()
        page.get_by_role("button", name="Принять").click()
        page.get_by_text("значения записаны в показатели").wait_for()
        state_after = page.locator(".page-lead .badge").first.inner_text()

    assert "отправлено" in sent_list
    assert "87,5" in shown
    assert "по навигатору" in shown
    assert state_after == "принято"
    assert Submission.objects.get(pk=form_pk).state == State.ACCEPTED
    assert sorted(MonitoringValue.objects.values_list("indicator_code", "value")) == [
        (PD_DONE, Decimal("1")),
        (COVERAGE, Decimal("87.5")),
        (VACANCIES, Decimal("2")),
    ]

"""The pages through the Django client: role scoping (another school's form is a 404, a school
may not accept), the HTMX draft, the department's pages, the template and the evidence files."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from msoko.collection.campaigns import services
from msoko.collection.campaigns.checklists import SITE
from msoko.collection.campaigns.models import Campaign, State
from msoko.indicators.models import MonitoringValue
from tests import factories
from tests.campaigns.conftest import COVERAGE, PD_DONE, VACANCIES, days

pytestmark = pytest.mark.django_db


def _login(client, user):
    client.force_login(user)
    return client


def _sent(form, user):
    services.fill_submission(actor=user, submission=form, values={COVERAGE: 80, VACANCIES: 2, PD_DONE: True})
    return services.submit_submission(actor=user, submission=form)


def test_a_school_cannot_open_another_schools_form(client, form_a, form_b, school_user):
    _login(client, school_user)

    assert client.get(f"/campaigns/forms/{form_a.pk}/").status_code == 200
    assert client.get(f"/campaigns/forms/{form_b.pk}/").status_code == 404
    assert client.get(f"/campaigns/forms/{form_b.pk}/template.xlsx").status_code == 404
    response = client.post(
        f"/campaigns/forms/{form_b.pk}/value/", {"code": VACANCIES, f"value-{VACANCIES}": "1"}
    )
    assert response.status_code == 404
    assert not form_b.values.exists()


def test_a_school_cannot_accept_or_return_or_see_the_campaign(client, form_a, school_user):
    _sent(form_a, school_user)
    _login(client, school_user)

    assert client.post(f"/campaigns/forms/{form_a.pk}/accept/").status_code == 403
    assert client.post(f"/campaigns/forms/{form_a.pk}/return/", {"comment": "x"}).status_code == 403
    assert client.get(f"/campaigns/{form_a.campaign_id}/").status_code == 403
    assert client.get("/campaigns/new/").status_code == 403
    form_a.refresh_from_db()
    assert form_a.state == State.SUBMITTED
    assert not MonitoringValue.objects.exists()


def test_the_htmx_draft_says_saved_or_the_error(client, form_a, school_user):
    _login(client, school_user)
    url = f"/campaigns/forms/{form_a.pk}/value/"

    saved = client.post(
        url,
        {"code": COVERAGE, f"value-{COVERAGE}": "75,5", f"comment-{COVERAGE}": "оценка"},
        HTTP_HX_REQUEST="true",
    )
    refused = client.post(url, {"code": VACANCIES, f"value-{VACANCIES}": "1,5"}, HTTP_HX_REQUEST="true")

    assert "сохранено" in saved.content.decode()
    assert "Ожидается целое число не меньше 0, получено «1,5»." in refused.content.decode()
    assert "сохранено" not in refused.content.decode()
    assert list(form_a.values.values_list("indicator_code", "value", "comment")) == [
        (COVERAGE, Decimal("75.5"), "оценка")
    ]


def test_after_sending_the_page_is_read_only_and_a_save_is_refused(client, form_a, school_user):
    _sent(form_a, school_user)
    _login(client, school_user)

    page = client.get(f"/campaigns/forms/{form_a.pk}/").content.decode()
    refused = client.post(
        f"/campaigns/forms/{form_a.pk}/value/", {"code": VACANCIES, f"value-{VACANCIES}": "7"}
    )

    assert 'id="values-form"' not in page
    assert "Форма отправлена в отдел образования" in page
    assert "изменить её можно, только если её вернут" in refused.content.decode()
    assert form_a.values.get(indicator_code=VACANCIES).value == Decimal("2")


def test_the_whole_form_is_saved_and_sent_without_javascript(client, form_a, school_user):
    _login(client, school_user)
    data = {
        f"value-{COVERAGE}": "60",
        f"value-{VACANCIES}": "0",
        f"value-{PD_DONE}": "нет",
        "action": "submit",
    }

    response = client.post(f"/campaigns/forms/{form_a.pk}/save/", data)

    assert response.status_code == 302
    form_a.refresh_from_db()
    assert form_a.state == State.SUBMITTED


def test_a_bad_value_in_the_whole_form_is_shown_next_to_it(client, form_a, school_user):
    _login(client, school_user)
    data = {f"value-{COVERAGE}": "160", f"value-{VACANCIES}": "1", "action": "save"}

    response = client.post(f"/campaigns/forms/{form_a.pk}/save/", data)

    assert response.status_code == 400
    html = response.content.decode()
    assert "Ожидается процент от 0 до 100, получено «160»." in html
    assert 'value="160"' in html  # what the user typed stays in the field
    assert not form_a.values.exists()


def test_the_department_reviews_accepts_and_returns(client, form_a, school_user, specialist):
    _sent(form_a, school_user)
    _login(client, specialist)

    page = client.get(f"/campaigns/forms/{form_a.pk}/").content.decode()
    accepted = client.post(f"/campaigns/forms/{form_a.pk}/accept/")
    assert MonitoringValue.objects.count() == 3
    returned = client.post(f"/campaigns/forms/{form_a.pk}/return/", {"comment": "Уточните долю."})

    assert "Принять" in page
    assert "Отправить на доработку" in page
    assert (accepted.status_code, returned.status_code) == (302, 302)
    assert MonitoringValue.objects.count() == 0
    form_a.refresh_from_db()
    assert (form_a.state, form_a.review_comment) == (State.RETURNED, "Уточните долю.")


def test_the_school_sees_the_return_comment_and_can_edit_again(client, form_a, school_user, specialist):
    _sent(form_a, school_user)
    services.return_submission(actor=specialist, submission=form_a, comment="Уточните долю охвата.")
    _login(client, school_user)

    page = client.get(f"/campaigns/forms/{form_a.pk}/").content.decode()
    listing = client.get("/campaigns/").content.decode()

    assert "Форма возвращена на доработку" in page
    assert "Уточните долю охвата." in page
    assert 'id="values-form"' in page
    assert "Уточните долю охвата." in listing


def test_the_campaign_page_counts_states_and_marks_overdue_forms(
    client, campaign, form_a, school_user, specialist
):
    _sent(form_a, school_user)
    campaign.starts_on, campaign.deadline = days(-10), days(-1)
    campaign.save()
    _login(client, specialist)

    html = client.get(f"/campaigns/{campaign.pk}/").content.decode()
    listing = client.get("/campaigns/").content.decode()

    assert '<div class="stat-label">Просрочено</div><div class="stat-value">1</div>' in html
    assert '<tr class="row-warning" data-org="0002">' in html
    assert '<tr data-org="0001">' in html
    assert "Напомнить (1 организации)" in html
    assert '<span class="badge badge-danger">1</span>' in listing


def test_the_reminder_page_says_how_many_were_sent_and_who_has_no_address(
    client, campaign, school_a, specialist
):
    factories.UserFactory(username="a1", role="school", organization=school_a, email="a1@school.ru")
    _login(client, specialist)

    response = client.post(f"/campaigns/{campaign.pk}/remind/", follow=True)

    html = response.content.decode()
    assert len(mail.outbox) == 1
    assert "Отправлено напоминаний: 1 (СШ № 1: a1@school.ru)." in html
    assert "Нет адреса электронной почты ни у одного пользователя организаций: 0002 Гимназия № 2." in html


def test_the_school_list_puts_overdue_forms_first(client, year, school_a, school_user, specialist):
    for title, deadline in (("Поздняя", days(-1)), ("Ранняя", days(3))):
        services.create_campaign(
            actor=specialist,
            title=title,
            school_year=year,
            starts_on=days(-5),
            deadline=deadline,
            ends_on=days(10),
            indicator_codes=[VACANCIES],
            organizations=[school_a],
        )
    services.create_campaign(  # not begun yet: the school does not see it
        actor=specialist,
        title="Будущая",
        school_year=year,
        starts_on=days(2),
        deadline=days(4),
        ends_on=days(10),
        indicator_codes=[VACANCIES],
        organizations=[school_a],
    )
    _login(client, school_user)

    html = client.get("/campaigns/").content.decode()

    assert html.index("Поздняя") < html.index("Ранняя")
    assert "просрочено" in html
    assert "Будущая" not in html


def test_the_template_round_trip_through_the_pages(client, form_a, school_user):
    _login(client, school_user)

    downloaded = client.get(f"/campaigns/forms/{form_a.pk}/template.xlsx")
    book = openpyxl.load_workbook(io.BytesIO(downloaded.content))
    sheet = book["Мониторинг"]
    sheet["F5"], sheet["F6"], sheet["F7"], sheet["G6"] = 70, 1, "нет", "ставка физика"
    buffer = io.BytesIO()
    book.save(buffer)
    uploaded = client.post(
        "/campaigns/upload/", {"file": SimpleUploadedFile("форма.xlsx", buffer.getvalue())}, follow=True
    )

    assert downloaded["Content-Disposition"].startswith("attachment")
    assert uploaded.redirect_chain[-1][0] == f"/campaigns/forms/{form_a.pk}/"
    assert sorted(form_a.values.values_list("indicator_code", "value", "comment")) == [
        (PD_DONE, Decimal("0"), ""),
        (COVERAGE, Decimal("70"), ""),
        (VACANCIES, Decimal("1"), "ставка физика"),
    ]


def test_an_upload_with_errors_lists_them(client, form_a, school_user):
    _login(client, school_user)
    content = f"Код ОО;Показатель;Учебный год;Значение\n0001;{COVERAGE};2024/2025;101\n".encode()

    response = client.post(
        "/campaigns/upload/", {"file": SimpleUploadedFile("m.csv", content), "campaign": form_a.campaign_id}
    )

    assert response.status_code == 400
    assert (
        "строка 2, столбец «Значение»: ожидается процент от 0 до 100, получено «101»"
        in response.content.decode()
    )
    assert not form_a.values.exists()


@pytest.fixture
def site_form(year, school_a, school_b, specialist):
    campaign = services.create_checklist_campaign(
        actor=specialist,
        checklist_code=SITE,
        school_year=year,
        starts_on=days(-1),
        deadline=days(5),
        ends_on=days(9),
    )
    return campaign.submissions.get(organization=school_a)


def test_evidence_is_uploaded_on_the_checklist_and_served_only_within_scope(
    client, site_form, school_user, other_school_user, specialist
):
    item = site_form.campaign.checklist.items.get(number=1)
    _login(client, school_user)

    saved = client.post(
        f"/campaigns/forms/{site_form.pk}/items/{item.pk}/",
        {"answer": "yes", "link": "", "comment": "", "file": SimpleUploadedFile("akt.pdf", b"%PDF-1.7 akt")},
        HTTP_HX_REQUEST="true",
    )
    answer = site_form.answers.get()
    own = client.get(f"/campaigns/answers/{answer.pk}/file/")
    other = _login(client.__class__(), other_school_user).get(f"/campaigns/answers/{answer.pk}/file/")
    department = _login(client.__class__(), specialist).get(f"/campaigns/answers/{answer.pk}/file/")

    assert "сохранено" in saved.content.decode()
    assert "akt.pdf" in saved.content.decode()
    assert (answer.answer, answer.file_name) == (True, "akt.pdf")
    assert b"".join(own.streaming_content) == b"%PDF-1.7 akt"
    assert other.status_code == 404
    assert department.status_code == 200
    own.close()
    department.close()


def test_the_department_page_of_a_checklist_form_prefills_the_failed_items(
    client, site_form, school_user, specialist
):
    items = site_form.campaign.checklist.items.count()
    services.fill_checklist(
        actor=school_user,
        submission=site_form,
        answers={n: n != 3 for n in range(1, items + 1)},
        links=dict.fromkeys(range(1, items + 1), "https://school.example/sveden"),
    )
    services.submit_submission(actor=school_user, submission=site_form)
    _login(client, specialist)

    html = client.get(f"/campaigns/forms/{site_form.pk}/").content.decode()

    assert "Не выполнено пунктов: 1 из 13" in html
    assert "Не выполнены пункты:\n3. Подраздел «Документы»" in html
    assert "в каталоге нет показателя для него" not in html  # the site check is an indicator


def test_a_specialist_creates_a_campaign_on_the_page(client, year, school_a, school_b, specialist):
    _login(client, specialist)
    data = {
        "title": "Вакансии",
        "school_year": "2024/2025",
        "starts_on": days(0).isoformat(),
        "deadline": days(5).isoformat(),
        "ends_on": days(9).isoformat(),
        "indicators": [VACANCIES],
        "kinds": ["school"],
    }

    form_page = client.get("/campaigns/new/")
    response = client.post("/campaigns/new/", data)

    assert form_page.status_code == 200
    assert "Проверка официального сайта ОО" in form_page.content.decode()
    assert response.status_code == 302
    campaign = Campaign.objects.get()
    assert (campaign.title, campaign.indicator_codes, campaign.submissions.count()) == (
        "Вакансии",
        [VACANCIES],
        2,
    )

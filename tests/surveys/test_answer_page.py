"""The respondent's public page: anonymous, one answer per device or code, throttled per address
in the cache only, protected against cross-site posts (msoko/collection/surveys/views/answer.py)."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from msoko.collection.surveys import services
from msoko.collection.surveys.models import Answer, Response
from tests.surveys.conftest import open_for, participant_of

IP = "203.0.113.77"
AGENT = "Mozilla/5.0 (Linux; Android 14) SurveyProbe/9.9"


def form_data(survey, scale: int = 5, **extra: str) -> dict:
    q = {x.position: x.pk for x in survey.questionnaire.questions.all()}
    return {
        f"q{q[1]}": str(scale),
        f"q{q[2]}": "1",
        f"q{q[3]}": ["1", "2"],
        f"q{q[4]}": "Спасибо воспитателям",
        **extra,
    }


def url_of(participant) -> str:
    return reverse("surveys:answer", args=[participant.slug])


def post(client: Client, participant, data: dict, ip: str = IP):
    return client.post(url_of(participant), data, REMOTE_ADDR=ip, HTTP_USER_AGENT=AGENT)


def test_the_page_shows_the_questionnaire_to_anyone(client, survey, kindergarten_a):
    page = client.get(url_of(participant_of(survey, kindergarten_a)))

    assert page.status_code == 200
    text = page.content.decode()
    assert "Насколько вы удовлетворены детским садом?" in text
    assert kindergarten_a.display_name in text
    assert 'name="viewport"' in text


def test_no_stored_row_holds_the_address_the_browser_or_the_session(client, survey, kindergarten_a):
    # given: a respondent with a session of their own (e.g. a staff member's browser)
    session = SessionStore()
    session["seen"] = True
    session.create()
    client.cookies["sessionid"] = session.session_key

    # when
    page = post(client, participant_of(survey, kindergarten_a), form_data(survey))

    # then: the response exists, and no field of any row of any table mentions them
    assert page.status_code == 302
    assert Response.objects.count() == 1
    secrets = (IP, AGENT, "SurveyProbe", session.session_key)
    for model in apps.get_models():
        if model is Session:
            continue
        for row in model._default_manager.all().values():
            for field, value in row.items():
                assert not any(s in str(value) for s in secrets), f"{model._meta.label}.{field} = {value!r}"
    # the throttle keys of the cache hold no address either
    assert not any(IP in str(key) for key in cache._cache)


def test_the_response_tables_have_nothing_but_the_answers():
    assert {f.name for f in Response._meta.concrete_fields} == {"id", "survey", "organization", "answered_on"}
    assert {f.name for f in Answer._meta.concrete_fields} == {"id", "response", "question", "value", "text"}


def test_the_thank_you_page_follows_an_answer(client, survey, kindergarten_a):
    page = client.post(url_of(participant_of(survey, kindergarten_a)), form_data(survey), follow=True)

    assert page.redirect_chain[-1][0].endswith("/thanks/")
    assert "Спасибо! Ваши ответы приняты." in page.content.decode()


def test_a_missing_required_answer_shows_the_form_again(client, survey, kindergarten_a):
    data = form_data(survey)
    del data[next(k for k in data if k.startswith("q"))]

    page = post(client, participant_of(survey, kindergarten_a), data)

    assert page.status_code == 200
    assert "Ответьте на этот вопрос." in page.content.decode()
    assert not Response.objects.exists()


def test_the_same_device_cannot_answer_twice(client, survey, kindergarten_a):
    participant = participant_of(survey, kindergarten_a)
    post(client, participant, form_data(survey))

    again = post(client, participant, form_data(survey))
    shown = client.get(url_of(participant))

    assert Response.objects.count() == 1
    assert "уже отправлены ответы" in again.content.decode()
    assert 'data-state="answered"' in shown.content.decode()


def test_one_address_is_throttled_while_another_is_not(settings, survey, kindergarten_a):
    settings.MSOKO_SURVEY_ANSWERS_PER_HOUR = 2
    participant = participant_of(survey, kindergarten_a)
    for _ in range(2):  # new devices (no cookie) behind one address
        assert post(Client(), participant, form_data(survey)).status_code == 302

    refused = post(Client(), participant, form_data(survey))
    elsewhere = post(Client(), participant, form_data(survey), ip="198.51.100.5")

    assert refused.status_code == 429
    assert elsewhere.status_code == 302
    assert Response.objects.count() == 3


def test_a_cross_site_post_is_refused(survey, kindergarten_a):
    client = Client(enforce_csrf_checks=True)

    page = post(client, participant_of(survey, kindergarten_a), form_data(survey))

    assert page.status_code == 403
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("_case", "days", "text"), [("planned", (2, 9), "ещё не начался"), ("closed", (-9, -2), "Опрос завершён")]
)
def test_outside_its_dates_the_page_says_so(
    _case, days, text, client, specialist, questionnaire, year, kindergarten_a
):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], days=days)
    participant = participant_of(survey, kindergarten_a)

    shown = client.get(url_of(participant))
    posted = post(client, participant, form_data(survey))

    assert text in shown.content.decode()
    assert text in posted.content.decode()
    assert not Response.objects.exists()


def test_a_used_code_is_refused_on_the_page(client, specialist, questionnaire, year, kindergarten_a):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], access="tokens")
    participant = participant_of(survey, kindergarten_a)
    code = services.issue_tokens(actor=specialist, participant=participant, count=1)[0].code

    prefilled = client.get(url_of(participant), {"code": code})
    first = post(client, participant, form_data(survey, code=code))
    second = post(Client(), participant, form_data(survey, code=code))

    assert f'value="{code}"' in prefilled.content.decode()
    assert first.status_code == 302
    assert second.status_code == 200
    assert "по нему уже ответили" in second.content.decode()
    assert Response.objects.count() == 1


def test_an_unknown_link_is_not_found(client, survey):
    assert client.get(reverse("surveys:answer", args=["no-such-link"])).status_code == 404

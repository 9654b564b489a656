"""The department's and the schools' pages: the builder, opening a survey, links and QR codes,
codes, the aggregates with their XLSX, and who may see what."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from msoko.collection.surveys import services
from msoko.collection.surveys.models import Mapping, Questionnaire, Survey
from msoko.core.models import AuditAction, AuditEvent
from tests import factories
from tests.surveys.conftest import answer, answers, open_for, participant_of


@pytest.fixture
def answered(survey, kindergarten_a, kindergarten_b):
    """A: 10 answers (7 of them 4–5; question 2: 6 «да», 4 «иногда»); B: 9 answers."""
    a = participant_of(survey, kindergarten_a)
    for scale, single in zip([5, 5, 4, 4, 4, 5, 4, 3, 2, 1], [1, 1, 1, 1, 1, 1, 2, 2, 2, 2], strict=True):
        answer(a, scale, single=single, multiple=(1,))
    answers(participant_of(survey, kindergarten_b), [5] * 9)
    return survey


def login(client, user):
    client.force_login(user)
    return client


def test_a_specialist_builds_a_questionnaire(client, specialist):
    data = {
        "title": "Опрос о питании",
        "audience": "parents",
        "description": "",
        "q-TOTAL_FORMS": "3",
        "q-INITIAL_FORMS": "0",
        "q-0-position": "2",
        "q-0-text": "Что улучшить?",
        "q-0-kind": "multiple",
        "q-0-options": "меню\nпорции\n",
        "q-0-scale_max": "5",
        "q-1-position": "1",
        "q-1-text": "Нравится ли ребёнку еда?",
        "q-1-kind": "scale",
        "q-1-required": "on",
        "q-1-scale_max": "10",
        "q-1-low_label": "нет",
        "q-1-high_label": "очень",
        "q-2-kind": "scale",
        "q-2-scale_max": "5",
    }

    page = login(client, specialist).post(reverse("surveys:questionnaire_create"), data)

    made = Questionnaire.objects.get(title="Опрос о питании")
    assert page.status_code == 302
    assert [
        (q.position, q.text, q.kind, q.required, q.options, q.scale_max) for q in made.questions.all()
    ] == [
        (1, "Нравится ли ребёнку еда?", "scale", True, [], 10),
        (2, "Что улучшить?", "multiple", False, ["меню", "порции"], None),
    ]
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(made.pk)).exists()


def test_a_choice_question_without_options_is_not_saved(client, specialist):
    data = {"title": "Опрос", "audience": "parents", "q-TOTAL_FORMS": "1", "q-INITIAL_FORMS": "0",
            "q-0-text": "Что выбрать?", "q-0-kind": "single", "q-0-options": "одно", "q-0-scale_max": "5"}  # fmt: skip

    page = login(client, specialist).post(reverse("surveys:questionnaire_create"), data)

    assert page.status_code == 200
    assert "не меньше двух вариантов" in page.content.decode()
    assert not Questionnaire.objects.filter(title="Опрос").exists()


def test_a_specialist_opens_a_survey_for_all_kindergartens(
    client, specialist, year, kindergarten_a, kindergarten_b, school_user
):
    factories.OrganizationFactory(code="0009", kind="school")
    preschool = services.ready_made_questionnaires()[1]
    data = {"questionnaire": preschool.pk, "school_year": year.pk, "opens_on": "2099-04-01",
            "closes_on": "2099-04-20", "access": "link", "kinds": ["preschool"]}  # fmt: skip

    page = login(client, specialist).post(reverse("surveys:open"), data)

    survey = Survey.objects.get()
    assert page.status_code == 302
    assert sorted(survey.participants.values_list("organization__code", flat=True)) == ["0001", "0002"]
    assert Mapping.objects.filter(survey=survey, indicator_code="preschool.parent_satisfaction").exists()


def test_the_survey_page_lists_links_and_hides_small_counts(
    client, specialist, answered, kindergarten_a, kindergarten_b
):
    page = login(client, specialist).get(reverse("surveys:survey", args=[answered.pk]))

    text = page.content.decode()
    assert participant_of(answered, kindergarten_a).slug in text
    assert participant_of(answered, kindergarten_b).slug in text
    rows = text.split('id="table-participants"')[1]
    b_row = rows.split(kindergarten_b.code)[1].split("</tr>")[0]
    assert "менее 10" in b_row
    assert ">9<" not in b_row
    # A: 10 answers of 120 expected → 8 %
    a_row = rows.split(kindergarten_a.code)[1].split("</tr>")[0]
    assert ">10<" in a_row
    assert "8\u00a0%" in a_row


def test_results_of_ten_answers_are_shown_with_their_shares(client, specialist, answered, kindergarten_a):
    url = reverse("surveys:results", args=[answered.pk, participant_of(answered, kindergarten_a).pk])

    text = login(client, specialist).get(url).content.decode()

    first = text.split('id="question-1"')[1].split("</section>")[0]
    assert "Ответили: 10; средний балл 3,7 из 5" in first  # (5·3 + 4·4 + 3 + 2 + 1) / 10 = 3.7
    second = text.split('id="question-2"')[1].split("</section>")[0]
    assert "60\u00a0%" in second
    assert "40\u00a0%" in second


def test_results_of_nine_answers_are_not_shown(client, specialist, answered, kindergarten_b):
    url = reverse("surveys:results", args=[answered.pk, participant_of(answered, kindergarten_b).pk])

    text = login(client, specialist).get(url).content.decode()

    assert 'id="too-few"' in text
    assert 'id="question-1"' not in text


def test_the_xlsx_holds_only_organisations_with_enough_answers(
    client, specialist, answered, kindergarten_a, kindergarten_b
):
    page = login(client, specialist).get(reverse("surveys:export", args=[answered.pk]))

    sheet = load_workbook(io.BytesIO(page.content)).active
    header, *rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    table = [dict(zip(header, r, strict=True)) for r in rows]
    assert {r["Код ОО"] for r in table} == {kindergarten_a.code}
    scale = {r["Вариант ответа"]: (r["Выбрали"], r["Доля, %"]) for r in table if r["№"] == 1}
    assert scale == {
        "1 — совсем нет": (1, 10.0),
        "2": (1, 10.0),
        "3": (1, 10.0),
        "4": (4, 40.0),
        "5 — полностью": (3, 30.0),
    }
    assert {r["Ответов"] for r in table} == {10}
    assert {r["Средний балл"] for r in table if r["№"] == 1} == {3.7}
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_a_school_sees_its_own_results_but_not_another_schools(
    client, answered, kindergarten_a, kindergarten_b, school_user
):
    answer(participant_of(answered, kindergarten_b), 5)  # B reaches 10 answers too: only scope hides it
    login(client, school_user)
    own = client.get(
        reverse("surveys:results", args=[answered.pk, participant_of(answered, kindergarten_a).pk])
    )
    other = client.get(
        reverse("surveys:results", args=[answered.pk, participant_of(answered, kindergarten_b).pk])
    )
    card = client.get(reverse("surveys:survey", args=[answered.pk])).content.decode()
    sheet = load_workbook(
        io.BytesIO(client.get(reverse("surveys:export", args=[answered.pk])).content)
    ).active

    assert own.status_code == 200
    assert 'id="question-1"' in own.content.decode()
    assert other.status_code == 404
    assert participant_of(answered, kindergarten_a).slug in card
    assert participant_of(answered, kindergarten_b).slug not in card
    assert {row[0] for row in sheet.iter_rows(min_row=2, values_only=True)} == {kindergarten_a.code}


def test_a_school_outside_the_survey_does_not_see_it(client, answered):
    outsider = factories.UserFactory(
        username="other", role="school", organization=factories.OrganizationFactory()
    )

    login(client, outsider)

    assert client.get(reverse("surveys:survey", args=[answered.pk])).status_code == 404
    assert answered.title not in client.get(reverse("surveys:index")).content.decode()


def test_a_methodologist_reads_but_does_not_manage(client, methodologist, answered):
    login(client, methodologist)

    assert client.get(reverse("surveys:survey", args=[answered.pk])).status_code == 200
    assert client.post(reverse("surveys:compute", args=[answered.pk])).status_code == 403
    assert client.get(reverse("surveys:open")).status_code == 403


def test_the_specialist_computes_from_the_page(client, specialist, answered, kindergarten_a):
    page = login(client, specialist).post(reverse("surveys:compute", args=[answered.pk]), follow=True)

    assert "записано значений показателей — 1" in page.content.decode()


def test_qr_codes_download_and_print(client, specialist, survey, kindergarten_a):
    participant = participant_of(survey, kindergarten_a)
    login(client, specialist)

    png = client.get(reverse("surveys:qr", args=[survey.pk, participant.pk, "png"]))
    svg = client.get(reverse("surveys:qr", args=[survey.pk, participant.pk, "svg"]))
    sheet = client.get(reverse("surveys:qr_sheet", args=[survey.pk])).content.decode()

    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert b"<svg" in svg.content
    assert sheet.count("<svg") == 2
    assert f"/surveys/a/{participant.slug}/" in sheet


def test_a_school_issues_and_prints_its_codes(
    client, specialist, questionnaire, year, kindergarten_a, kindergarten_b, school_user
):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a, kindergarten_b], access="tokens")
    own, other = participant_of(survey, kindergarten_a), participant_of(survey, kindergarten_b)
    login(client, school_user)

    issued = client.post(reverse("surveys:tokens", args=[survey.pk, own.pk]), {"count": "5"})
    sheet = client.get(reverse("surveys:token_sheet", args=[survey.pk, own.pk])).content.decode()
    foreign = client.post(reverse("surveys:tokens", args=[survey.pk, other.pk]), {"count": "5"})

    assert issued.status_code == 302
    assert own.tokens.count() == 5
    assert other.tokens.count() == 0
    assert sheet.count("<svg") == 5
    assert all(t.code in sheet for t in own.tokens.all())
    assert foreign.status_code == 404


def test_expected_respondents_are_changed_and_audited(client, specialist, survey, kindergarten_a):
    participant = participant_of(survey, kindergarten_a)

    login(client, specialist).post(
        reverse("surveys:expected", args=[survey.pk]), {f"expected_{participant.pk}": "40"}
    )

    participant.refresh_from_db()
    assert participant.expected == 40
    assert AuditEvent.objects.filter(summary__contains="ожидаемое число респондентов").exists()


def test_a_mapping_is_added_from_the_survey_page(client, specialist, questionnaire, year, kindergarten_a):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], mappings=())

    login(client, specialist).post(
        reverse("surveys:mapping_add", args=[survey.pk]),
        {
            "position": "2",
            "indicator_code": "upbringing.pupils_satisfaction",
            "rule": "share_of_options",
            "options": "1, 2",
        },
    )

    mapping = Mapping.objects.get(survey=survey)
    assert (mapping.question.position, mapping.rule, mapping.options) == (2, "share_of_options", [1, 2])


@pytest.mark.parametrize(
    "name", ["surveys:index", "surveys:questionnaires", "surveys:open", "surveys:questionnaire_create"]
)
def test_the_department_pages_open(client, specialist, name):
    services.ready_made_questionnaires()

    assert login(client, specialist).get(reverse(name)).status_code == 200

"""Surveys' use cases on the database: opening, codes, answers, and the indicator values with the
minimum of ten answers (msoko/collection/surveys/services)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from msoko.collection.surveys import services
from msoko.collection.surveys.models import Answer, Mapping, Question, Questionnaire, Response, Token
from msoko.collection.surveys.rules import MappingSpec, SurveyRejected
from msoko.core.models import AuditAction, AuditEvent
from msoko.indicators.models import MonitoringValue
from msoko.indicators.services import store_collected
from msoko.pipeline.models import ComputeRun
from tests.surveys.conftest import QUESTIONS, answer, answers, open_for, participant_of

CODE = "preschool.parent_satisfaction"


def values_of(organization) -> dict[str, Decimal]:
    return dict(
        MonitoringValue.objects.filter(organization=organization).values_list("indicator_code", "value")
    )


def test_ready_made_questionnaires_are_installed_once(specialist):
    first = services.ready_made_questionnaires(actor=specialist)
    again = services.ready_made_questionnaires(actor=specialist)

    assert [q.title for q in first] == [
        "Удовлетворённость родителей качеством образования в школе",
        "Удовлетворённость родителей качеством дошкольного образования",
        "Удовлетворённость обучающихся воспитательной работой школы",
    ]
    assert [q.pk for q in again] == [q.pk for q in first]
    assert Questionnaire.objects.exclude(key="").count() == 3
    counts = [q.questions.count() for q in first[:2]]
    assert all(8 <= n <= 12 for n in counts), counts


def test_opening_a_ready_made_questionnaire_takes_its_indicator_link_and_the_registry_expected(
    specialist, year, kindergarten_a
):
    preschool = services.ready_made_questionnaires()[1]

    survey = services.open_survey(
        actor=specialist,
        questionnaire=preschool,
        title="",
        school_year=year,
        opens_on=timezone.localdate(),
        closes_on=timezone.localdate(),
        organizations=[kindergarten_a],
    )

    mapping = Mapping.objects.get(survey=survey)
    assert (mapping.indicator_code, mapping.rule, mapping.threshold) == (CODE, "share_at_least", 4)
    assert mapping.question.text.startswith("В целом насколько вы удовлетворены")
    assert survey.title == preschool.title
    assert participant_of(survey, kindergarten_a).expected == 120
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_id=str(survey.pk)).exists()


def test_a_mapping_that_does_not_fit_its_question_is_refused(specialist, questionnaire, year, kindergarten_a):
    with pytest.raises(SurveyRejected, match="только для вопроса-шкалы"):
        open_for(
            specialist,
            questionnaire,
            year,
            [kindergarten_a],
            mappings=[MappingSpec(2, CODE, "share_at_least", 4)],
        )
    with pytest.raises(SurveyRejected, match="не заполняется анкетированием"):
        open_for(
            specialist,
            questionnaire,
            year,
            [kindergarten_a],
            mappings=[MappingSpec(1, "results.success_rate", "share_at_least", 4)],
        )
    with pytest.raises(SurveyRejected, match="средний балл в него записать нельзя"):
        open_for(specialist, questionnaire, year, [kindergarten_a], mappings=[MappingSpec(1, CODE, "mean")])


def test_a_questionnaire_in_use_cannot_be_changed(specialist, survey, questionnaire):
    with pytest.raises(SurveyRejected, match="уже открыт опрос"):
        services.update_questionnaire(
            actor=specialist,
            questionnaire=questionnaire,
            title="Другое",
            audience="parents",
            questions=QUESTIONS,
        )


def test_an_answer_is_stored_with_the_day_only(survey, kindergarten_a):
    answer(participant_of(survey, kindergarten_a), 5, single=2, multiple=(1, 3), text="Больше прогулок")

    response = Response.objects.get()
    assert response.answered_on == timezone.localdate()
    assert sorted((a.question.position, a.value, a.text) for a in response.answers.all()) == [
        (1, 5, ""),
        (2, 2, ""),
        (3, 1, ""),
        (3, 3, ""),
        (4, None, "Больше прогулок"),
    ]


def test_a_required_question_left_blank_is_refused(survey, kindergarten_a):
    participant = participant_of(survey, kindergarten_a)
    first = Question.objects.get(questionnaire=survey.questionnaire, position=1)

    with pytest.raises(SurveyRejected, match="обязательные вопросы: 2"):
        services.record_response(participant=participant, given={first.pk: [4]})
    assert not Response.objects.exists()


@pytest.mark.parametrize(
    ("_case", "days", "message"), [("not yet open", (1, 5), "ещё не начался"), ("over", (-9, -1), "завершён")]
)
def test_answers_outside_the_dates_are_refused(
    _case, days, message, specialist, questionnaire, year, kindergarten_a
):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], days=days)

    with pytest.raises(SurveyRejected, match=message):
        answer(participant_of(survey, kindergarten_a), 5)


def test_a_single_use_code_answers_once(specialist, questionnaire, year, kindergarten_a):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], access="tokens")
    participant = participant_of(survey, kindergarten_a)
    code = services.issue_tokens(actor=specialist, participant=participant, count=3)[0].code
    q = {x.position: x.pk for x in survey.questionnaire.questions.all()}
    given = {q[1]: [5], q[2]: [1]}

    services.record_response(participant=participant, given=given, token_code=code.lower())
    with pytest.raises(SurveyRejected, match="уже ответили"):
        services.record_response(participant=participant, given=given, token_code=code)

    assert Response.objects.count() == 1
    assert list(Token.objects.filter(used=True).values_list("code", flat=True)) == [code]


def test_a_survey_by_codes_refuses_an_answer_without_one(specialist, questionnaire, year, kindergarten_a):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], access="tokens")

    with pytest.raises(SurveyRejected, match="Введите код"):
        answer(participant_of(survey, kindergarten_a), 5)
    assert not Response.objects.exists()


def test_ten_answers_give_the_share_and_nine_give_nothing(
    specialist, survey, kindergarten_a, kindergarten_b, year
):
    # given: A — 10 answers, 7 of them 4 or 5; B — 9 answers, all 5, and an older value B reported itself
    answers(participant_of(survey, kindergarten_a), [5, 5, 4, 4, 4, 5, 4, 3, 2, 1])
    answers(participant_of(survey, kindergarten_b), [5] * 9)
    store_collected(
        kind="monitoring", title="форма ДОО", school_year=year, values=[(kindergarten_b.pk, CODE, 99.0)]
    )

    # when
    done = services.compute_survey_indicators(actor=specialist, survey=survey)

    # then: 7 / 10 = 70 % for A; B's old value is withdrawn, nothing written in its place
    assert values_of(kindergarten_a) == {CODE: Decimal("70.0000")}
    assert values_of(kindergarten_b) == {}
    assert (done.stored, done.removed, done.suppressed) == (1, 1, [kindergarten_b.code])
    assert ComputeRun.objects.filter(school_year=year).exists()
    event = AuditEvent.objects.filter(action=AuditAction.UPDATE, object_id=str(survey.pk)).latest("pk")
    assert event.details["suppressed"] == [kindergarten_b.code]


def test_closing_a_survey_stops_answers_and_computes(specialist, survey, kindergarten_a):
    answers(participant_of(survey, kindergarten_a), [4] * 10)

    services.close_survey(actor=specialist, survey=survey)

    assert values_of(kindergarten_a) == {CODE: Decimal("100.0000")}
    with pytest.raises(SurveyRejected, match="завершён"):
        answer(participant_of(survey, kindergarten_a), 5)


def test_close_due_surveys_closes_only_those_past_their_end(
    specialist, questionnaire, year, kindergarten_a, kindergarten_b
):
    running = open_for(specialist, questionnaire, year, [kindergarten_a])
    ended = open_for(specialist, questionnaire, year, [kindergarten_b], days=(-3, 10))
    later = timezone.localdate() + dt.timedelta(days=5)
    ended.closes_on = later - dt.timedelta(days=1)
    ended.save()

    closed = services.close_due_surveys(today=later)

    assert [s.pk for s in closed] == [ended.pk]
    running.refresh_from_db()
    assert running.closed_on is None


def test_synthetic_answers_follow_the_given_distribution(survey, kindergarten_a):
    participant = participant_of(survey, kindergarten_a)

    made = services.record_synthetic_responses(
        survey=survey, organization=kindergarten_a, count=40, distributions={1: {5: 1.0}}, seed=3
    )

    assert made == 40 == Response.objects.filter(organization=kindergarten_a).count()
    first = Question.objects.get(questionnaire=survey.questionnaire, position=1)
    assert sorted(set(Answer.objects.filter(question=first).values_list("value", flat=True))) == [5]
    assert Answer.objects.filter(question=first, response__survey=participant.survey).count() == 40


def test_deleting_a_computed_mapping_withdraws_its_values(specialist, survey, kindergarten_a):
    answers(participant_of(survey, kindergarten_a), [5] * 10)
    services.compute_survey_indicators(actor=specialist, survey=survey)
    survey.refresh_from_db()

    services.delete_mapping(actor=specialist, mapping=survey.mappings.get())

    assert values_of(kindergarten_a) == {}


def test_a_survey_without_links_to_indicators_closes_without_values(
    specialist, questionnaire, year, kindergarten_a
):
    survey = open_for(specialist, questionnaire, year, [kindergarten_a], mappings=())
    answers(participant_of(survey, kindergarten_a), [5] * 10)

    done = services.close_survey(actor=specialist, survey=survey)

    survey.refresh_from_db()
    assert survey.closed_on == timezone.localdate()
    assert done.stored == 0
    assert values_of(kindergarten_a) == {}

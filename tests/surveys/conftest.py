"""A small questionnaire whose answers are easy to count by hand, opened for two kindergartens."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from msoko.collection.surveys import services
from msoko.collection.surveys.rules import MappingSpec, QuestionSpec
from tests import factories

QUESTIONS = [
    QuestionSpec(
        "Насколько вы удовлетворены детским садом?",
        "scale",
        scale_max=5,
        low_label="совсем нет",
        high_label="полностью",
    ),
    QuestionSpec("Получаете ли вы сведения о группе?", "single", options=("да", "иногда", "нет")),
    QuestionSpec(
        "Как вы участвуете в жизни сада?",
        "multiple",
        options=("собрания", "праздники", "совет"),
        required=False,
    ),
    QuestionSpec("Ваши предложения", "text", required=False),
]
SATISFACTION = MappingSpec(1, "preschool.parent_satisfaction", "share_at_least", threshold=4)


@pytest.fixture
def year(db):
    return factories.SchoolYearFactory(name="2024/2025", start_year=2024)


@pytest.fixture
def kindergarten_a(school_a):
    school_a.kind, school_a.students_count = "preschool", 120
    school_a.save()
    return school_a


@pytest.fixture
def kindergarten_b(school_b):
    school_b.kind, school_b.students_count = "preschool", 80
    school_b.save()
    return school_b


@pytest.fixture
def questionnaire(specialist):
    return services.create_questionnaire(
        actor=specialist, title="Родители о детском саде", audience="parents", questions=QUESTIONS
    )


def open_for(
    actor, questionnaire, year, organizations, *, access="link", mappings=(SATISFACTION,), days=(-3, 10)
):
    today = timezone.localdate()
    return services.open_survey(
        actor=actor,
        questionnaire=questionnaire,
        title="Весенний опрос родителей",
        school_year=year,
        opens_on=today + dt.timedelta(days=days[0]),
        closes_on=today + dt.timedelta(days=days[1]),
        organizations=organizations,
        access=access,
        mappings=list(mappings),
    )


@pytest.fixture
def survey(specialist, questionnaire, year, kindergarten_a, kindergarten_b):
    return open_for(specialist, questionnaire, year, [kindergarten_a, kindergarten_b])


def participant_of(survey, organization):
    return survey.participants.get(organization=organization)


def answer(participant, scale: int, single: int = 1, multiple=(), text: str = "") -> None:
    """One response: the scale point of question 1, the option of question 2, and so on."""
    q = {x.position: x for x in participant.survey.questionnaire.questions.all()}
    services.record_response(
        participant=participant,
        given={q[1].pk: [scale], q[2].pk: [single], q[3].pk: list(multiple), q[4].pk: text},
    )


def answers(participant, scales: list[int]) -> None:
    for value in scales:
        answer(participant, value)

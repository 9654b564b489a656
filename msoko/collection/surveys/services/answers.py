"""Writes of answers: a respondent's anonymous response, and synthetic ones for the demo.

Nothing here is audited on purpose: an audit row would keep the time of day, and the
respondent is nobody the system may name (docs/methodology.md#surveys).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Mapping as MappingType

from django.db import transaction
from django.utils import timezone

from msoko.collection.surveys.models import (
    Access,
    Answer,
    Participant,
    Question,
    QuestionKind,
    Response,
    Survey,
    Token,
)
from msoko.collection.surveys.rules import SurveyRejected
from msoko.registry.models import Organization

#: what a respondent gave: question id → the chosen values (scale point or option numbers) or a text
Given = MappingType[int, list[int] | str]


def record_response(
    *, participant: Participant, given: Given, token_code: str = "", today: dt.date | None = None
) -> Response:
    """Store one response of the participant's organisation, dated ``today`` and nothing finer.
    A survey by codes takes ``token_code`` and spends it in the same transaction."""
    today = today or timezone.localdate()
    survey = participant.survey
    state = survey.state(today)
    if state != "open":
        raise SurveyRejected(
            "Опрос ещё не начался." if state == "planned" else "Опрос завершён: ответы больше не принимаются."
        )
    questions = list(survey.questionnaire.questions.all())
    rows = _answers(questions, given)
    with transaction.atomic():
        if survey.access == Access.TOKENS:
            spend_token(participant=participant, code=token_code)
        response = Response.objects.create(
            survey=survey, organization_id=participant.organization_id, answered_on=today
        )
        for row in rows:
            row.response = response
        Answer.objects.bulk_create(rows)
    return response


def spend_token(*, participant: Participant, code: str) -> None:
    """Mark the code used, or refuse: an unknown code and a used one are refused alike."""
    normalised = code.strip().upper().replace(" ", "").replace("-", "")
    if not normalised:
        raise SurveyRejected("Введите код участия с листка, который вам выдали.")
    spent = Token.objects.filter(participant=participant, code=normalised, used=False).update(used=True)
    if spent != 1:
        raise SurveyRejected("Код не подходит: он неверен или по нему уже ответили.")


def _answers(questions: list[Question], given: Given) -> list[Answer]:
    rows: list[Answer] = []
    problems = []
    for q in questions:
        value = given.get(q.pk)
        if q.kind == QuestionKind.TEXT:
            text = (value if isinstance(value, str) else "").strip()[:500]
            if text:
                rows.append(Answer(question=q, text=text))
            elif q.required:
                problems.append(q.position)
            continue
        chosen = sorted(set(value)) if isinstance(value, list) else []
        allowed = {v for v, _ in q.values}
        if any(v not in allowed for v in chosen) or (q.kind != QuestionKind.MULTIPLE and len(chosen) > 1):
            raise SurveyRejected(f"Вопрос {q.position}: недопустимый ответ.")
        if not chosen and q.required:
            problems.append(q.position)
        rows += [Answer(question=q, value=v) for v in chosen]
    if problems:
        raise SurveyRejected("Ответьте на обязательные вопросы: " + ", ".join(map(str, problems)) + ".")
    return rows


def record_synthetic_responses(
    *,
    survey: Survey,
    organization: Organization,
    count: int,
    distributions: MappingType[int, MappingType[int, float]] | None = None,
    seed: int = 0,
    texts: tuple[str, ...] = (),
) -> int:
    """``count`` made-up responses for the demo, in bulk. ``distributions``: question position →
    {value: weight} (a scale or single choice) or {option: probability of ticking it} (multiple
    choice); a question not named gets a plausible default. Days fall inside the survey's dates
    up to today; a survey by codes spends no codes. Returns the number of responses."""
    rng = random.Random(seed)
    questions = list(survey.questionnaire.questions.all())
    distributions = distributions or {}
    last = min(survey.closes_on, max(survey.opens_on, timezone.localdate()))
    days = (last - survey.opens_on).days
    with transaction.atomic():
        responses = Response.objects.bulk_create(
            Response(
                survey=survey,
                organization=organization,
                answered_on=survey.opens_on + dt.timedelta(days=rng.randint(0, days)),
            )
            for _ in range(count)
        )
        rows = []
        for response in responses:
            for q in questions:
                rows += _synthetic(q, response, distributions.get(q.position), rng, texts)
        Answer.objects.bulk_create(rows, batch_size=2000)
    return len(responses)


def _synthetic(
    q: Question,
    response: Response,
    weights: MappingType[int, float] | None,
    rng: random.Random,
    texts: tuple[str, ...],
) -> list[Answer]:
    if q.kind == QuestionKind.TEXT:
        return (
            [Answer(response=response, question=q, text=rng.choice(texts))]
            if texts and rng.random() < 0.2
            else []
        )
    values = [v for v, _ in q.values]
    if q.kind == QuestionKind.MULTIPLE:
        chance = weights or dict.fromkeys(values, 0.3)
        return [
            Answer(response=response, question=q, value=v) for v in values if rng.random() < chance.get(v, 0)
        ]
    if weights is None:  # leaning to the upper half, as satisfaction answers usually do
        weights = (
            {v: 1 + i for i, v in enumerate(values)}
            if q.kind == QuestionKind.SCALE
            else dict.fromkeys(values, 1)
        )
    keys = [v for v in weights if v in values]
    return [
        Answer(response=response, question=q, value=rng.choices(keys, weights=[weights[k] for k in keys])[0])
    ]

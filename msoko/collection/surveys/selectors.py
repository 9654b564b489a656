"""Reads of surveys: lists for pages, the answer frames (one query each), and the aggregates a
viewer may see. Row access starts from ``Participant.objects.visible_to(viewer)``: a school sees
the surveys its organisation takes part in and only its own figures."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.db.models import Count, Q, QuerySet

from msoko.collection.surveys import aggregates
from msoko.collection.surveys.models import (
    Answer,
    Mapping,
    Participant,
    Question,
    QuestionKind,
    Questionnaire,
    Response,
    Survey,
    min_answers,
)
from msoko.indicators.catalogue import CATALOGUE


def questionnaire_list() -> QuerySet[Questionnaire]:
    return Questionnaire.objects.annotate(
        questions_n=Count("questions", distinct=True), surveys_n=Count("surveys", distinct=True)
    ).order_by("-key", "title", "pk")


def survey_list(*, viewer: Any) -> QuerySet[Survey]:
    visible = Participant.objects.visible_to(viewer)
    return (
        Survey.objects.filter(pk__in=visible.values("survey_id"))
        .select_related("questionnaire", "school_year")
        .annotate(participants_n=Count("participants", filter=Q(participants__in=visible), distinct=True))
    )


def visible_survey(*, viewer: Any, pk: int) -> Survey | None:
    return survey_list(viewer=viewer).filter(pk=pk).first()


def visible_participants(*, viewer: Any, survey: Survey) -> QuerySet[Participant]:
    return (
        Participant.objects.visible_to(viewer)
        .filter(survey=survey)
        .select_related("organization")
        .annotate(
            tokens_n=Count("tokens", distinct=True),
            tokens_used=Count("tokens", filter=Q(tokens__used=True), distinct=True),
        )
        .order_by("organization__code")
    )


def participant_by_slug(slug: str) -> Participant | None:
    return (
        Participant.objects.filter(slug=slug).select_related("survey__questionnaire", "organization").first()
    )


def questions_of(survey: Survey) -> list[Question]:
    return list(survey.questionnaire.questions.all())


def answer_frames(
    survey: Survey, *, organization_ids: list[int] | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(responses, answers) of the survey, one query each, in the grain aggregates.py takes."""
    responses = Response.objects.filter(survey=survey)
    answers = Answer.objects.filter(response__survey=survey)
    if organization_ids is not None:
        responses = responses.filter(organization_id__in=organization_ids)
        answers = answers.filter(response__organization_id__in=organization_ids)
    response_rows = list(responses.values_list("organization_id", "pk"))
    answer_rows = list(
        answers.values_list("response__organization_id", "response_id", "question_id", "value")
    )
    return (
        pl.DataFrame(response_rows, schema={"org_id": pl.Int64, "response_id": pl.Int64}, orient="row"),
        pl.DataFrame(
            answer_rows,
            schema={"org_id": pl.Int64, "response_id": pl.Int64, "question_id": pl.Int64, "value": pl.Int64},
            orient="row",
        ),
    )


def mappings_frame(mappings: list[Mapping]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "question_id": [m.question_id for m in mappings],
            "indicator_code": [m.indicator_code for m in mappings],
            "rule": [m.rule for m in mappings],
            "threshold": [m.threshold for m in mappings],
            "options": [list(m.options) for m in mappings],
        },
        schema={
            "question_id": pl.Int64,
            "indicator_code": pl.String,
            "rule": pl.String,
            "threshold": pl.Int64,
            "options": pl.List(pl.Int64),
        },
    )


def mapping_list(survey: Survey) -> list[dict[str, Any]]:
    rows = []
    for m in survey.mappings.select_related("question"):
        indicator = CATALOGUE.get(m.indicator_code)
        if m.rule == "share_at_least":
            rule = f"доля ответивших {m.threshold} и выше из {m.question.scale_max}, %"
        elif m.rule == "share_of_options":
            names = [m.question.options[o - 1] for o in m.options if 0 < o <= len(m.question.options)]
            rule = "доля выбравших " + ", ".join(f"«{n}»" for n in names) + ", %"
        else:
            rule = "средний балл"
        rows.append({"mapping": m, "indicator": indicator, "rule": rule})
    return rows


@dataclass
class ParticipantRow:
    participant: Participant
    responses: int | None  # None: under the minimum, not shown
    rate: float | None  # responses / expected respondents, %


def participant_rows(*, viewer: Any, survey: Survey) -> list[ParticipantRow]:
    """The viewer's organisations in the survey with their response counts and response rates;
    an organisation under the minimum shows neither."""
    participants = list(visible_participants(viewer=viewer, survey=survey))
    counts = dict(
        Response.objects.filter(survey=survey, organization_id__in=[p.organization_id for p in participants])
        .values_list("organization_id")
        .annotate(n=Count("pk"))
        .values_list("organization_id", "n")
    )
    floor = min_answers()
    rows = []
    for p in participants:
        n = counts.get(p.organization_id, 0)
        shown = n if n >= floor else None
        rate = shown / p.expected * 100 if shown is not None and p.expected else None
        rows.append(ParticipantRow(p, shown, rate))
    return rows


@dataclass
class ValueRow:
    label: str
    count: int
    percent: float  # of the question's respondents


@dataclass
class QuestionResult:
    question: Question
    answered: int | None = None
    mean: float | None = None
    values: list[ValueRow] = field(default_factory=list)
    texts: list[str] = field(default_factory=list)


def organization_results(*, participant: Participant) -> tuple[int, list[QuestionResult]] | None:
    """The organisation's responses and per-question results, or None under the minimum.
    The caller has taken ``participant`` from :func:`visible_participants`."""
    survey = participant.survey
    responses, answers = answer_frames(survey, organization_ids=[participant.organization_id])
    floor = min_answers()
    if responses.height < floor:
        return None
    summary = aggregates.question_summary(answers, responses, min_answers=floor)
    shares = aggregates.value_distribution(answers, responses, min_answers=floor)
    texts: dict[int, list[str]] = {}
    for question_id, text in (
        Answer.objects.filter(response__survey=survey, response__organization_id=participant.organization_id)
        .exclude(text="")
        .order_by("text")  # alphabetical, so the order says nothing about who answered when
        .values_list("question_id", "text")
    ):
        texts.setdefault(question_id, []).append(text)
    by_question = {row["question_id"]: row for row in summary.iter_rows(named=True)}
    results = []
    for q in questions_of(survey):
        result = QuestionResult(q)
        row = by_question.get(q.pk)
        if row is not None:
            result.answered = row["answered"]
            result.mean = row["mean"] if q.kind == QuestionKind.SCALE else None
            got = {r["value"]: r for r in shares.filter(pl.col("question_id") == q.pk).iter_rows(named=True)}
            result.values = [
                ValueRow(
                    label, got[v]["count"] if v in got else 0, got[v]["share"] * 100 if v in got else 0.0
                )
                for v, label in q.values
            ]
            if q.kind == QuestionKind.TEXT:
                result.texts = texts.get(q.pk, [])
        results.append(result)
    return responses.height, results


def results_export_frame(*, viewer: Any, survey: Survey) -> pl.DataFrame:
    """One row per shown organisation × question × answer value: what the XLSX holds. An
    organisation under the minimum, and a question under it, has no rows at all."""
    participants = {p.organization_id: p for p in visible_participants(viewer=viewer, survey=survey)}
    responses, answers = answer_frames(survey, organization_ids=list(participants))
    floor = min_answers()
    counts = aggregates.response_counts(responses).filter(pl.col("responses") >= floor)
    summary = aggregates.question_summary(answers, responses, min_answers=floor)
    shares = aggregates.value_distribution(answers, responses, min_answers=floor)
    questions = {q.pk: q for q in questions_of(survey)}
    responses_of = dict(counts.iter_rows())
    summary_of = {(r["org_id"], r["question_id"]): r for r in summary.iter_rows(named=True)}
    rows = []
    for r in shares.iter_rows(named=True):
        p, q = participants[r["org_id"]], questions[r["question_id"]]
        n = responses_of[r["org_id"]]
        mean = summary_of[(r["org_id"], r["question_id"])]["mean"]
        rows.append(
            {
                "Код ОО": p.organization.code,
                "Организация": p.organization.display_name,
                "Ответов": n,
                "Ожидалось": p.expected,
                "Охват, %": round(n / p.expected * 100, 1) if p.expected else None,
                "№": q.position,
                "Вопрос": q.text,
                "Ответили на вопрос": summary_of[(r["org_id"], r["question_id"])]["answered"],
                "Вариант ответа": dict(q.values)[r["value"]],
                "Выбрали": r["count"],
                "Доля, %": round(r["share"] * 100, 1),
                "Средний балл": round(mean, 2) if q.kind == QuestionKind.SCALE and mean is not None else None,
            }
        )
    schema = {
        "Код ОО": pl.String,
        "Организация": pl.String,
        "Ответов": pl.Int64,
        "Ожидалось": pl.Int64,
        "Охват, %": pl.Float64,
        "№": pl.Int64,
        "Вопрос": pl.String,
        "Ответили на вопрос": pl.Int64,
        "Вариант ответа": pl.String,
        "Выбрали": pl.Int64,
        "Доля, %": pl.Float64,
        "Средний балл": pl.Float64,
    }
    return pl.DataFrame(rows, schema=schema, orient="row") if rows else pl.DataFrame(schema=schema)

"""Writes of surveys: open one for organisations, link questions to indicators, hand out codes,
close it and turn its answers into indicator values."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable, Sequence
from collections.abc import Mapping as MappingType
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from msoko.collection.surveys import aggregates, ready_made, selectors
from msoko.collection.surveys.models import (
    Access,
    Mapping,
    Participant,
    Question,
    Questionnaire,
    Survey,
    Token,
    min_answers,
)
from msoko.collection.surveys.rules import MappingSpec, SurveyRejected, mapping_problems
from msoko.collection.surveys.services.questionnaires import _name
from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.indicators.services import remove_collected, store_collected
from msoko.pipeline.tasks import schedule_recompute
from msoko.registry.models import Organization

#: letters and digits that cannot be mistaken for one another when typed from paper
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
MAX_TOKENS = 2000


def open_survey(
    *,
    actor: User | None,
    questionnaire: Questionnaire,
    title: str,
    school_year: SchoolYear,
    opens_on: dt.date,
    closes_on: dt.date,
    organizations: Iterable[Organization],
    access: str = Access.LINK,
    mappings: Sequence[MappingSpec] | None = None,
    expected: MappingType[int, int | None] | None = None,
) -> Survey:
    """Open ``questionnaire`` for the organisations, each with its own link. ``mappings`` None
    takes the ready-made questionnaire's default links; ``expected`` (organisation id → number)
    overrides the default expected respondents, the registry's number of students."""
    organizations = list(dict.fromkeys(organizations))
    if not organizations:
        raise SurveyRejected("Выберите хотя бы одну организацию.")
    if closes_on < opens_on:
        raise SurveyRejected("Окончание опроса раньше его начала.")
    if access not in Access.values:
        raise SurveyRejected(f"Неизвестный способ доступа «{access}».")
    questions = {q.position: q for q in questionnaire.questions.all()}
    if not questions:
        raise SurveyRejected("В анкете нет вопросов.")
    specs = default_mappings(questionnaire) if mappings is None else list(mappings)
    checked = [(spec, _checked_question(spec, questions)) for spec in specs]
    expected = expected or {}
    with transaction.atomic():
        survey = Survey.objects.create(
            questionnaire=questionnaire,
            title=(title.strip() or questionnaire.title)[:300],
            school_year=school_year,
            opens_on=opens_on,
            closes_on=closes_on,
            access=access,
            created_by=actor if actor is not None and actor.is_authenticated else None,
        )
        Participant.objects.bulk_create(
            Participant(
                survey=survey,
                organization=org,
                slug=secrets.token_urlsafe(12),
                expected=expected.get(org.pk, org.students_count),
            )
            for org in organizations
        )
        Mapping.objects.bulk_create(_mapping(survey, spec, question) for spec, question in checked)
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.CREATE,
            summary=f"Анкетирование: открыт опрос «{survey.title}» для {len(organizations)} организаций "
            f"с {opens_on:%d.%m.%Y} по {closes_on:%d.%m.%Y}",
            obj=survey,
            details={
                "questionnaire": questionnaire.pk,
                "organizations": [o.code for o in organizations],
                "access": access,
                "mappings": [s.indicator_code for s in specs],
            },
        )
    return survey


def default_mappings(questionnaire: Questionnaire) -> list[MappingSpec]:
    """The links a ready-made questionnaire suggests; none for a user's own."""
    ready = ready_made.by_key(questionnaire.key) if questionnaire.key else None
    if ready is None:
        return []
    return [
        MappingSpec(position, q.default.indicator, q.default.rule, q.default.threshold, q.default.options)
        for position, q in enumerate(ready.questions, start=1)
        if q.default is not None
    ]


def add_mapping(*, actor: User | None, survey: Survey, spec: MappingSpec) -> Mapping:
    questions = {q.position: q for q in survey.questionnaire.questions.all()}
    question = _checked_question(spec, questions)
    if survey.mappings.filter(indicator_code=spec.indicator_code).exists():
        raise SurveyRejected("Этот показатель уже связан с вопросом опроса: удалите прежнюю связь.")
    with transaction.atomic():
        mapping = _mapping(survey, spec, question)
        mapping.save()
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Анкетирование: вопрос {spec.position} опроса «{survey.title}» связан "
            f"с показателем {spec.indicator_code}",
            obj=survey,
            details={"rule": spec.rule, "threshold": spec.threshold, "options": list(spec.options)},
        )
    return mapping


def delete_mapping(*, actor: User | None, mapping: Mapping) -> None:
    """Remove a link; values it already wrote are withdrawn (the survey was their source)."""
    survey = mapping.survey
    with transaction.atomic():
        if survey.computed_at is not None:
            remove_collected(
                school_year=survey.school_year,
                organization_ids=list(survey.participants.values_list("organization_id", flat=True)),
                codes=[mapping.indicator_code],
            )
            schedule_recompute(school_year=survey.school_year, reason=f"анкетирование «{survey.title}»")
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.DELETE,
            summary=f"Анкетирование: удалена связь опроса «{survey.title}» с показателем "
            f"{mapping.indicator_code}",
            obj=survey,
        )
        mapping.delete()


def set_expected(*, actor: User | None, survey: Survey, expected: MappingType[int, int | None]) -> int:
    """Change the expected respondents of participants (participant id → number or None)."""
    participants = list(survey.participants.filter(pk__in=expected))
    changed = [p for p in participants if p.expected != expected[p.pk]]
    for p in changed:
        p.expected = expected[p.pk]
    with transaction.atomic():
        Participant.objects.bulk_update(changed, ["expected"])
        if changed:
            audit.record(
                actor=actor,
                actor_name=_name(actor),
                action=AuditAction.UPDATE,
                summary=f"Анкетирование: изменено ожидаемое число респондентов в опросе «{survey.title}»",
                obj=survey,
                details={p.organization.code: p.expected for p in changed},
            )
    return len(changed)


def issue_tokens(*, actor: User | None, participant: Participant, count: int) -> list[Token]:
    """``count`` new single-use codes for the organisation to print and hand out."""
    if not 1 <= count <= MAX_TOKENS:
        raise SurveyRejected(f"Число кодов — от 1 до {MAX_TOKENS}; получено {count}.")
    if participant.survey.access != Access.TOKENS:
        raise SurveyRejected("Опрос проводится по ссылке: одноразовые коды ему не нужны.")
    taken = set(participant.tokens.values_list("code", flat=True))
    codes: list[str] = []
    while len(codes) < count:
        code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
        if code not in taken:
            taken.add(code)
            codes.append(code)
    with transaction.atomic():
        tokens = Token.objects.bulk_create(Token(participant=participant, code=c) for c in codes)
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.CREATE,
            summary=f"Анкетирование: выпущено {count} одноразовых кодов опроса «{participant.survey.title}» "
            f"для {participant.organization.code}",
            obj=participant.survey,
            details={"organization": participant.organization.code, "count": count},
        )
    return tokens


@dataclass(frozen=True)
class Computed:
    """What a calculation wrote: values stored, values withdrawn, organisations under the minimum."""

    stored: int
    removed: int
    suppressed: list[str]


def close_survey(*, actor: User | None, survey: Survey, today: dt.date | None = None) -> Computed:
    """Stop accepting answers (from today on) and write the linked indicators' values."""
    today = today or timezone.localdate()
    if survey.closed_on is not None:
        raise SurveyRejected("Опрос уже завершён.")
    with transaction.atomic():
        survey.closed_on = today
        survey.save(update_fields=["closed_on"])
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Анкетирование: завершён опрос «{survey.title}»",
            obj=survey,
        )
        if not survey.mappings.exists():  # nothing to write: the aggregates are all it gives
            return Computed(stored=0, removed=0, suppressed=[])
        return compute_survey_indicators(actor=actor, survey=survey)


def close_due_surveys(*, today: dt.date | None = None) -> list[Survey]:
    """Close and compute every survey whose last day has passed (for a nightly job)."""
    today = today or timezone.localdate()
    due = list(Survey.objects.filter(closed_on__isnull=True, closes_on__lt=today))
    for survey in due:
        close_survey(actor=None, survey=survey, today=survey.closes_on)
    return due


def compute_survey_indicators(*, actor: User | None, survey: Survey) -> Computed:
    """Write the linked indicators of organisations with enough answers, withdraw them for the
    rest, and queue a recompute of the school year — all in one transaction."""
    mappings = list(survey.mappings.select_related("question"))
    if not mappings:
        raise SurveyRejected("Вопросы опроса не связаны ни с одним показателем: рассчитывать нечего.")
    responses, answers = selectors.answer_frames(survey)
    values = aggregates.mapped_values(
        answers, responses, selectors.mappings_frame(mappings), min_answers=min_answers()
    )
    got = {(row["org_id"], row["indicator_code"]): row["value"] for row in values.iter_rows(named=True)}
    participants = list(survey.participants.select_related("organization"))
    removed = 0
    with transaction.atomic():
        if got:
            store_collected(
                kind="survey",
                title=f"Анкетирование: {survey.title}",
                school_year=survey.school_year,
                values=[(org, code, value) for (org, code), value in sorted(got.items())],
            )
        for mapping in mappings:
            missing = [
                p.organization_id
                for p in participants
                if (p.organization_id, mapping.indicator_code) not in got
            ]
            if missing:
                removed += remove_collected(
                    school_year=survey.school_year, organization_ids=missing, codes=[mapping.indicator_code]
                )
        survey.computed_at = timezone.now()
        survey.save(update_fields=["computed_at"])
        schedule_recompute(school_year=survey.school_year, reason=f"анкетирование «{survey.title}»")
        shown = {org for org, _ in got}
        suppressed = [p.organization.code for p in participants if p.organization_id not in shown]
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Анкетирование: рассчитаны показатели опроса «{survey.title}»: записано {len(got)} "
            f"значений, без значений (меньше {min_answers()} ответов) {len(suppressed)} организаций",
            obj=survey,
            details={"stored": len(got), "removed": removed, "suppressed": suppressed},
        )
    return Computed(stored=len(got), removed=removed, suppressed=suppressed)


def _checked_question(spec: MappingSpec, questions: dict[int, Question]) -> Question:
    question = questions.get(spec.position)
    if question is None:
        raise SurveyRejected(f"В анкете нет вопроса № {spec.position}.")
    problems = mapping_problems(
        spec, kind=question.kind, scale_max=question.scale_max, options=len(question.options)
    )
    if problems:
        raise SurveyRejected(
            f"Вопрос {spec.position} и показатель {spec.indicator_code}: " + "; ".join(problems) + "."
        )
    return question


def _mapping(survey: Survey, spec: MappingSpec, question: Question) -> Mapping:
    return Mapping(
        survey=survey,
        question=question,
        indicator_code=spec.indicator_code,
        rule=spec.rule,
        threshold=spec.threshold if spec.rule == "share_at_least" else None,
        options=sorted(spec.options) if spec.rule == "share_of_options" else [],
    )


def close_due_surveys_job() -> list[str]:
    """The daily cleanup's part: close the surveys whose period ended, as the lines it prints."""
    return [f"Опрос «{survey.title}» завершён, показатели рассчитаны." for survey in close_due_surveys()]

"""Writes of questionnaires: build, change, copy, delete, and install the ready-made ones."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from msoko.collection.surveys import ready_made
from msoko.collection.surveys.models import Question, Questionnaire
from msoko.collection.surveys.rules import QuestionSpec, SurveyRejected, question_problems
from msoko.core import audit
from msoko.core.models import AuditAction, User


def create_questionnaire(
    *, actor: User | None, title: str, audience: str, description: str = "", questions: Sequence[QuestionSpec]
) -> Questionnaire:
    _check(title, questions)
    with transaction.atomic():
        questionnaire = Questionnaire.objects.create(
            title=title.strip(), audience=audience, description=description.strip(), created_by=_user(actor)
        )
        _replace_questions(questionnaire, questions)
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.CREATE,
            summary=f"Анкетирование: создана анкета «{questionnaire.title}»",
            obj=questionnaire,
            details={"questions": len(questions)},
        )
    return questionnaire


def update_questionnaire(
    *,
    actor: User | None,
    questionnaire: Questionnaire,
    title: str,
    audience: str,
    description: str = "",
    questions: Sequence[QuestionSpec],
) -> Questionnaire:
    refusal = edit_refusal(questionnaire)
    if refusal:
        raise SurveyRejected(refusal)
    _check(title, questions)
    with transaction.atomic():
        questionnaire.title, questionnaire.audience = title.strip(), audience
        questionnaire.description = description.strip()
        questionnaire.save()
        _replace_questions(questionnaire, questions)
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Анкетирование: изменена анкета «{questionnaire.title}»",
            obj=questionnaire,
            details={"questions": len(questions)},
        )
    return questionnaire


def copy_questionnaire(*, actor: User | None, questionnaire: Questionnaire) -> Questionnaire:
    """A user's own editable copy (of a ready-made or already used questionnaire)."""
    questions = [
        QuestionSpec(
            text=q.text,
            kind=q.kind,
            required=q.required,
            options=tuple(q.options),
            scale_max=q.scale_max,
            low_label=q.low_label,
            high_label=q.high_label,
        )
        for q in questionnaire.questions.all()
    ]
    return create_questionnaire(
        actor=actor,
        title=f"{questionnaire.title} (копия)"[:300],
        audience=questionnaire.audience,
        description=questionnaire.description,
        questions=questions,
    )


def delete_questionnaire(*, actor: User | None, questionnaire: Questionnaire) -> None:
    if questionnaire.ready_made:
        raise SurveyRejected("Готовую анкету удалить нельзя.")
    if questionnaire.surveys.exists():
        raise SurveyRejected("По анкете уже проводились опросы: её нельзя удалить.")
    with transaction.atomic():
        audit.record(
            actor=actor,
            actor_name=_name(actor),
            action=AuditAction.DELETE,
            summary=f"Анкетирование: удалена анкета «{questionnaire.title}»",
            obj=questionnaire,
        )
        questionnaire.delete()


def ready_made_questionnaires(*, actor: User | None = None) -> list[Questionnaire]:
    """Install the ready-made questionnaires that are missing; idempotent. Returns all of them."""
    with transaction.atomic():
        for created in ready_made.install(Questionnaire, Question):
            audit.record(
                actor=actor,
                actor_name=_name(actor),
                action=AuditAction.CREATE,
                summary=f"Анкетирование: добавлена готовая анкета «{created.title}»",
                obj=created,
            )
    keys = [r.key for r in ready_made.READY_MADE]
    return sorted(Questionnaire.objects.filter(key__in=keys), key=lambda q: keys.index(q.key))


def edit_refusal(questionnaire: Questionnaire) -> str:
    """Why the questionnaire cannot be changed, or "": answers refer to its questions."""
    if questionnaire.ready_made:
        return "Готовую анкету нельзя изменить: сделайте копию и измените её."
    if questionnaire.surveys.exists():
        return "По анкете уже открыт опрос: её вопросы не меняются. Сделайте копию."
    return ""


def _check(title: str, questions: Sequence[QuestionSpec]) -> None:
    problems = [] if title.strip() else ["не указано название анкеты"]
    if not questions:
        problems.append("в анкете нет ни одного вопроса")
    for number, spec in enumerate(questions, start=1):
        problems += [f"вопрос {number}: {p}" for p in question_problems(spec)]
    if problems:
        raise SurveyRejected("Анкета не сохранена: " + "; ".join(problems) + ".")


def _replace_questions(questionnaire: Questionnaire, questions: Sequence[QuestionSpec]) -> None:
    questionnaire.questions.all().delete()
    Question.objects.bulk_create(
        Question(
            questionnaire=questionnaire,
            position=position,
            text=spec.text.strip(),
            kind=spec.kind,
            required=spec.required,
            options=[o.strip() for o in spec.options if o.strip()]
            if spec.kind in ("single", "multiple")
            else [],
            scale_max=spec.scale_max if spec.kind == "scale" else None,
            low_label=spec.low_label.strip() if spec.kind == "scale" else "",
            high_label=spec.high_label.strip() if spec.kind == "scale" else "",
        )
        for position, spec in enumerate(questions, start=1)
    )


def _user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def _name(actor: User | None) -> str:
    return "" if _user(actor) else "msoko"

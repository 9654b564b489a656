"""Recommendation rules: the ready-made ones in the seeds' wording, and the specialist's edits."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from msoko.core.models import AuditAction, User
from msoko.cycle.models import Addressee, MatchKind, RecommendationRule
from msoko.cycle.rules import CycleRejected, match_problems, template_problems
from msoko.cycle.services._common import record
from msoko.flags.models import FlagKind

_UNOBJECTIVE_PLAN = (
    "Реализовать в {organization} план профилактических мероприятий, направленных на недопущение "
    "признаков необъективности процедур оценки качества образования: внести изменения в Положение "
    "о внутришкольной системе оценки качества образования (ВСОКО) и скорректировать план работы по "
    "повышению качества образования; организовать индивидуальную работу с учителями, показывающими "
    "необъективные результаты ВПР, ОГЭ, ЕГЭ и административных контрольных работ; привлечь "
    "родительскую общественность в качестве общественных наблюдателей при проведении ВПР; провести "
    "анализ результатов успеваемости по итогам полугодия и учебного года. Основания ({year}): "
    "{evidence}. Представить информацию о проделанной работе в управление образования."
)
_UNOBJECTIVE_TEACHERS = (
    "Оказать помощь в разработке и реализации индивидуальных планов профессионального развития "
    "учителей {organization}, имеющей признаки необъективности результатов ({year}); провести для "
    "них заседание РМО по критериям оценивания и объективности оценочных процедур."
)
_LOW_RESULTS_PROGRAMME = (
    "Разработать и утвердить программу перехода {organization} в эффективный режим работы с учётом "
    "проблемных зон, выявленных диагностикой ({year}: {evidence}); обсудить программу с "
    "коллективом и согласовать с отделом образования план совместных мероприятий со "
    "школой-наставником."
)
_LOW_RESULTS_MENTOR = (
    "Закрепить за {organization} школу-наставника из числа школ с устойчиво высокими "
    "результатами, организовать наставнические пары педагогов и включить школу в муниципальную "
    "дорожную карту поддержки школ с низкими образовательными результатами ({year})."
)
_ADVERSE_PROGRAMME = (
    "Включить {organization} в муниципальную программу поддержки школ, функционирующих в "
    "неблагоприятных социальных условиях: разработать программу перехода в эффективный режим "
    "работы, определить школу-наставника (сетевого партнёра), обеспечить адресную методическую "
    "помощь педагогам. Основания ({year}): {evidence}."
)
_SKILL_SEMINAR = (
    "Провести адресный семинар РМО по несформированным проверяемым умениям, выявленным в "
    "{organization} ({indicator}, {year}: {evidence}); разработать индивидуальные образовательные "
    "маршруты для педагогов, чьи обучающиеся показали дефициты, и включить их в план работы РМО."
)
_REGIONAL_STAGE = (
    "Обеспечить участие победителей и призёров муниципального этапа ВсОШ из {organization} в "
    "региональном этапе: доля участвовавших {value} при цели {target} ({year}). Организовать "
    "индивидуальную подготовку обучающихся из банка одарённых детей с педагогами, прошедшими "
    "курсы по работе с одарёнными детьми."
)

#: (key, title, match kind, match value, addressee, association, text, due days)
READY_MADE: tuple[tuple[str, str, str, str, str, str, str, int], ...] = (
    (
        "unobjective-plan",
        "План профилактических мероприятий (приказ № 525)",
        MatchKind.FLAG,
        FlagKind.UNOBJECTIVE,
        Addressee.ORGANIZATION,
        "",
        _UNOBJECTIVE_PLAN,
        60,
    ),
    (
        "official-markers-plan",
        "План профилактических мероприятий по маркерам необъективности",
        MatchKind.FLAG,
        FlagKind.OFFICIAL_MARKERS,
        Addressee.ORGANIZATION,
        "",
        _UNOBJECTIVE_PLAN,
        60,
    ),
    (
        "unobjective-teachers",
        "Индивидуальные планы профессионального развития учителей",
        MatchKind.FLAG,
        FlagKind.UNOBJECTIVE,
        Addressee.ASSOCIATION,
        "РМО заместителей директоров по УВР",
        _UNOBJECTIVE_TEACHERS,
        90,
    ),
    (
        "low-results-programme",
        "Программа перехода в эффективный режим работы (ШНОР)",
        MatchKind.FLAG,
        FlagKind.LOW_RESULTS,
        Addressee.ORGANIZATION,
        "",
        _LOW_RESULTS_PROGRAMME,
        90,
    ),
    (
        "low-results-mentor",
        "Школа-наставник для ШНОР",
        MatchKind.FLAG,
        FlagKind.LOW_RESULTS,
        Addressee.DEPARTMENT,
        "",
        _LOW_RESULTS_MENTOR,
        30,
    ),
    (
        "adverse-programme",
        "Программа поддержки ШФНСУ",
        MatchKind.FLAG,
        FlagKind.ADVERSE_CONDITIONS,
        Addressee.ORGANIZATION,
        "",
        _ADVERSE_PROGRAMME,
        90,
    ),
    (
        "skill-deficit-seminar",
        "Адресный семинар РМО по дефициту умений",
        MatchKind.DIRECTION,
        "1",
        Addressee.ASSOCIATION,
        "РМО учителей-предметников",
        _SKILL_SEMINAR,
        60,
    ),
    (
        "regional-stage",
        "Участие призёров муниципального этапа в региональном",
        MatchKind.INDICATOR,
        "talents.regional_stage_share",
        Addressee.ORGANIZATION,
        "",
        _REGIONAL_STAGE,
        120,
    ),
)


def ready_made_rules(*, actor: User | None = None) -> int:
    """Add the seeds' rules that are not there yet (by their key); returns how many were added.

    A ready-made rule the specialist edited or switched off is left as it is."""
    with transaction.atomic():
        known = set(RecommendationRule.objects.exclude(key="").values_list("key", flat=True))
        added = [
            RecommendationRule(
                key=key,
                title=title,
                match_kind=kind,
                match_value=str(value),
                addressee=addressee,
                association=association,
                text=text,
                due_days=days,
            )
            for key, title, kind, value, addressee, association, text, days in READY_MADE
            if key not in known
        ]
        RecommendationRule.objects.bulk_create(added)
        if added:
            record(
                actor=actor,
                action=AuditAction.CREATE,
                summary=f"добавлены готовые правила рекомендаций ({len(added)})",
                keys=[r.key for r in added],
            )
    return len(added)


def save_rule(
    *, actor: User | None, rule: RecommendationRule | None = None, **fields: Any
) -> RecommendationRule:
    """Create a rule (``rule`` None) or change one. Fields are the model's editable ones."""
    problem = match_problems(fields["match_kind"], fields["match_value"])
    problems = [problem] if problem else []
    problems += template_problems(fields["text"]) + template_problems(fields.get("association", ""))
    if problems:
        raise CycleRejected(" ".join(problems))
    created = rule is None
    rule = rule or RecommendationRule()
    for name, value in fields.items():
        setattr(rule, name, value)
    with transaction.atomic():
        rule.save()
        record(
            actor=actor,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            summary=f"{'добавлено' if created else 'изменено'} правило рекомендаций «{rule.title}»",
            obj=rule,
        )
    return rule


def delete_rule(*, actor: User | None, rule: RecommendationRule) -> None:
    """Recommendations drafted by the rule keep their text; they only forget the rule."""
    with transaction.atomic():
        record(actor=actor, action=AuditAction.DELETE, summary=f"удалено правило «{rule.title}»", obj=rule)
        rule.delete()

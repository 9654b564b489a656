"""What a questionnaire, a survey and a link to an indicator must satisfy: plain checks returning
Russian messages, shared by the forms and the services (the services refuse what the forms let
through, so the demo loader and the web obey the same rules)."""

from __future__ import annotations

from dataclasses import dataclass, field

from msoko.indicators.catalogue import CATALOGUE, Indicator, Source, Unit

SCALES = (5, 10)


class SurveyRejected(Exception):
    """A survey action refused; the message is shown to the user as it is."""


@dataclass(frozen=True)
class QuestionSpec:
    """One question as the builder form or the demo gives it."""

    text: str
    kind: str
    required: bool = True
    options: tuple[str, ...] = ()
    scale_max: int | None = None
    low_label: str = ""
    high_label: str = ""


@dataclass(frozen=True)
class MappingSpec:
    """«Question N feeds indicator X by rule R»: ``threshold`` for a scale, ``options`` (1…) for
    a single-choice question."""

    position: int
    indicator_code: str
    rule: str
    threshold: int | None = None
    options: tuple[int, ...] = field(default_factory=tuple)


def mappable_indicators() -> list[Indicator]:
    """Indicators a survey may feed: those whose source is a survey, and the satisfaction
    indicators the catalogue still lists as reported by organisations (a survey measures them
    better than a school's own figure)."""
    return [
        i
        for i in CATALOGUE
        if i.source == Source.SURVEY
        or (i.source == Source.MONITORING and i.unit == Unit.PERCENT and "удовлетвор" in i.title.lower())
    ]


def question_problems(spec: QuestionSpec) -> list[str]:
    problems = []
    if not spec.text.strip():
        problems.append("не указан текст вопроса")
    if spec.kind in ("single", "multiple"):
        if len([o for o in spec.options if o.strip()]) < 2:
            problems.append("у вопроса с выбором нужно не меньше двух вариантов ответа")
        if len(set(spec.options)) != len(spec.options):
            problems.append("варианты ответа повторяются")
    elif spec.kind == "scale":
        if spec.scale_max not in SCALES:
            problems.append(f"шкала — от 1 до 5 или от 1 до 10; получено «{spec.scale_max}»")
    elif spec.kind != "text":
        problems.append(f"неизвестный тип вопроса «{spec.kind}»")
    return problems


def mapping_problems(spec: MappingSpec, *, kind: str, scale_max: int | None, options: int) -> list[str]:
    """What is wrong with linking a question of ``kind`` to the indicator by the rule."""
    indicator = CATALOGUE.get(spec.indicator_code)
    if indicator is None or indicator not in mappable_indicators():
        return [f"показатель «{spec.indicator_code}» не заполняется анкетированием"]
    if spec.rule == "share_at_least":
        if kind != "scale":
            return ["правило «доля ответов не ниже порога» — только для вопроса-шкалы"]
        if spec.threshold is None or not 1 <= spec.threshold <= (scale_max or 5):
            return [f"порог — балл шкалы от 1 до {scale_max or 5}"]
        if indicator.unit != Unit.PERCENT:
            return [f"показатель измеряется в «{indicator.unit}», а правило даёт проценты"]
    elif spec.rule == "share_of_options":
        if kind != "single":
            return ["правило «доля выбравших варианты» — только для вопроса с одним вариантом ответа"]
        if not spec.options or any(not 1 <= o <= options for o in spec.options):
            return [f"укажите номера вариантов от 1 до {options}"]
        if indicator.unit != Unit.PERCENT:
            return [f"показатель измеряется в «{indicator.unit}», а правило даёт проценты"]
    elif spec.rule == "mean":
        if kind != "scale":
            return ["средний балл считается только по вопросу-шкале"]
        if indicator.unit == Unit.PERCENT:
            return ["показатель измеряется в процентах: средний балл в него записать нельзя"]
    else:
        return [f"неизвестное правило «{spec.rule}»"]
    return []

"""The indicator catalogue: every indicator declared once, keyed by a stable code.

This is Zulip's COUNT_STATS: one readable list grouped by direction. Codes are never reused
or renamed (other tools read them, spec/cli.md). Indicators with source ``MONITORING`` are
reported by schools themselves through the `monitoring` import. A computed indicator names
the computation that produces it: the computation takes its codes from here (one declaration),
and a test fails when a computed indicator is not produced on the test data.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Unit(StrEnum):
    PERCENT = "%"
    COUNT = "чел."
    SCORE = "балл"
    FLAG = "да/нет"
    NUMBER = "число"


class Polarity(StrEnum):
    """Machine codes in CSV (spec/cli.md); pages show :attr:`title`."""

    HIGHER_IS_BETTER = "higher"
    LOWER_IS_BETTER = "lower"
    NEUTRAL = "neutral"

    @property
    def title(self) -> str:
        return {
            "higher": "чем выше, тем лучше",
            "lower": "чем ниже, тем лучше",
            "neutral": "без оценки направления",
        }[self.value]


class Source(StrEnum):
    VPR = "ВПР и другие процедуры (ФИС ОКО, результаты)"
    GIA = "ГИА (РЦОИ)"
    OLYMPIAD = "ВсОШ (протоколы)"
    TEACHERS = "реестр педагогов (загрузка teachers)"
    MONITORING = "мониторинг (форма ОО)"


@dataclass(frozen=True)
class Indicator:
    code: str
    title: str
    direction: int  # 1..10, shared/domain/directions.md
    unit: Unit
    polarity: Polarity
    source: Source
    methodology: str  # anchor in docs/methodology.md
    #: the computation that produces it («achievement.results») and the column it fills there;
    #: empty for values reported by schools (``MONITORING``) or not computed yet
    computation: str = ""
    field: str = ""


class Catalogue:
    def __init__(self) -> None:
        self._items: dict[str, Indicator] = {}

    def register(self, indicator: Indicator) -> None:
        if indicator.code in self._items:
            raise ValueError(f"indicator code {indicator.code!r} is registered twice")
        self._items[indicator.code] = indicator

    def __iter__(self):
        return iter(self._items.values())

    def __contains__(self, code: object) -> bool:
        return code in self._items

    def get(self, code: str) -> Indicator | None:
        return self._items.get(code)

    def codes(self, *, source: Source | None = None) -> list[str]:
        return [i.code for i in self if source is None or i.source == source]

    def computed_by(self, computation: str) -> dict[str, str]:
        """The column → code map of one computation's indicators (``Indicator.field``)."""
        return {i.field: i.code for i in self if i.computation == computation}

    def computed(self) -> list[Indicator]:
        return [i for i in self if i.computation]


CATALOGUE = Catalogue()
_H, _L = Polarity.HIGHER_IS_BETTER, Polarity.LOWER_IS_BETTER


def _add(
    code: str,
    title: str,
    direction: int,
    unit: Unit,
    polarity: Polarity,
    source: Source,
    anchor: str,
    *,
    computation: str = "",
) -> None:
    """Declare an indicator; a computed one names its computation, its column is the code's tail."""
    field = code.split(".", 1)[1] if computation else ""
    CATALOGUE.register(Indicator(code, title, direction, unit, polarity, source, anchor, computation, field))


# --- Direction 1: achievement (spec/cli.md, fixed codes) ---------------------------------
_add(
    "results.participants",
    "Число участников",
    1,
    Unit.COUNT,
    Polarity.NEUTRAL,
    Source.VPR,
    "results-participants",
    computation="achievement.results",
)
_add(
    "results.success_rate",
    "Успеваемость (отметки «3», «4», «5»)",
    1,
    Unit.PERCENT,
    _H,
    Source.VPR,
    "success-rate",
    computation="achievement.results",
)
_add(
    "results.quality_rate",
    "Качество знаний (отметки «4» и «5»)",
    1,
    Unit.PERCENT,
    _H,
    Source.VPR,
    "quality-rate",
    computation="achievement.results",
)
_add(
    "results.mean_percent",
    "Средний процент выполнения",
    1,
    Unit.PERCENT,
    _H,
    Source.VPR,
    "mean-percent",
    computation="achievement.results",
)
_add(
    "results.marks_lowered",
    "Понизили отметку по журналу",
    5,
    Unit.PERCENT,
    Polarity.NEUTRAL,
    Source.VPR,
    "marks-vs-journal",
    computation="achievement.results",
)
_add(
    "results.marks_confirmed",
    "Подтвердили отметку по журналу",
    5,
    Unit.PERCENT,
    _H,
    Source.VPR,
    "marks-vs-journal",
    computation="achievement.results",
)
_add(
    "results.marks_raised",
    "Повысили отметку по журналу",
    5,
    Unit.PERCENT,
    _L,
    Source.VPR,
    "marks-vs-journal",
    computation="achievement.results",
)
_add(
    "gia.participants",
    "Число участников ГИА",
    1,
    Unit.COUNT,
    Polarity.NEUTRAL,
    Source.GIA,
    "gia-participants",
    computation="achievement.gia",
)
_add(
    "gia.fail_rate",
    "Доля не преодолевших минимальный порог",
    1,
    Unit.PERCENT,
    _L,
    Source.GIA,
    "gia-fail-rate",
    computation="achievement.gia",
)
_add(
    "gia.quality_rate",
    "Качество (ОГЭ/ГВЭ: «4» и «5»)",
    1,
    Unit.PERCENT,
    _H,
    Source.GIA,
    "gia-quality-rate",
    computation="achievement.gia",
)
_add(
    "gia.mean_test_score",
    "Средний тестовый балл ЕГЭ",
    1,
    Unit.SCORE,
    _H,
    Source.GIA,
    "gia-mean-test-score",
    computation="achievement.gia",
)
_add(
    "gia.high_score_rate",
    "Доля высокобалльников ЕГЭ (81–100)",
    1,
    Unit.PERCENT,
    _H,
    Source.GIA,
    "gia-high-score-rate",
    computation="achievement.gia",
)
_add(
    "gia.annual_confirmed",
    "Подтвердили годовую отметку на ОГЭ",
    5,
    Unit.PERCENT,
    _H,
    Source.GIA,
    "gia-annual-confirmed",
    computation="achievement.gia",
)
_add(
    "gia.medal_unconfirmed",
    "Претенденты на медаль, не подтвердившие результат",
    5,
    Unit.PERCENT,
    _L,
    Source.GIA,
    "gia-medal-unconfirmed",
    computation="achievement.gia",
)

# --- Direction 2: context a region adds to the index (the HSE ИСБШ components, §3.3) -------
_M = Source.MONITORING
for _code, _title in (
    ("context.single_parent_share", "Доля обучающихся из неполных семей"),
    ("context.registered_share", "Доля обучающихся, состоящих на разных видах учёта"),
    ("context.large_families_share", "Доля обучающихся из многодетных семей"),
):
    _add(_code, _title, 2, Unit.PERCENT, Polarity.NEUTRAL, _M, "context-index")

# --- Direction 3: the olympiad (spec/cli.md, fixed codes) ---------------------------------
_add(
    "talents.municipal_winners",
    "Победители и призёры муниципального этапа ВсОШ (участник × предмет)",
    3,
    Unit.NUMBER,
    _H,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
)
_add(
    "talents.regional_stage_share",
    "Доля победителей и призёров муниципального этапа ВсОШ, участвовавших в региональном этапе",
    3,
    Unit.PERCENT,
    _H,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
)
_add(
    "talents.municipal_participants",
    "Участники муниципального этапа ВсОШ (участник × предмет)",
    3,
    Unit.NUMBER,
    _H,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
)
_add(
    "talents.winners_per_100_participants",
    "Победители и призёры муниципального этапа ВсОШ на 100 участников",
    3,
    Unit.NUMBER,
    _H,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
)

# --- Directions 3–10: what schools report in monitoring forms (seeds 000–004) -------------
_add(
    "talents.additional_education_coverage",
    "Доля обучающихся, охваченных дополнительным образованием",
    3,
    Unit.PERCENT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "talents.individual_curricula",
    "Число обучающихся по индивидуальным учебным планам",
    3,
    Unit.COUNT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "career.guidance_coverage",
    "Доля обучающихся 6–11 классов, охваченных профориентационными мероприятиями",
    4,
    Unit.PERCENT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "career.profile_classes_share",
    "Доля обучающихся 10–11 классов в профильных классах",
    4,
    Unit.PERCENT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "objectivity.public_observers_share",
    "Доля аудиторий с общественными наблюдателями на ВПР",
    5,
    Unit.PERCENT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "principals.pd_completed",
    "Руководитель прошёл повышение квалификации за 3 года",
    6,
    Unit.FLAG,
    _H,
    _M,
    "monitoring-indicators",
)
_add("teachers.vacancies", "Число вакансий педагогов", 7, Unit.COUNT, _L, _M, "monitoring-indicators")
_add(
    "teachers.young_with_mentor_share",
    "Доля молодых педагогов (моложе 35 лет), закреплённых за наставником",
    7,
    Unit.PERCENT,
    _H,
    Source.TEACHERS,
    "teachers-indicators",
    computation="teachers.registry",
)
_add(
    "teachers.category_share",
    "Доля учителей с первой или высшей квалификационной категорией",
    7,
    Unit.PERCENT,
    _H,
    Source.TEACHERS,
    "teachers-indicators",
    computation="teachers.registry",
)
_add(
    "methodical.shmo_count",
    "Число школьных методических объединений",
    8,
    Unit.COUNT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "upbringing.children_associations_share",
    "Доля обучающихся в детских общественных объединениях",
    9,
    Unit.PERCENT,
    _H,
    _M,
    "monitoring-indicators",
)
_add(
    "upbringing.offences_count",
    "Число правонарушений несовершеннолетних обучающихся",
    9,
    Unit.COUNT,
    _L,
    _M,
    "monitoring-indicators",
)
_add(
    "preschool.parent_satisfaction",
    "Удовлетворённость родителей качеством дошкольного образования",
    10,
    Unit.PERCENT,
    _H,
    _M,
    "monitoring-indicators",
)

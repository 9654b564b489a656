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
    COURSES = "курсы и диагностика педагогов (загрузка courses)"
    MARKS = "электронный журнал (загрузка marks)"
    MONITORING = "мониторинг (форма ОО)"
    SURVEY = "анкетирование участников образовательных отношений"
    REGISTER = "реестр МСОКО (ведёт отдел образования)"
    FORMULA = "расчёт по другим показателям"


class Level(StrEnum):
    """Whose value it is: every school, every ДОО or УДО, or the municipality as a whole."""

    SCHOOL = "ОО"
    PRESCHOOL = "ДОО"
    ADDITIONAL = "УДО"
    MUNICIPALITY = "муниципалитет"


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
    level: Level = Level.SCHOOL
    definition: str = ""  # what is counted over what, when the name does not say it all
    basis: str = ""  # the document that names it (a seed order, a FIOKO recommendation)
    target: float | None = None  # the standing target, where a document sets one
    targets: tuple[tuple[str, float], ...] = ()  # («2025/2026», 30.0): a target of one year
    #: how a reported value combines into the municipality's («sum» | «mean»); "" goes by the unit
    #: (counts add up, shares and scores average: pipeline/collected.py)
    combine: str = ""

    def target_for(self, school_year: str) -> float | None:
        """The target of that school year, else the standing one."""
        return dict(self.targets).get(school_year, self.target)


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
_N = Polarity.NEUTRAL

# The documents the indicators come from (the seeds of the requirements; methodology.md)
S0 = "дорожная карта МСОКО Ромненского МО (приказ отдела образования от 21.04.2021 № 60)"
S1 = "Концепция МСОКО Александровского района (приказ управления образования от 14.12.2020 № 526)"
S2 = "дорожная карта механизмов управления качеством г. Тулы (приказ от 18.06.2021 № 175-осн)"
S3 = "дорожная карта поддержки ШНОР Краснотуранского района (приказ от 08.06.2022 № 74)"
S4 = (
    "приказ управления образования Нестеровского МО от 17.11.2023 № 525 "
    "(по приказу Минобразования Калининградской области от 03.11.2023 № 1592/1)"
)


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
    **more: object,
) -> None:
    """Declare an indicator; a computed one names its computation, its column is the code's tail."""
    field = code.split(".", 1)[1] if computation else ""
    CATALOGUE.register(
        Indicator(code, title, direction, unit, polarity, source, anchor, computation, field, **more)  # type: ignore[arg-type]
    )


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

_add(
    "marks.success_rate",
    "Успеваемость по годовым отметкам (отметки «3», «4», «5»)",
    1,
    Unit.PERCENT,
    _H,
    Source.MARKS,
    "journal-marks",
    computation="achievement.marks",
    basis=S4 + ", пп. 2.6–2.7",
)
_add(
    "marks.quality_rate",
    "Качество знаний по годовым отметкам (отметки «4» и «5»)",
    1,
    Unit.PERCENT,
    _H,
    Source.MARKS,
    "journal-marks",
    computation="achievement.marks",
    basis=S4 + ", пп. 2.6–2.7",
)

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
    target=25.0,
    basis=S1 + ", план мероприятий, п. 1",
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

_add(
    "talents.school_stage_per_100",
    "Участники школьного этапа ВсОШ на 100 обучающихся (участник × предмет)",
    3,
    Unit.NUMBER,
    _H,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
    basis=S1,
)
_add(
    "talents.municipal_stage_per_100",
    "Участники муниципального этапа ВсОШ на 100 обучающихся (участник × предмет)",
    3,
    Unit.NUMBER,
    _H,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
    basis=S1,
)
_add(
    "talents.subjects_without_municipal",
    "Предметы муниципального этапа ВсОШ, в которых у ОО не было участников",
    3,
    Unit.NUMBER,
    _L,
    Source.OLYMPIAD,
    "talents-indicators",
    computation="talents.olympiad",
    basis=S1,
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
    Source.SURVEY,
    "surveys",
    level=Level.PRESCHOOL,
    definition="доля родителей, ответивших «4» или «5» на вопрос об общей удовлетворённости, %",
)


# --- Declared for the next issue's forms, surveys and registers (docs/indicators.md) --------
def _declare(
    code: str,
    title: str,
    direction: int,
    unit: Unit,
    polarity: Polarity,
    source: Source,
    definition: str,
    basis: str,
    level: Level = Level.SCHOOL,
    computation: str = "",
    combine: str = "",
) -> None:
    anchor = {
        Source.SURVEY: "survey-indicators",
        Source.REGISTER: "methodical-registers" if computation == "methodical" else "register-indicators",
        Source.FORMULA: "principal-effectiveness",
    }.get(source, "monitoring-indicators")
    _add(
        code,
        title,
        direction,
        unit,
        polarity,
        source,
        anchor,
        definition=definition,
        basis=basis,
        level=level,
        computation=computation,
        combine=combine,
    )


_P, _C, _F, _Nn = Unit.PERCENT, Unit.NUMBER, Unit.FLAG, Unit.NUMBER
_MU = Level.MUNICIPALITY

# Direction 2: schools with low results (seeds 002, 003)
_declare(
    "support.programme_share",
    "Доля ШНОР, реализующих программу перехода в эффективный режим функционирования",
    2, _P, _H, Source.REGISTER,
    "ШНОР перечня года с утверждённой программой перехода / все ШНОР перечня × 100", S3, _MU,
)  # fmt: skip
_declare(
    "support.mentor_share",
    "Доля ШНОР, закреплённых за школой-наставником",
    2, _P, _H, Source.REGISTER,
    "ШНОР перечня года со школой-наставником / все ШНОР перечня × 100", S1, _MU,
)  # fmt: skip
_declare(
    "support.teachers_diagnosed_share",
    "Доля педагогов ШНОР, прошедших диагностику предметных компетенций",
    2, _P, _H, Source.COURSES,
    "педагоги ОО с диагностикой в учебном году / педагоги ОО по реестру × 100", S2,
)  # fmt: skip

# Direction 4: self-determination and career guidance (FIOKO recommendations via seed 002)
_add(
    "career.ege_three_subjects_share",
    "Доля выпускников 11 классов, преодолевших минимальный порог ЕГЭ по трём и более предметам",
    4,
    Unit.PERCENT,
    _H,
    Source.GIA,
    "career-indicators",
    computation="career.gia",
    basis=S2,
)
_add(
    "career.ege_all_passed_share",
    "Доля выпускников 11 классов, преодолевших минимальный порог по всем сданным предметам ЕГЭ",
    4,
    Unit.PERCENT,
    _H,
    Source.GIA,
    "career-indicators",
    computation="career.gia",
    basis=S2,
)
_declare(
    "career.university_by_profile_share",
    "Доля выпускников 11 классов, поступивших в вузы по профилю обучения",
    4, _P, _H, Source.MONITORING,
    "поступившие по профилю класса или предметам ЕГЭ / выпускники 11 классов × 100", S0,
)  # fmt: skip
_declare(
    "career.spo_share",
    "Доля выпускников 9 классов, продолживших обучение в организациях СПО",
    4, _P, _N, Source.MONITORING,
    "поступившие в СПО / выпускники 9 классов × 100", S0,
)  # fmt: skip
_declare(
    "career.ovz_guidance_coverage",
    "Доля обучающихся с ОВЗ, охваченных профориентационной работой",
    4, _P, _H, Source.MONITORING,
    "обучающиеся с ОВЗ в профориентационных мероприятиях / обучающиеся с ОВЗ × 100", S2,
)  # fmt: skip
_declare(
    "career.skills_contest_participants",
    "Число участников чемпионатов профессионального мастерства («Профессионалы», «Абилимпикс»)",
    4, _C, _H, Source.MONITORING,
    "обучающиеся ОО — участники муниципального и регионального этапов за учебный год", S2,
)  # fmt: skip

# Direction 6: principals (seed 001, item 56: quarterly monitoring)
_declare(
    "principals.diagnostics_passed",
    "Руководитель прошёл диагностику управленческих компетенций",
    6, _F, _H, Source.MONITORING,
    "да — в течение последних трёх лет", S1,
)  # fmt: skip
_declare(
    "principals.staffing_share",
    "Укомплектованность ОО педагогическими кадрами",
    6, _P, _H, Source.MONITORING,
    "занятые педагогические ставки / ставки по штатному расписанию × 100", S1,
)  # fmt: skip
_add(
    "principals.site_compliance_share",
    "Соответствие официального сайта ОО установленным требованиям",
    6,
    Unit.PERCENT,
    _H,
    Source.MONITORING,
    "monitoring-campaigns",
    definition="пункты чек-листа «Проверка официального сайта ОО» с ответом «да» / все пункты × 100",
    basis=S4,
)
_add(
    "principals.school_year_readiness_share",
    "Готовность ОО к новому учебному году (доля выполненных требований)",
    6,
    Unit.PERCENT,
    _H,
    Source.MONITORING,
    "monitoring-campaigns",
    definition="пункты чек-листа «Готовность ОО к новому учебному году» с ответом «да» / все пункты × 100",
    basis=S3,
)
_declare(
    "principals.quality_rate",
    "Качество знаний обучающихся ОО по ВПР (отметки «4» и «5»)",
    6, _P, _H, Source.FORMULA,
    "results.quality_rate ОО по всем работам ВПР учебного года, взвешенно по участникам", S1,
    computation="principals",
)  # fmt: skip
_declare(
    "principals.objective_results",
    "Отсутствие признаков необъективности результатов ОО",
    6, _F, _H, Source.FORMULA,
    "да — у ОО нет флага unobjective уровня 2–3 за учебный год", S1,
    computation="principals",
)  # fmt: skip
_declare(
    "principals.reserve_count",
    "Число лиц в кадровом резерве руководителей ОО",
    6, _C, _H, Source.REGISTER,
    "включённые в муниципальный кадровый резерв на конец учебного года", S1, _MU,
)  # fmt: skip
_declare(
    "principals.effectiveness_index",
    "Интегральный показатель эффективности руководителя ОО",
    6, _Nn, _H, Source.FORMULA,
    "взвешенное среднее (0–100): качество по ВПР, объективность (100 — нет флага 2–3 уровня, 0 — есть) "
    "и доля педагогов с первой и высшей категорией; веса — настройка, по умолчанию равные", S1,
    computation="principals",
)  # fmt: skip

# Direction 7: teachers (seed 001: diagnostics, DPO, categories)
_add(
    "teachers.diagnostics_coverage",
    "Доля педагогов, прошедших диагностику профессиональных дефицитов",
    7,
    Unit.PERCENT,
    _H,
    Source.COURSES,
    "teachers-indicators",
    computation="teachers.registry",
    basis=S1,
)
_add(
    "teachers.courses_for_deficits_share",
    "Доля педагогов с выявленными дефицитами, прошедших курсы по этим дефицитам",
    7,
    Unit.PERCENT,
    _H,
    Source.COURSES,
    "teachers-indicators",
    computation="teachers.registry",
    basis=S1,
)
_declare(
    "teachers.iom_share",
    "Доля педагогов, работающих по индивидуальному образовательному маршруту",
    7, _P, _H, Source.MONITORING,
    "педагоги с ИОМ / педагоги ОО × 100", S2,
)  # fmt: skip

# Direction 8: methodical work (seed 000: РМО, ШМО, practices)
_declare(
    "methodical.rmo_count",
    "Число районных методических объединений",
    8, _C, _H, Source.REGISTER,
    "РМО, утверждённые приказом на учебный год", S0, _MU,
    computation="methodical",
)  # fmt: skip
_declare(
    "methodical.teachers_in_associations_share",
    "Доля педагогов — членов районных и школьных методических объединений",
    8, _P, _H, Source.REGISTER,
    "педагоги в составе РМО или ШМО / педагоги по реестру × 100", S0,
    computation="methodical",
)  # fmt: skip
_declare(
    "methodical.best_practices_count",
    "Число практик в муниципальном банке лучших практик",
    8, _C, _H, Source.REGISTER,
    "одобренные практики ОО в банке на конец учебного года", S0,
    computation="methodical",
)  # fmt: skip
_declare(
    "methodical.innovation_sites_count",
    "Число инновационных (стажировочных) площадок",
    8, _C, _H, Source.MONITORING,
    "площадки муниципального и регионального уровня на базе ОО", S2,
)  # fmt: skip
_declare(
    "methodical.contest_teachers",
    "Число педагогов — участников профессиональных конкурсов",
    8, _C, _H, Source.MONITORING,
    "педагоги ОО — участники конкурсов муниципального уровня и выше за учебный год", S0,
)  # fmt: skip

# Direction 9: upbringing and socialisation (seeds 000, 003)
_declare(
    "upbringing.programme_implemented",
    "ОО реализует рабочую программу воспитания и календарный план воспитательной работы",
    9, _F, _H, Source.MONITORING,
    "да — программа утверждена и план выполняется", S0,
)  # fmt: skip
_declare(
    "upbringing.volunteers_share",
    "Доля обучающихся, вовлечённых в добровольческую (волонтёрскую) деятельность",
    9, _P, _H, Source.MONITORING,
    "обучающиеся-добровольцы / обучающиеся ОО × 100", S0,
)  # fmt: skip
_declare(
    "upbringing.prevention_register_count",
    "Число обучающихся, состоящих на профилактическом учёте",
    9, _C, _L, Source.MONITORING,
    "на учёте в КДН и ПДН и внутришкольном на конец учебного года", S0,
)  # fmt: skip
_declare(
    "upbringing.summer_coverage",
    "Доля обучающихся, охваченных организованным отдыхом и занятостью в каникулы",
    9, _P, _H, Source.MONITORING,
    "охваченные летним отдыхом и занятостью / обучающиеся ОО × 100", S0,
)  # fmt: skip
_declare(
    "upbringing.pupils_satisfaction",
    "Удовлетворённость обучающихся воспитательной работой ОО",
    9, _P, _H, Source.SURVEY,
    "ответившие «удовлетворён» или «скорее удовлетворён» / ответившие × 100", S3,
)  # fmt: skip

# Direction 10: preschool education (ДОО)
_DOO = Level.PRESCHOOL
_declare(
    "preschool.programme_compliance",
    "Соответствие образовательной программы ДОО ФГОС ДО и ФОП ДО",
    10, _P, _H, Source.MONITORING,
    "выполненные пункты чек-листа экспертизы программы / все пункты × 100", S0, _DOO,
)  # fmt: skip
_declare(
    "preschool.environment_score",
    "Развивающая предметно-пространственная среда ДОО",
    10, _P, _H, Source.MONITORING,
    "выполненные пункты чек-листа РППС по пяти образовательным областям / все пункты × 100", S0, _DOO,
)  # fmt: skip
_declare(
    "preschool.higher_education_share",
    "Доля педагогов ДОО с высшим педагогическим образованием",
    10, _P, _H, Source.MONITORING,
    "педагоги с высшим педагогическим образованием / педагоги ДОО × 100", S0, _DOO,
)  # fmt: skip
_declare(
    "preschool.adapted_programmes",
    "В ДОО реализуются адаптированные программы для детей с ОВЗ",
    10, _F, _H, Source.MONITORING,
    "да — есть хотя бы одна адаптированная образовательная программа при детях с ОВЗ", S0, _DOO,
)  # fmt: skip
_declare(
    "preschool.sick_days_per_child",
    "Дни, пропущенные по болезни одним ребёнком за год",
    10, _Nn, _L, Source.MONITORING,
    "дни болезни всех воспитанников / среднесписочная численность воспитанников", S0, _DOO,
    combine="mean",
)  # fmt: skip

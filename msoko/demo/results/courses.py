"""Teachers' courses and diagnostics in the `courses` format, over all school years.

Diagnostic results follow the teacher's qualification category, and the weaker the result
the more deficits are named.
"""

from __future__ import annotations

import datetime as dt

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.results.headers import (
    COURSES_HEADERS,
    DATE,
    DEFICITS,
    HOURS,
    KIND,
    RESULT,
    TEACHER,
    TITLE,
)
from msoko.demo.results.model import Model, choice, top_k

COURSE_TITLES = (
    "Формирование функциональной грамотности обучающихся",
    "Реализация требований обновлённых ФГОС ООО и СОО",
    "Подготовка обучающихся к ГИА: содержание и методика",
    "Формирующее оценивание на уроке",
    "Объективность оценивания образовательных результатов",
    "Цифровые образовательные ресурсы в работе учителя",
    "Инклюзивное образование: работа с обучающимися с ОВЗ",
    "Работа со школьниками с низкой учебной мотивацией",
    "Наставничество в образовательной организации",
    "Классное руководство и воспитательная работа",
)
PRESCHOOL_COURSE_TITLES = (
    "Реализация ФОП дошкольного образования",
    "Развитие речи детей дошкольного возраста",
    "Инклюзивное образование: работа с обучающимися с ОВЗ",
    "Наставничество в образовательной организации",
)
DIAGNOSTIC_TITLES = (
    "Диагностика предметных компетенций",
    "Диагностика методических компетенций",
)
DEFICITS_LIST = (
    "решение задач повышенного уровня сложности",
    "оценивание развёрнутых ответов по критериям ГИА",
    "формирование функциональной грамотности",
    "формирующее оценивание",
    "работа с обучающимися с ОВЗ",
    "дифференциация обучения",
    "проектная и исследовательская деятельность",
    "использование цифровых образовательных ресурсов",
    "анализ результатов оценочных процедур",
)
COURSE_SHARE, SECOND_COURSE_SHARE, DIAGNOSTIC_SHARE = 0.30, 0.06, 0.20
COURSE_HOURS = ((16, 36, 72), (0.3, 0.5, 0.2))
CATEGORY_RESULT = {"none": -5.0, "conformity": 0.0, "first": 5.0, "highest": 9.0}
# the demo's effective measure (demo/cycle.py): in its year the department organises the
# diagnostics of most teachers in these schools
MEASURE_SCHOOLS = ("0103", "0104", "0105", "0106", "0107")
MEASURE_YEAR = "2023/2024"
MEASURE_DIAGNOSTIC_SHARE = 0.6
TARGETED_SHARE = 0.55  # of the teachers whose diagnostics named deficits, how many the department sends on
TARGETED_HOURS = ((16, 24, 36), (0.4, 0.3, 0.3))


def teacher_courses(model: Model) -> pl.DataFrame:
    """Courses (~30 % of teachers a year) and diagnostics (~20 % of school teachers a year)."""
    frames = []
    for year in model.years:
        staff = model.world.teachers.filter(pl.col(C.SCHOOL_YEAR) == year).sort("code")
        start = dt.date(int(year[:4]), 9, 1)
        days = (dt.date(int(year[:4]) + 1, 6, 30) - start).days
        for kind, share in (
            ("курсы", COURSE_SHARE),
            ("курсы", SECOND_COURSE_SHARE),
            ("диагностика", DIAGNOSTIC_SHARE),
        ):
            rng = model.rng("courses", year, kind, share)
            pool = staff if kind == "курсы" else staff.filter(pl.col("position") == "учитель")
            chance = np.full(pool.height, share)
            if kind == "диагностика" and year == MEASURE_YEAR:
                chance[pool[C.ORG_CODE].is_in(MEASURE_SCHOOLS).to_numpy()] = MEASURE_DIAGNOSTIC_SHARE
            people = pool.filter(pl.Series(rng.random(pool.height) < chance))
            n = people.height
            date = pl.Series(DATE, [start + dt.timedelta(days=int(d)) for d in rng.integers(0, days + 1, n)])
            if kind == "курсы":
                preschool = (people["position"] == "воспитатель").to_numpy()
                title = np.where(
                    preschool,
                    rng.choice(PRESCHOOL_COURSE_TITLES, n),
                    rng.choice(COURSE_TITLES, n),
                )
                hours, result, deficits = choice(rng, COURSE_HOURS, n), [None] * n, [None] * n
            else:
                title, hours = rng.choice(DIAGNOSTIC_TITLES, n), [None] * n
                bonus = people["category"].replace_strict(CATEGORY_RESULT, return_dtype=pl.Float64).to_numpy()
                result = np.clip(np.rint(rng.normal(64, 13, n) + bonus), 30, 95).astype(np.int64)
                wanted = np.clip(np.rint((95 - result) / 18 + rng.normal(0, 0.7, n)), 0, 4).astype(int)
                order = top_k(rng, np.ones((n, len(DEFICITS_LIST))))
                deficits = [
                    "; ".join(DEFICITS_LIST[j] for j in row[:k]) or None
                    for row, k in zip(order, wanted, strict=True)
                ]
            frames.append(
                pl.DataFrame(
                    [
                        people["code"].alias(TEACHER),
                        pl.Series(KIND, [kind] * n, dtype=pl.String),
                        pl.Series(TITLE, title, dtype=pl.String),
                        pl.Series(HOURS, hours, dtype=pl.Int64),
                        date.cast(pl.Date),
                        pl.Series(RESULT, result, dtype=pl.Int64),
                        pl.Series(DEFICITS, deficits, dtype=pl.String),
                    ]
                )
            )
        end = dt.date(int(year[:4]) + 1, 6, 30)
        frames.append(_targeted_courses(model.rng("targeted courses", year), frames[-1], end=end))
    return (
        pl.concat(frames)
        .sort(DATE, TEACHER, KIND, TITLE)
        .with_columns(pl.col(DATE).dt.strftime("%d.%m.%Y"))
        .select(COURSES_HEADERS)
    )


def _targeted_courses(rng: np.random.Generator, diagnostics: pl.DataFrame, *, end: dt.date) -> pl.DataFrame:
    """Courses addressed to a diagnosed deficit: some of the diagnosed teachers take one on their
    first deficit two weeks to four months after the diagnostics, within the school year."""
    named = diagnostics.filter(pl.col(DEFICITS).is_not_null())
    sent = named.filter(pl.Series(rng.random(named.height) < TARGETED_SHARE))
    n = sent.height
    hours = choice(rng, TARGETED_HOURS, n)
    return (
        sent.with_columns(pl.Series("_lag", rng.integers(14, 121, n), dtype=pl.Int64))
        .with_columns(
            pl.col(DEFICITS).str.split("; ").list.first().alias(DEFICITS),
            (pl.col(DATE) + pl.duration(days=pl.col("_lag"))).alias(DATE),
            pl.lit("курсы").alias(KIND),
            pl.Series(HOURS, hours, dtype=pl.Int64),
            pl.lit(None, dtype=pl.Int64).alias(RESULT),
        )
        .with_columns((pl.lit("Адресный курс по итогам диагностики: ") + pl.col(DEFICITS)).alias(TITLE))
        .filter(pl.col(DATE) <= end)
        .select(named.columns)
    )

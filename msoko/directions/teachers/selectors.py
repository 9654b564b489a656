"""The teachers' page reads: the registry of a school year, its courses, diagnostics and mentors.

Per-school rows, courses, diagnostics and mentoring pairs come from the organisations ``viewer``
may see (``organization_names``: the one choke point); the «МО» figures are the municipality's,
so a school sees them beside its own row. Teachers are pseudonymous codes: no names anywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import polars as pl
from django.conf import settings

from msoko.analytics.achievement import MUNICIPALITY
from msoko.analytics.columns import C
from msoko.core.models import SchoolYear
from msoko.directions.teachers.analysis import (
    courses_by_title,
    deficit_frequency,
    diagnostics_by_title,
    mentoring_rows,
    school_figures,
)
from msoko.indicators.catalogue import CATALOGUE
from msoko.registry.models import Teacher, TeacherCourse
from msoko.registry.selectors import organization_names, teachers_frame

#: the stat cards' indicators (their targets, where a document sets one)
INDICATORS = (
    "teachers.category_share",
    "teachers.diagnostics_coverage",
    "teachers.young_with_mentor_share",
    "teachers.courses_for_deficits_share",
)
#: their columns in :func:`~msoko.directions.teachers.analysis.school_figures`
INDICATOR_FIELDS = tuple(code.split(".", 1)[1] for code in INDICATORS)
#: the school table as exported: page key → XLSX header
EXPORT_COLUMNS = {
    C.ORG_CODE: "Код ОО",
    "org_name": "Организация",
    "staff": "Педагогов",
    "teachers": "Из них учителей",
    "highest": "Высшая категория",
    "first": "Первая категория",
    "conformity": "Соответствие занимаемой должности",
    "no_category": "Без категории",
    "category_share": "Учителя с первой или высшей категорией, %",
    "diagnosed": "Прошли диагностику",
    "diagnostics_coverage": "Охват диагностикой, %",
    "course_teachers": "Прошли курсы",
    "courses": "Курсов",
    "course_hours": "Часов курсов",
    "courses_for_deficits_share": "Курсы по выявленным дефицитам, %",
    "young": "Молодых педагогов",
    "young_mentored": "Из них с наставником",
    "young_with_mentor_share": "Молодые педагоги с наставником, %",
}


def teacher_years() -> list[SchoolYear]:
    """Years with a teachers' registry, newest first."""
    ids = Teacher.objects.values("school_year_id").distinct()
    return list(SchoolYear.objects.filter(pk__in=ids).order_by("-start_year"))


def year_bounds(school_year: SchoolYear) -> tuple[date, date]:
    """The school year: 1 September to 31 August, as the indicators count it."""
    return date(school_year.start_year, 9, 1), date(school_year.start_year + 1, 8, 31)


def courses_frame_between(*, start: date, end: date) -> pl.DataFrame:
    """Courses and diagnostics dated within [``start``, ``end``], in one query: ``teacher_code``,
    ``kind``, ``title``, ``hours``, ``date``, ``result_percent``, ``deficits``.

    ``registry.selectors.courses_frame`` limited to the year, with the titles, hours and results
    the page shows besides. The indicators need no other dates: a diagnostic counts in its year,
    and a course addresses it only from its date to the year's end."""
    rows = TeacherCourse.objects.filter(date__range=(start, end)).values_list(
        "teacher_code", "kind", "title", "hours", "date", "result_percent", "deficits"
    )
    return pl.DataFrame(
        list(rows),
        schema={
            "teacher_code": pl.String,
            "kind": pl.String,
            "title": pl.String,
            "hours": pl.Int64,
            "date": pl.Date,
            "result_percent": pl.Decimal(5, 2),
            "deficits": pl.String,
        },
        orient="row",
    ).with_columns(pl.col("result_percent").cast(pl.Float64))


def mentors_frame(*, school_year_id: int) -> pl.DataFrame:
    """Who mentors whom in a year's registry, in one query: ``code`` (the mentee),
    ``mentor_code``, ``mentor_org_code``."""
    rows = Teacher.objects.filter(school_year_id=school_year_id, mentor__isnull=False).values_list(
        "code", "mentor__code", "mentor__organization__code"
    )
    return pl.DataFrame(
        list(rows),
        schema={"code": pl.String, "mentor_code": pl.String, "mentor_org_code": pl.String},
        orient="row",
    )


def development_page(*, viewer: Any, school_year: SchoolYear) -> dict[str, Any]:
    """Everything the page shows for one year; ``municipality`` is None without a registry."""
    teachers = teachers_frame(school_year_id=school_year.pk)
    names = organization_names(viewer=viewer).select(C.ORG_CODE, "org_name")
    indicators = {
        field: CATALOGUE.get(code) for field, code in zip(INDICATOR_FIELDS, INDICATORS, strict=True)
    }
    targets = {field: i.target_for(school_year.name) if i else None for field, i in indicators.items()}
    page: dict[str, Any] = {
        "municipality": None,
        "schools": [],
        "courses": [],
        "diagnostics": [],
        "deficits": [],
        "pairs": [],
        "targets": targets,
        "young_age": settings.MSOKO_YOUNG_TEACHER_AGE,
    }
    if teachers.is_empty():
        return page
    start, end = year_bounds(school_year)
    courses = courses_frame_between(start=start, end=end)
    figures = _figures(teachers, courses, school_year)
    municipality = figures.filter(pl.col(C.ORG_CODE) == MUNICIPALITY)
    registry = teachers.join(names, on=C.ORG_CODE, how="semi").select(
        pl.col("code").alias("teacher_code"), C.ORG_CODE
    )
    pairs = mentoring_rows(
        teachers.join(names, on=C.ORG_CODE, how="semi"),
        mentors_frame(school_year_id=school_year.pk),
        young_age=settings.MSOKO_YOUNG_TEACHER_AGE,
    ).join(names, on=C.ORG_CODE, how="left", maintain_order="left")
    return page | {
        "municipality": municipality.row(0, named=True),
        "schools": figures.join(names, on=C.ORG_CODE, how="inner").sort(C.ORG_CODE).to_dicts(),
        "courses": courses_by_title(courses, registry).to_dicts(),
        "diagnostics": diagnostics_by_title(courses, registry).to_dicts(),
        "deficits": deficit_frequency(courses, registry).to_dicts(),
        "pairs": pairs.to_dicts(),
    }


def schools_export_frame(*, viewer: Any, school_year: SchoolYear) -> pl.DataFrame:
    """The page's school table with Russian headers: «МО» first, then the schools ``viewer`` sees."""
    teachers = teachers_frame(school_year_id=school_year.pk)
    names = organization_names(viewer=viewer).select(C.ORG_CODE, "org_name")
    municipal = pl.DataFrame({C.ORG_CODE: [MUNICIPALITY], "org_name": ["Муниципалитет"]})
    if teachers.is_empty():
        return pl.DataFrame(schema=dict.fromkeys(EXPORT_COLUMNS.values(), pl.String))
    start, end = year_bounds(school_year)
    figures = _figures(teachers, courses_frame_between(start=start, end=end), school_year)
    return (
        figures.join(pl.concat([municipal, names]), on=C.ORG_CODE, how="inner")
        .sort(pl.col(C.ORG_CODE) != MUNICIPALITY, C.ORG_CODE)
        .with_columns(pl.col(name).round(2) for name in INDICATOR_FIELDS)
        .select(pl.col(key).alias(header) for key, header in EXPORT_COLUMNS.items())
    )


def _figures(teachers: pl.DataFrame, courses: pl.DataFrame, school_year: SchoolYear) -> pl.DataFrame:
    start, end = year_bounds(school_year)
    return school_figures(teachers, courses, start=start, end=end, young_age=settings.MSOKO_YOUNG_TEACHER_AGE)

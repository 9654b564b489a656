"""Two schools with teachers of one year, and the registers' rows of each level and school."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile

from msoko.directions.methodical import services
from msoko.directions.methodical.models import Level
from msoko.directions.methodical.services import PlanEntry
from tests import factories

PDF = b"%PDF-1.4\n% a practice\n"


@pytest.fixture
def year(db):
    return factories.SchoolYearFactory(name="2024/2025", start_year=2024)


@pytest.fixture
def teachers(year, school_a, school_b):
    return {
        code: factories.TeacherFactory(code=code, school_year=year, organization=org, subjects="Математика")
        for code, org in (("T-A1", school_a), ("T-A2", school_a), ("T-B1", school_b))
    }


@pytest.fixture
def rmo(year, teachers, specialist):
    return services.create_association(
        actor=specialist,
        level=Level.MUNICIPAL,
        name="РМО учителей математики",
        subject="Математика",
        school_year=year,
        leader=teachers["T-B1"],
        members=[teachers["T-A1"], teachers["T-B1"]],
        plan=[PlanEntry(topic="Анализ ВПР", form="meeting", month=9, done=True)],
    )


@pytest.fixture
def shmo_a(year, teachers, school_a, specialist):
    return services.create_association(
        actor=specialist,
        level=Level.SCHOOL,
        name="ШМО математиков СШ 1",
        subject="Математика",
        school_year=year,
        organization=school_a,
        leader=teachers["T-A1"],
        members=[teachers["T-A1"], teachers["T-A2"]],
    )


@pytest.fixture
def shmo_b(year, teachers, school_b, specialist):
    return services.create_association(
        actor=specialist,
        level=Level.SCHOOL,
        name="ШМО гимназии",
        subject="Русский язык",
        school_year=year,
        organization=school_b,
    )


@pytest.fixture
def practice_a(year, school_a, teachers, specialist):
    return services.create_practice(
        actor=specialist,
        title="Формирующее оценивание на уроках математики",
        school_year=year,
        organization=school_a,
        author_code="T-A1",
        subject="Математика",
        file=ContentFile(PDF, name="practice.pdf"),
    )


@pytest.fixture
def practice_b(year, school_b, specialist):
    return services.create_practice(
        actor=specialist,
        title="Читательская грамотность в гимназии",
        school_year=year,
        organization=school_b,
        author_code="T-B1",
        link="https://example.org/practice",
    )

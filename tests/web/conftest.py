"""A small registry shared by the web tests: two schools, a class each, teachers each."""

from __future__ import annotations

import pytest

from msoko.registry.models import Enrollment
from tests import factories


@pytest.fixture
def registry(school_a, school_b):
    year = factories.SchoolYearFactory()
    data = {}
    for key, org, letter in (("a", school_a, "А"), ("b", school_b, "Б")):
        cls = factories.ClassGroupFactory(organization=org, school_year=year, letter=letter)
        student = factories.StudentFactory(
            organization=org, code=f"STU-{key.upper()}-1", sex="Ж", has_sen=True
        )
        Enrollment.objects.create(student=student, class_group=cls, school_year=year)
        mentor = factories.TeacherFactory(organization=org, school_year=year, code=f"TCH-{key.upper()}-1")
        factories.TeacherFactory(
            organization=org, school_year=year, code=f"TCH-{key.upper()}-2", mentor=mentor, category="highest"
        )
        data[key] = cls
    return {"year": year, "class_a": data["a"], "class_b": data["b"]}

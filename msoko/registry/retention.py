"""How the registry's pupil-level rows of a school year are removed (core/retention.py)."""

from __future__ import annotations

from msoko.core.models import SchoolYear
from msoko.registry.models import Enrollment, Student


def remove_enrollments(year: SchoolYear) -> int:
    """The year's class lists; a pupil left in no other year's list goes too."""
    enrolled = set(Enrollment.objects.filter(school_year=year).values_list("student_id", flat=True))
    removed = Enrollment.objects.filter(school_year=year).delete()[0]
    Student.objects.filter(pk__in=enrolled, enrollments__isnull=True).delete()
    return removed

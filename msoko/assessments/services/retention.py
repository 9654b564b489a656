"""How the assessments' pupil-level rows of a school year are removed (core/retention.py).

The per-participant rows go; what was computed from them (indicator values, flags, the
coverage counts of every batch) stays.
"""

from __future__ import annotations

from django.db.models import Q, Sum

from msoko.assessments.models import GiaResult, JournalMark, OlympiadResult, ResultData
from msoko.core.models import SchoolYear


def remove_results(year: SchoolYear) -> int:
    """Result blocks of the year's procedures: counted in participants, not in blocks."""
    blocks = ResultData.objects.filter(
        pk__in=ResultData.objects.filter(
            Q(batch__school_year=year) | Q(batch__coverage__procedure__school_year=year)
        ).values("pk")
    )
    rows = blocks.aggregate(rows=Sum("rows"))["rows"] or 0
    blocks.delete()
    return rows


def remove_gia(year: SchoolYear) -> int:
    return GiaResult.objects.filter(procedure__school_year=year).delete()[0]


def remove_marks(year: SchoolYear) -> int:
    return JournalMark.objects.filter(school_year=year).delete()[0]


def remove_olympiads(year: SchoolYear) -> int:
    return OlympiadResult.objects.filter(procedure__school_year=year).delete()[0]

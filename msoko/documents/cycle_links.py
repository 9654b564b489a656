"""The management cycle behind a document's conclusions: the findings of a year and the
recommendations written for them, so a conclusion can say what has been asked of whom."""

from __future__ import annotations

from dataclasses import dataclass

from msoko.core.models import SchoolYear
from msoko.cycle.models import Finding, Recommendation


@dataclass(frozen=True)
class Link:
    finding: str  # the finding's title
    recommendations: tuple[str, ...]  # «text» (кому, до 01.10.2025, состояние)


def cycle_links(year: SchoolYear) -> dict[tuple[str, str], Link]:
    """(org_code, finding code) → the finding and its recommendations, for the year (one query each)."""
    findings = list(Finding.objects.filter(school_year=year))
    recommendations: dict[int, list[str]] = {}
    for rec in Recommendation.objects.filter(finding__in=findings).order_by("due_on", "pk"):
        recommendations.setdefault(rec.finding_id, []).append(
            f"«{rec.text}» ({rec.addressee_name}, срок — {f'{rec.due_on:%d.%m.%Y}'}, "
            f"{rec.get_status_display()})"
        )
    return {(f.org_code, f.code): Link(f.title, tuple(recommendations.get(f.pk, ()))) for f in findings}

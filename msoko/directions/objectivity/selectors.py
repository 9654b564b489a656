"""The risk list of direction 5: flagged schools, their history and the municipality's figures.

Rows that belong to a school are read from ``visible_to(user)``: a school sees its own flags.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import Count

from msoko.analytics.columns import C
from msoko.analytics.olympiad_objectivity import olympiad_generosity
from msoko.assessments.selectors import olympiad_frame
from msoko.core.models import SchoolYear
from msoko.directions.objectivity.models import FlagDispute
from msoko.flags.models import CriterionResult, Flag, FlagKind
from msoko.pipeline.selectors import run_detail
from msoko.registry.models import Organization
from msoko.registry.selectors import organization_names


def risk_list(*, viewer: Any, school_year: SchoolYear) -> dict[str, Any]:
    """The risk list of a year: flagged schools (ours, then the official markers), their
    history, and the municipality's figures — within ``viewer``'s scope."""
    flags = list(
        Flag.objects.visible_to(viewer)
        .filter(school_year=school_year, kind__in=[FlagKind.UNOBJECTIVE, FlagKind.OFFICIAL_MARKERS])
        .select_related("organization")
        .order_by("-level", "organization__code")
    )
    earlier = (
        Flag.objects.visible_to(viewer)
        .filter(kind=FlagKind.UNOBJECTIVE, school_year__start_year__lt=school_year.start_year)
        .values("organization_id")
        .annotate(years=Count("school_year", distinct=True))
    )
    years_before = {row["organization_id"]: row["years"] for row in earlier}
    disputes = {
        row["organization_id"]: row["n"]
        for row in FlagDispute.objects.visible_to(viewer)
        .filter(school_year=school_year)
        .values("organization_id")
        .annotate(n=Count("id"))
    }
    official_by_org = {f.organization_id: f for f in flags if f.kind == FlagKind.OFFICIAL_MARKERS}
    ours = [
        {
            "flag": f,
            "reasons": f.reasons,
            "official": official_by_org.get(f.organization_id),
            "years_before": years_before.get(f.organization_id, 0),
            "disputes": disputes.get(f.organization_id, 0),
        }
        for f in flags
        if f.kind == FlagKind.UNOBJECTIVE
    ]
    official = [{"flag": f, "reasons": f.reasons} for f in flags if f.kind == FlagKind.OFFICIAL_MARKERS]
    evaluated = (
        CriterionResult.objects.visible_to(viewer)
        .filter(school_year=school_year, kind=FlagKind.UNOBJECTIVE, evaluated=True)
        .values("organization_id")
        .distinct()
        .count()
    )
    took_part = (
        CriterionResult.objects.visible_to(viewer)
        .filter(school_year=school_year, kind=FlagKind.OFFICIAL_MARKERS)
        .values("organization_id")
        .distinct()
        .count()
    )
    # the index as the run computed it (docs/methodology.md#objectivity), not recomputed here
    index = run_detail(school_year=school_year, key="objectivity.index")
    levels = {level: sum(1 for row in ours if row["flag"].level == level) for level in (1, 2, 3)}
    return {
        "ours": ours,
        "official": official,
        "evaluated": evaluated,
        "took_part": took_part,
        "index": index,
        "levels": levels,
        "olympiad": olympiad_checks(viewer=viewer, school_year=school_year),
    }


def olympiad_checks(*, viewer: Any, school_year: SchoolYear) -> dict[str, Any]:
    """The school stage of the olympiad against the next one (analytics/olympiad_objectivity.py),
    computed from the year's protocols on request: a few thousand rows."""
    frame = olympiad_generosity(olympiad_frame(school_year_id=school_year.pk))
    names = dict(organization_names(viewer=viewer).select(C.ORG_CODE, "org_name").iter_rows())
    flagged = frame.filter(pl.col("flagged") & pl.col(C.ORG_CODE).is_in(list(names)))
    rows = [
        row | {"name": names[row[C.ORG_CODE]], "p_text": f"{row['p_value']:.4f}".replace(".", ",")}
        for row in flagged.iter_rows(named=True)
    ]
    return {"rows": rows, "evaluated": int(frame["evaluated"].sum()) if frame.height else 0}


def dispute_list(*, viewer: Any, organization: Organization, school_year: SchoolYear) -> list[FlagDispute]:
    """The school's recorded explanations of the year, newest first: read on every visit of the
    evidence page, since they change between recomputes (its cached body does not hold them)."""
    return list(
        FlagDispute.objects.visible_to(viewer)
        .filter(organization=organization, school_year=school_year)
        .select_related("recorded_by")
    )

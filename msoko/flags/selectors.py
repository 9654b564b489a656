"""Reads of flags and their findings, for the export, the risk list and the evidence page.

Rows that belong to a school are read from ``visible_to(user)``: a school sees its own flags.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import Count

from msoko.core.models import SchoolYear
from msoko.flags.models import ContextValue, Finding, Flag, FlagDispute, FlagKind

EXPORT_COLUMNS = ["Код ОО", "Флаг", "Уровень", "Основания"]


def flags_export_frame(*, school_year_name: str, viewer: Any | None = None) -> pl.DataFrame:
    """spec/cli.md `msoko export flags`: Код ОО; Флаг; Уровень; Основания (reasons joined by «; »)."""
    flags = Flag.objects.filter(school_year__name=school_year_name)
    if viewer is not None:
        flags = flags.visible_to(viewer)
    rows = flags.order_by("organization__code", "kind").values_list(
        "organization__code", "kind", "level", "reasons"
    )
    return pl.DataFrame(
        list(rows),
        schema=dict(zip(EXPORT_COLUMNS, [pl.String, pl.String, pl.Int64, pl.String], strict=True)),
        orient="row",
    )


def findings_frame(*, school_year_id: int, organization_id: int, kind: str) -> pl.DataFrame:
    """Every finding of one school, year and flag kind (fired first, strongest first)."""
    rows = Finding.objects.filter(
        school_year_id=school_year_id, organization_id=organization_id, kind=kind
    ).values_list(
        "criterion",
        "scope",
        "class_name",
        "n",
        "observed",
        "expected",
        "p_value",
        "evaluated",
        "fired",
        "strong",
        "reason",
    )
    schema = {
        "criterion": pl.String,
        "scope": pl.String,
        "class_name": pl.String,
        "n": pl.Int64,
        "observed": pl.Float64,
        "expected": pl.Float64,
        "p_value": pl.Float64,
        "evaluated": pl.Boolean,
        "fired": pl.Boolean,
        "strong": pl.Boolean,
        "reason": pl.String,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row").sort(
        "fired", pl.col("p_value").fill_null(1.0), descending=[True, False]
    )


def computed_years(model: type[Finding] | type[ContextValue] = Finding) -> list[SchoolYear]:
    """School years with rows of ``model`` (the years the criteria ran on), newest first."""
    ids = model.objects.values("school_year_id").distinct()
    return list(SchoolYear.objects.filter(pk__in=ids).order_by("-start_year"))


def risk_list(*, school_year: SchoolYear) -> dict[str, Any]:
    """The risk list of a year: flagged schools (ours, then the official markers), their
    history, and the municipality's figures."""
    flags = list(
        Flag.objects.filter(
            school_year=school_year, kind__in=[FlagKind.UNOBJECTIVE, FlagKind.OFFICIAL_MARKERS]
        )
        .select_related("organization")
        .order_by("-level", "organization__code")
    )
    earlier = (
        Flag.objects.filter(kind=FlagKind.UNOBJECTIVE, school_year__start_year__lt=school_year.start_year)
        .values("organization_id")
        .annotate(years=Count("school_year", distinct=True))
    )
    years_before = {row["organization_id"]: row["years"] for row in earlier}
    disputes = {
        row["organization_id"]: row["n"]
        for row in FlagDispute.objects.filter(school_year=school_year)
        .values("organization_id")
        .annotate(n=Count("id"))
    }
    official_by_org = {f.organization_id: f for f in flags if f.kind == FlagKind.OFFICIAL_MARKERS}
    ours = [
        {
            "flag": f,
            "reasons": f.reasons.split("; "),
            "official": official_by_org.get(f.organization_id),
            "years_before": years_before.get(f.organization_id, 0),
            "disputes": disputes.get(f.organization_id, 0),
        }
        for f in flags
        if f.kind == FlagKind.UNOBJECTIVE
    ]
    official = [
        {"flag": f, "reasons": f.reasons.split("; ")} for f in flags if f.kind == FlagKind.OFFICIAL_MARKERS
    ]
    evaluated = (
        Finding.objects.filter(school_year=school_year, kind=FlagKind.UNOBJECTIVE, evaluated=True)
        .values("organization_id")
        .distinct()
        .count()
    )
    took_part = (
        Finding.objects.filter(school_year=school_year, kind=FlagKind.OFFICIAL_MARKERS)
        .values("organization_id")
        .distinct()
        .count()
    )
    index = 100 - len(official) * 100 / took_part if took_part else None
    levels = {level: sum(1 for row in ours if row["flag"].level == level) for level in (1, 2, 3)}
    return {
        "ours": ours,
        "official": official,
        "evaluated": evaluated,
        "took_part": took_part,
        "index": index,
        "levels": levels,
    }

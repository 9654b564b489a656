"""Reads of direction 2's pages, within the viewer's scope: schools with their context, results
and flags; mentor suggestions; a school's trajectory; the register's rating."""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

import polars as pl

from msoko.analytics.columns import C
from msoko.core.models import SchoolYear
from msoko.directions.low_results.models import ContextValue, SupportEntry
from msoko.flags.models import Flag, FlagKind
from msoko.registry.models import CourseKind, Organization, OrganizationKind, TeacherCourse
from msoko.registry.selectors import organization_names

DIRECTION2 = (FlagKind.LOW_RESULTS, FlagKind.ADVERSE_CONDITIONS, FlagKind.RESILIENT)
GROUP_LOW, GROUP_RESILIENT, GROUP_ADVERSE, GROUP_OTHER = (
    "низкие результаты (ШНОР)",
    "резильентная",
    "неблагоприятный контекст",
    "прочие",
)
EXPORT_COLUMNS = {
    C.ORG_CODE: "Код ОО",
    "name": "Организация",
    "context_index": "Индекс социального контекста",
    "pupils": "Работ учащихся",
    "result": "Результат",
    "expected": "Ожидаемый результат",
    "value_added": "Относительно ожидаемого",
    "low_results": "ШНОР (уровень)",
    "adverse_conditions": "ШФНСУ (уровень)",
    "resilient": "Резильентная (уровень)",
    "order_number": "Приказ о перечне ШНОР",
    "mentor": "Школа-наставник",
}


def support_frame(*, viewer: Any, school_year: SchoolYear) -> pl.DataFrame:
    """One row per school ``viewer`` may see: context, result, expectation, direction-2 flag
    levels, register."""
    schools = organization_names(viewer=viewer, kind=OrganizationKind.SCHOOL).rename(
        {"org_id": "id", "org_name": "name"}
    )
    values = pl.DataFrame(
        list(
            ContextValue.objects.visible_to(viewer)
            .filter(school_year=school_year)
            .values_list("organization_id", "context_index", "pupils", "result", "expected", "value_added")
        ),
        schema={
            "id": pl.Int64,
            "context_index": pl.Float64,
            "pupils": pl.Int64,
            "result": pl.Float64,
            "expected": pl.Float64,
            "value_added": pl.Float64,
        },
        orient="row",
    )
    flags = pl.DataFrame(
        list(
            Flag.objects.visible_to(viewer)
            .filter(school_year=school_year, kind__in=DIRECTION2)
            .values_list("organization_id", "kind", "level")
        ),
        schema={"id": pl.Int64, "kind": pl.String, "level": pl.Int64},
        orient="row",
    )
    wide = (
        flags.pivot(on="kind", index="id", values="level")
        if flags.height
        else pl.DataFrame(schema={"id": pl.Int64})
    )
    for kind in DIRECTION2:
        if kind.value not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Int64).alias(kind.value))
    register = pl.DataFrame(
        list(
            SupportEntry.objects.visible_to(viewer)
            .filter(school_year=school_year)
            .values_list("organization_id", "order_number", "mentor__short_name", "mentor__code")
        ),
        schema={
            "id": pl.Int64,
            "order_number": pl.String,
            "mentor_name": pl.String,
            "mentor_code": pl.String,
        },
        orient="row",
    ).with_columns(pl.coalesce("mentor_name", "mentor_code").alias("mentor"))
    return (
        schools.join(values, on="id", how="left")
        .join(wide, on="id", how="left")
        .join(register.select("id", "order_number", "mentor"), on="id", how="left")
        .with_columns(_group().alias("group"))
        .sort(C.ORG_CODE)
    )


def _group() -> pl.Expr:
    return (
        pl.when(pl.col("low_results").is_not_null())
        .then(pl.lit(GROUP_LOW))
        .when(pl.col("resilient").is_not_null())
        .then(pl.lit(GROUP_RESILIENT))
        .when(pl.col("adverse_conditions").is_not_null())
        .then(pl.lit(GROUP_ADVERSE))
        .otherwise(pl.lit(GROUP_OTHER))
    )


def export_frame(frame: pl.DataFrame) -> pl.DataFrame:
    return frame.select(pl.col(key).alias(title) for key, title in EXPORT_COLUMNS.items())


def mentor_suggestions(frame: pl.DataFrame, *, code: str, limit: int = 3) -> list[dict[str, Any]]:
    """Schools to mentor ``code``: resilient ones or strong ones (above expectation and above the
    municipality), nearest in context first."""
    own = frame.filter(pl.col(C.ORG_CODE) == code)
    context = own["context_index"][0] if own.height and own["context_index"][0] is not None else 0.0
    candidates = frame.filter(
        (pl.col(C.ORG_CODE) != code)
        & pl.col("low_results").is_null()
        & (pl.col("resilient").is_not_null() | ((pl.col("value_added") > 0) & (pl.col("result") > 0)))
    )
    return (
        candidates.with_columns((pl.col("context_index") - context).abs().alias("distance"))
        .sort(pl.col("resilient").is_null(), "distance", nulls_last=True)
        .head(limit)
        .select(C.ORG_CODE, "name", "context_index", "value_added", "resilient")
        .to_dicts()
    )


def trajectory_frame(*, viewer: Any, organization: Organization) -> pl.DataFrame:
    """The school's result and its expected result over the school years (long: school_year,
    series, value)."""
    rows = list(
        ContextValue.objects.visible_to(viewer)
        .filter(organization=organization, result__isnull=False)
        .order_by("school_year__start_year")
        .values_list("school_year__name", "result", "expected")
    )
    frame = pl.DataFrame(
        rows, schema={"school_year": pl.String, "result": pl.Float64, "expected": pl.Float64}, orient="row"
    )
    return pl.concat(
        [
            frame.select(
                "school_year", pl.lit("результат школы").alias("series"), pl.col("result").alias("value")
            ),
            frame.select(
                "school_year",
                pl.lit("ожидаемый по контексту").alias("series"),
                pl.col("expected").alias("value"),
            ),
        ]
    ).drop_nulls()


def improvement_rating(*, viewer: Any, school_year: SchoolYear) -> list[dict[str, Any]]:
    """The register's schools of the year by the change of their result since the year before."""
    entries = list(
        SupportEntry.objects.visible_to(viewer).filter(school_year=school_year).select_related("organization")
    )
    if not entries:
        return []
    ids = [e.organization_id for e in entries]
    values = {
        (org, year): result
        for org, year, result in ContextValue.objects.visible_to(viewer)
        .filter(
            organization_id__in=ids,
            school_year__start_year__in=[school_year.start_year - 1, school_year.start_year],
        )
        .values_list("organization_id", "school_year__start_year", "result")
    }
    rows = []
    for entry in entries:
        now = values.get((entry.organization_id, school_year.start_year))
        before = values.get((entry.organization_id, school_year.start_year - 1))
        change = now - before if now is not None and before is not None else None
        rows.append({"entry": entry, "before": before, "now": now, "change": change})
    rows.sort(key=lambda r: (r["change"] is None, -(r["change"] or 0.0)))
    for place, row in enumerate(rows, start=1):
        row["place"] = place if row["change"] is not None else None
    return rows


def teacher_diagnostics(
    *, viewer: Any, organization: Organization, school_year: SchoolYear
) -> list[TeacherCourse]:
    """The diagnostics of the school's teachers' subject competence in the school year (from the
    `courses` import), lowest result first: where methodical help is needed."""
    start = dt.date(school_year.start_year, 9, 1)
    return list(
        TeacherCourse.objects.visible_to(viewer)
        .filter(
            organization=organization,
            kind=CourseKind.DIAGNOSTICS,
            date__gte=start,
            date__lt=dt.date(school_year.start_year + 1, 9, 1),
        )
        .order_by("result_percent", "teacher_code")
    )


def school_figures(*, viewer: Any, organization: Organization, school_year: SchoolYear) -> dict[str, Any]:
    """What a school's direction-2 page shows of the school itself: its row of ``support_frame``,
    its flags, its trajectory and its teachers' diagnostics (the register and the mentor
    suggestions are read apart: ``support_entry``, ``mentor_suggestions``)."""
    frame = support_frame(viewer=viewer, school_year=school_year)
    return {
        "row": next((r for r in frame.to_dicts() if r[C.ORG_CODE] == organization.code), {}),
        "flags": list(
            Flag.objects.visible_to(viewer).filter(
                organization=organization, school_year=school_year, kind__in=DIRECTION2
            )
        ),
        "trajectory": trajectory_frame(viewer=viewer, organization=organization),
        "diagnostics": teacher_diagnostics(viewer=viewer, organization=organization, school_year=school_year),
    }


def support_entry(*, viewer: Any, organization: Organization, school_year: SchoolYear) -> SupportEntry | None:
    """The school's entry in the year's ШНОР register, if it is there."""
    return (
        SupportEntry.objects.visible_to(viewer)
        .filter(organization=organization, school_year=school_year)
        .select_related("mentor")
        .first()
    )


def register_version(school_year: SchoolYear) -> str:
    """A digest of the year's register as the pages show it (school, order, mentor): it changes
    with every confirmation or correction, which no import or recompute follows."""
    rows = (
        SupportEntry.objects.filter(school_year=school_year)
        .order_by("pk")
        .values_list("pk", "organization_id", "order_number", "mentor_id")
    )
    return hashlib.sha256(repr(list(rows)).encode()).hexdigest()[:16]

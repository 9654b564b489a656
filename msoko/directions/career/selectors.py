"""The career page's reads: the graduates' ЕГЭ of a school year, and what schools report.

Per-school rows come from the organisations ``viewer`` may see (``organization_names``: the one
choke point); the «МО» figures are the municipality's, so a school sees them beside its own.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import Count

from msoko.analytics.achievement import MUNICIPALITY
from msoko.analytics.columns import C
from msoko.analytics.gia import BASE_MATH, EGE_MINIMUM
from msoko.assessments.models import GiaResult, ProcedureKind
from msoko.assessments.selectors import gia_frame
from msoko.core.models import SchoolYear
from msoko.directions.career.analysis import (
    graduate_figures,
    subject_choice,
    subject_count_distribution,
)
from msoko.indicators.catalogue import CATALOGUE, Source
from msoko.indicators.models import MonitoringValue
from msoko.registry.models import Organization, OrganizationKind
from msoko.registry.selectors import organization_names

DIRECTION = 4
#: the school table as exported: page key → XLSX header
EXPORT_COLUMNS = {
    C.ORG_CODE: "Код ОО",
    "org_name": "Организация",
    "graduates": "Выпускников, сдававших ЕГЭ",
    "subjects_mean": "Предметов на выпускника",
    "ege_three_subjects_share": "Преодолели минимум по трём и более предметам, %",
    "ege_all_passed_share": "Преодолели минимум по всем сданным предметам, %",
    "any_failed": "Ниже минимума хотя бы по одному предмету",
    "profile_math": "Сдавали профильную математику",
}


def ege_years() -> list[SchoolYear]:
    """Years with any ЕГЭ result, newest first."""
    ids = GiaResult.objects.filter(procedure__kind=ProcedureKind.EGE).values("procedure__school_year_id")
    return list(SchoolYear.objects.filter(pk__in=ids.distinct()).order_by("-start_year"))


def career_page(*, viewer: Any, school_year: SchoolYear) -> dict[str, Any]:
    """Everything the page shows for one year; ``municipality`` is None without ЕГЭ results."""
    gia = gia_frame(school_year_id=school_year.pk)
    names = organization_names(viewer=viewer).select(C.ORG_CODE, "org_name")
    page: dict[str, Any] = {
        "municipality": None,
        "schools": [],
        "distribution": [],
        "subjects": [],
        "own": None,
        "minimums": [{"subject": s, "minimum": m} for s, m in sorted(EGE_MINIMUM.items())],
        "base_math": BASE_MATH,
        "targets": {
            field: indicator.target_for(school_year.name)
            for field in ("ege_three_subjects_share", "ege_all_passed_share")
            if (indicator := CATALOGUE.get(f"career.{field}")) is not None
        },
    }
    if gia.filter(pl.col("exam") == "ЕГЭ").is_empty():
        return page
    figures = graduate_figures(gia)
    municipality = figures.filter(pl.col(C.ORG_CODE) == MUNICIPALITY).row(0, named=True)
    distribution = subject_count_distribution(figures)
    schools = figures.join(names, on=C.ORG_CODE, how="inner").sort(C.ORG_CODE)
    # a school user's own figures stand beside the municipality's in the distribution and subjects
    own = schools.row(0, named=True) if names.height == 1 and schools.height == 1 else None
    choice = subject_choice(gia)
    subjects = choice.filter(pl.col(C.ORG_CODE) == MUNICIPALITY).drop(C.ORG_CODE)
    buckets = distribution.filter(pl.col(C.ORG_CODE) == MUNICIPALITY).drop(C.ORG_CODE)
    if own is not None:
        mine = pl.col(C.ORG_CODE) == own[C.ORG_CODE]
        own_choice = choice.filter(mine).select(
            C.SUBJECT,
            *(
                pl.col(c).alias(f"own_{c}")
                for c in ("chose", "chose_share", "mean_score", "below_minimum_share")
            ),
        )
        own_buckets = distribution.filter(mine).select(
            "label", pl.col("n").alias("own_n"), pl.col("share").alias("own_share")
        )
        subjects = subjects.join(own_choice, on=C.SUBJECT, how="left", maintain_order="left")
        buckets = buckets.join(own_buckets, on="label", how="left", maintain_order="left")
    return page | {
        "municipality": municipality,
        "schools": schools.to_dicts(),
        "own": own,
        "distribution": buckets.to_dicts(),
        "subjects": subjects.to_dicts(),
    }


def schools_export_frame(*, viewer: Any, school_year: SchoolYear) -> pl.DataFrame:
    """The page's school table with Russian headers: «МО» first, then the schools ``viewer`` sees."""
    gia = gia_frame(school_year_id=school_year.pk)
    if gia.filter(pl.col("exam") == "ЕГЭ").is_empty():
        return pl.DataFrame(schema=dict.fromkeys(EXPORT_COLUMNS.values(), pl.String))
    names = organization_names(viewer=viewer).select(C.ORG_CODE, "org_name")
    municipal = pl.DataFrame({C.ORG_CODE: [MUNICIPALITY], "org_name": ["Муниципалитет"]})
    return (
        graduate_figures(gia)
        .join(pl.concat([municipal, names]), on=C.ORG_CODE, how="inner")
        .sort(pl.col(C.ORG_CODE) != MUNICIPALITY, C.ORG_CODE)
        .with_columns(pl.col("subjects_mean", "ege_three_subjects_share", "ege_all_passed_share").round(2))
        .select(pl.col(key).alias(header) for key, header in EXPORT_COLUMNS.items())
    )


def monitoring_list(*, viewer: Any, school_year: SchoolYear | None) -> list[dict[str, Any]]:
    """Direction 4's indicators that schools report through monitoring forms (not computed
    here): title, definition, unit, and how many of the schools ``viewer`` sees reported a value
    for the year (two queries; ``reported`` is 0 without a year)."""
    schools = Organization.objects.visible_to(viewer).filter(kind=OrganizationKind.SCHOOL)
    declared = [i for i in CATALOGUE if i.direction == DIRECTION and i.source == Source.MONITORING]
    reported = dict(
        MonitoringValue.objects.visible_to(viewer)
        .filter(
            organization__in=schools,
            school_year_id=school_year.pk if school_year else None,
            indicator_code__in=[i.code for i in declared],
        )
        .values("indicator_code")
        .annotate(n=Count("organization", distinct=True))
        .values_list("indicator_code", "n")
    )
    organisations = schools.count()
    return [
        {
            "code": i.code,
            "title": i.title,
            "definition": i.definition,
            "unit": i.unit.value,
            "reported": reported.get(i.code, 0),
            "organisations": organisations,
        }
        for i in declared
    ]

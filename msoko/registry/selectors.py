"""Reads of the registry for pages and for importers."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import Count, QuerySet, Sum

from msoko.core.models import SchoolYear
from msoko.core.search import text_search
from msoko.registry.models import (
    Category,
    ClassGroup,
    Enrollment,
    Municipality,
    Organization,
    OrganizationAlias,
    OrganizationKind,
    Teacher,
    TeacherCourse,
)


def organization_code_map() -> dict[str, int]:
    """Every code an organisation is known by (its own and its aliases) → its id."""
    codes = dict(Organization.objects.values_list("code", "id"))
    codes.update(OrganizationAlias.objects.values_list("code", "organization_id"))
    return codes


ALL_MUNICIPALITIES = "Все муниципалитеты"


def territory_name() -> str:
    """The name shown in the page header: the configured municipality, or the only one that
    has organisations (e.g. the demo), or — for a regional deployment — «все муниципалитеты»."""
    configured = settings.MSOKO_MUNICIPALITY
    used = list(
        Municipality.objects.filter(organizations__isnull=False).distinct().values_list("name", flat=True)[:2]
    )
    if len(used) == 1 and configured == settings.MSOKO_MUNICIPALITY_DEFAULT:
        return used[0]
    if len(used) > 1 and configured == settings.MSOKO_MUNICIPALITY_DEFAULT:
        return ALL_MUNICIPALITIES
    return configured


# --- Pages -------------------------------------------------------------------------------
# Every query below starts from ``visible_to(user)``: the only place row access is decided.


def organizations_list(
    *, user: Any, q: str = "", kind: str = "", locality: str = "", municipality_id: int | None = None
) -> QuerySet[Organization]:
    qs = Organization.objects.visible_to(user).select_related("municipality")
    if q:
        qs = qs.filter(text_search(q, ("code", "name", "short_name")))
    if kind:
        qs = qs.filter(kind=kind)
    if locality:
        qs = qs.filter(locality=locality)
    if municipality_id:
        qs = qs.filter(municipality_id=municipality_id)
    return qs


def organization_choices(*, user: Any) -> QuerySet[Organization]:
    return Organization.objects.visible_to(user).only("id", "code", "name", "short_name")


def municipality_choices(*, user: Any) -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        pk__in=Organization.objects.visible_to(user).values("municipality_id")
    ).order_by("name")


def school_year_choices() -> QuerySet[SchoolYear]:
    return SchoolYear.objects.order_by("-start_year")


@dataclass
class CategoryCount:
    label: str
    count: int


@dataclass
class OrganizationCard:
    organization: Organization
    aliases: list[OrganizationAlias]
    classes_year: SchoolYear | None
    classes: list[ClassGroup]
    enrolled: int
    teachers_year: SchoolYear | None
    teachers: int
    categories: list[CategoryCount]
    mentor_pairs: int
    social: list[tuple[str, Decimal | None]] = field(default_factory=list)


SOCIAL_FIELDS = (
    "low_income_share",
    "higher_education_parents_share",
    "sen_share",
    "non_native_russian_share",
)


def organization_for(*, viewer: Any, code: str) -> Organization | None:
    """One organisation by code if ``viewer`` may see it (else None: the page answers 404)."""
    return Organization.objects.visible_to(viewer).filter(code=code).first()


def organization_card(*, user: Any, code: str) -> OrganizationCard:
    """Everything the organisation's card shows; raises ``Organization.DoesNotExist`` if not visible."""
    org = Organization.objects.visible_to(user).select_related("municipality").get(code=code)
    classes_year = _latest_year(ClassGroup.objects.visible_to(user).filter(organization=org))
    classes = list(
        ClassGroup.objects.visible_to(user)
        .filter(organization=org, school_year=classes_year)
        .annotate(students=Count("enrollments"))
        if classes_year
        else []
    )
    teachers = Teacher.objects.visible_to(user).filter(organization=org)
    teachers_year = _latest_year(teachers)
    year_teachers = teachers.filter(school_year=teachers_year) if teachers_year else teachers.none()
    counts = dict(year_teachers.values_list("category").annotate(n=Count("id")).order_by())
    categories = [
        CategoryCount(label, counts[value]) for value, label in Category.choices if counts.get(value)
    ]
    if counts.get(""):
        categories.append(CategoryCount("не указана", counts[""]))
    return OrganizationCard(
        organization=org,
        aliases=list(OrganizationAlias.objects.visible_to(user).filter(organization=org).order_by("code")),
        classes_year=classes_year,
        classes=classes,
        enrolled=sum(c.students for c in classes),
        teachers_year=teachers_year,
        teachers=sum(counts.values()),
        categories=categories,
        mentor_pairs=year_teachers.filter(mentor__isnull=False).count(),
        social=[(Organization._meta.get_field(f).verbose_name, getattr(org, f)) for f in SOCIAL_FIELDS],
    )


def _latest_year(qs: QuerySet) -> SchoolYear | None:
    year_id = qs.order_by("-school_year__start_year").values_list("school_year_id", flat=True).first()
    return SchoolYear.objects.get(pk=year_id) if year_id else None


def class_list(
    *, user: Any, school_year_id: int | None = None, organization_id: int | None = None
) -> QuerySet[ClassGroup]:
    qs = (
        ClassGroup.objects.visible_to(user)
        .select_related("organization", "school_year")
        .annotate(students=Count("enrollments"))
        .order_by("-school_year__start_year", "organization__code", "grade", "letter")
    )
    if school_year_id:
        qs = qs.filter(school_year_id=school_year_id)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    return qs


@dataclass
class ClassCard:
    class_group: ClassGroup
    enrollments: list[Enrollment]
    with_sen: int


def class_card(*, user: Any, pk: int) -> ClassCard:
    """A class and its students (codes only); raises ``ClassGroup.DoesNotExist`` if not visible."""
    class_group = ClassGroup.objects.visible_to(user).select_related("organization", "school_year").get(pk=pk)
    enrollments = list(
        Enrollment.objects.visible_to(user)
        .filter(class_group=class_group)
        .select_related("student")
        .order_by("student__code")
    )
    return ClassCard(
        class_group=class_group,
        enrollments=enrollments,
        with_sen=sum(1 for e in enrollments if e.student.has_sen),
    )


def teacher_list(
    *,
    user: Any,
    q: str = "",
    school_year_id: int | None = None,
    organization_id: int | None = None,
    category: str = "",
    position: str = "",
) -> QuerySet[Teacher]:
    qs = (
        Teacher.objects.visible_to(user)
        .select_related("organization", "school_year", "mentor")
        .order_by("-school_year__start_year", "code")
    )
    if q:
        qs = qs.filter(text_search(q, ("code",)))
    if school_year_id:
        qs = qs.filter(school_year_id=school_year_id)
    if organization_id:
        qs = qs.filter(organization_id=organization_id)
    if category:
        qs = qs.filter(category=category)
    if position:
        qs = qs.filter(position=position)
    return qs


def teacher_positions(*, user: Any) -> list[str]:
    return list(
        Teacher.objects.visible_to(user).order_by("position").values_list("position", flat=True).distinct()
    )


@dataclass
class RegistryTotals:
    organizations: int
    students: int
    teachers: int
    teachers_year: SchoolYear | None
    classes: int


def registry_totals(*, user: Any) -> RegistryTotals:
    """The dashboard's numbers, within what the user may see."""
    orgs = Organization.objects.visible_to(user)
    teachers = Teacher.objects.visible_to(user)
    year = _latest_year(teachers)
    return RegistryTotals(
        organizations=orgs.count(),
        students=orgs.aggregate(n=Sum("students_count"))["n"] or 0,
        teachers=teachers.filter(school_year=year).count() if year else 0,
        teachers_year=year,
        classes=ClassGroup.objects.visible_to(user).count(),
    )


@dataclass
class PublicTotals:
    by_kind: list[tuple[str, int]]
    organizations: int
    students: int
    municipalities: int


def public_totals() -> PublicTotals:
    """Aggregated open data for the public home page: counts only, never a single organisation.

    Deliberately not scoped by user: an anonymous visitor sees sums over the whole registry,
    which the department publishes anyway («информационная открытость»).
    """
    counts = dict(Organization.objects.values_list("kind").annotate(n=Count("id")).order_by())
    return PublicTotals(
        by_kind=[(label, counts.get(value, 0)) for value, label in OrganizationKind.choices],
        organizations=sum(counts.values()),
        students=Organization.objects.aggregate(n=Sum("students_count"))["n"] or 0,
        municipalities=Municipality.objects.filter(organizations__isnull=False).distinct().count(),
    )


def teachers_frame(*, school_year_id: int) -> pl.DataFrame:
    """The teachers' registry of a school year in one query: org_code, position, category,
    age, mentor_id (analytics/teachers.py)."""
    rows = Teacher.objects.filter(school_year_id=school_year_id).values_list(
        "code", "organization__code", "position", "category", "age", "mentor_id"
    )
    return pl.DataFrame(
        list(rows),
        schema={
            "code": pl.String,
            "org_code": pl.String,
            "position": pl.String,
            "category": pl.String,
            "age": pl.Int64,
            "mentor_id": pl.Int64,
        },
        orient="row",
    )


def courses_frame() -> pl.DataFrame:
    """Every course and diagnostic of every teacher: teacher_code, kind, date, deficits."""
    rows = TeacherCourse.objects.values_list("teacher_code", "kind", "date", "deficits")
    return pl.DataFrame(
        list(rows),
        schema={"teacher_code": pl.String, "kind": pl.String, "date": pl.Date, "deficits": pl.String},
        orient="row",
    )


def organization_names(*, viewer: Any, kind: str | None = None) -> pl.DataFrame:
    """``org_id``, ``org_code``, ``org_name`` (the short name, else the full one) of the
    organisations ``viewer`` may see, of one ``kind`` if given: one query, for a page's frames."""
    organizations = Organization.objects.visible_to(viewer)
    if kind is not None:
        organizations = organizations.filter(kind=kind)
    return pl.DataFrame(
        list(organizations.values_list("id", "code", "short_name", "name")),
        schema={"org_id": pl.Int64, "org_code": pl.String, "short_name": pl.String, "full_name": pl.String},
        orient="row",
    ).select(
        "org_id",
        "org_code",
        pl.when(pl.col("short_name") != "").then("short_name").otherwise("full_name").alias("org_name"),
    )


def students_frame() -> pl.DataFrame:
    """``org_code``, ``students``: the registry's «Численность обучающихся» where it is known."""
    return pl.DataFrame(
        list(Organization.objects.filter(students_count__isnull=False).values_list("code", "students_count")),
        schema={"org_code": pl.String, "students": pl.Int64},
        orient="row",
    )

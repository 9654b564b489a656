"""Reads of the direction 8 registers. Every page query starts from ``visible_to(viewer)``
(models.py), so a school sees its own ШМО and practices and the municipal rows, nothing else."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import polars as pl
from django.db.models import Count, Q, QuerySet

from msoko.core.models import SchoolYear
from msoko.directions.methodical.models import (
    MONTHS,
    Association,
    Level,
    PlanItem,
    Practice,
    PracticeStatus,
)
from msoko.registry.models import Teacher

#: a month's place in the school year: September 0 … August 11
MONTH_ORDER = {month: index for index, (month, _) in enumerate(MONTHS)}


# --- Associations ----------------------------------------------------------------------------


def association_list(
    *,
    viewer: Any,
    school_year_id: int | None = None,
    subject: str = "",
    organization_id: int | None = None,
    level: str = "",
) -> list[Association]:
    """Associations the viewer may see, with counts of members, plan lines and lines done, and
    ``leader_shown``: the leader's code, if the viewer may see that teacher (see below)."""
    qs = Association.objects.visible_to(viewer)
    if school_year_id is not None:
        qs = qs.filter(school_year_id=school_year_id)
    if subject:
        qs = qs.filter(subject=subject)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if level:
        qs = qs.filter(level=level)
    rows = list(
        qs.select_related("school_year", "organization", "leader").annotate(
            members_n=Count("members", distinct=True),
            plan_n=Count("plan", distinct=True),
            done_n=Count("plan", filter=Q(plan__done=True), distinct=True),
        )
    )
    for row in rows:
        row.leader_shown = shown_code(row.leader, viewer=viewer)
    return rows


def association_for(*, viewer: Any, pk: int) -> Association | None:
    return (
        Association.objects.visible_to(viewer)
        .select_related("school_year", "organization", "leader", "created_by")
        .filter(pk=pk)
        .first()
    )


def association_editable(*, user: Any, association: Association) -> bool:
    return Association.objects.editable_by(user).filter(pk=association.pk).exists()


#: in place of the code of a teacher the viewer may not see
OTHER_SCHOOL = "педагог другой школы"


def shown_code(teacher: Teacher | None, *, viewer: Any) -> str:
    """A teacher's code as the viewer may see it. A РМО gathers teachers of many schools; a
    school reads the РМО but sees other schools' teachers only as counted, never by code, as
    in the registry of teachers (``Teacher.objects.visible_to``)."""
    if teacher is None:
        return ""
    if viewer.sees_all_organizations or teacher.organization_id == viewer.organization_id:
        return teacher.code
    return OTHER_SCHOOL


def association_members(association: Association, *, viewer: Any) -> tuple[list[Teacher], int]:
    """The members the viewer may see, and how many others there are."""
    members = association.members.select_related("organization").order_by("organization__code", "code")
    shown = list(members.filter(pk__in=Teacher.objects.visible_to(viewer).values("pk")))
    return shown, association.members.count() - len(shown)


def plan_items(association: Association) -> list[PlanItem]:
    """The plan in the order of the school year (September first), then as entered."""
    items = list(association.plan.all())
    return sorted(
        items, key=lambda p: (MONTH_ORDER.get(p.month, 12), p.date is None, p.date or 0, p.position)
    )


def associations_summary(associations: Iterable[Association]) -> dict[str, Any]:
    """The stats above the list: how many РМО and ШМО, and how much of their plans is done."""
    rows = list(associations)
    plan = sum(a.plan_n for a in rows)
    done = sum(a.done_n for a in rows)
    return {
        "total": len(rows),
        "municipal": sum(a.level == Level.MUNICIPAL for a in rows),
        "school": sum(a.level == Level.SCHOOL for a in rows),
        "schools": len({a.organization_id for a in rows if a.organization_id}),
        "plan": plan,
        "done": done,
        "done_percent": 100 * done / plan if plan else None,
    }


ASSOCIATION_COLUMNS = {
    "Учебный год": pl.String,
    "Уровень": pl.String,
    "Название": pl.String,
    "Предмет": pl.String,
    "Код ОО": pl.String,
    "Организация": pl.String,
    "Руководитель (код)": pl.String,
    "Участников": pl.Int64,
    "Мероприятий в плане": pl.Int64,
    "Проведено": pl.Int64,
}


def associations_export_frame(associations: Iterable[Association]) -> pl.DataFrame:
    """The rows of :func:`association_list` as the XLSX sheet."""
    rows = [
        {
            "Учебный год": a.school_year.name,
            "Уровень": a.get_level_display(),
            "Название": a.name,
            "Предмет": a.subject,
            "Код ОО": a.organization.code if a.organization else "",
            "Организация": a.organization.display_name if a.organization else "отдел образования",
            "Руководитель (код)": a.leader_shown,
            "Участников": a.members_n,
            "Мероприятий в плане": a.plan_n,
            "Проведено": a.done_n,
        }
        for a in associations
    ]
    return pl.DataFrame(rows, schema=ASSOCIATION_COLUMNS)


def association_subjects(*, viewer: Any) -> list[str]:
    return sorted(set(Association.objects.visible_to(viewer).values_list("subject", flat=True)))


def association_counts_by_year(*, viewer: Any = None) -> list[dict[str, Any]]:
    """Per school year: РМО, ШМО and all associations. ``viewer=None``: the whole municipality
    (the demo loader, the direction page's totals), otherwise what the viewer may see."""
    qs = Association.objects.all() if viewer is None else Association.objects.visible_to(viewer)
    rows = (
        qs.values("school_year__name", "school_year__start_year")
        .annotate(
            municipal=Count("pk", filter=Q(level=Level.MUNICIPAL)),
            school=Count("pk", filter=Q(level=Level.SCHOOL)),
            total=Count("pk"),
        )
        .order_by("-school_year__start_year")
    )
    return [
        {
            "school_year": r["school_year__name"],
            "municipal": r["municipal"],
            "school": r["school"],
            "total": r["total"],
        }
        for r in rows
    ]


# --- Practices -------------------------------------------------------------------------------


def practice_list(
    *,
    viewer: Any,
    school_year_id: int | None = None,
    subject: str = "",
    organization_id: int | None = None,
    status: str = "",
) -> QuerySet[Practice]:
    qs = Practice.objects.visible_to(viewer)
    if school_year_id is not None:
        qs = qs.filter(school_year_id=school_year_id)
    if subject:
        qs = qs.filter(subject=subject)
    if organization_id is not None:
        qs = qs.filter(organization_id=organization_id)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("school_year", "organization", "author", "reviewed_by")


def practice_for(*, viewer: Any, pk: int) -> Practice | None:
    return (
        Practice.objects.visible_to(viewer)
        .select_related("school_year", "organization", "author", "reviewed_by", "created_by")
        .filter(pk=pk)
        .first()
    )


def practice_editable(*, user: Any, practice: Practice) -> bool:
    return Practice.objects.editable_by(user).filter(pk=practice.pk).exists()


def practices_summary(practices: Iterable[Practice]) -> dict[str, int]:
    rows = list(practices)
    return {
        "total": len(rows),
        "pending": sum(p.status == PracticeStatus.PENDING for p in rows),
        "approved": sum(p.status == PracticeStatus.APPROVED for p in rows),
        "rejected": sum(p.status == PracticeStatus.REJECTED for p in rows),
    }


PRACTICE_COLUMNS = {
    "Учебный год": pl.String,
    "Название": pl.String,
    "Код автора": pl.String,
    "Автор в реестре": pl.String,
    "Код ОО": pl.String,
    "Организация": pl.String,
    "Предмет": pl.String,
    "Тема": pl.String,
    "Направление": pl.Int64,
    "Статус": pl.String,
    "Кто рассмотрел": pl.String,
    "Когда рассмотрена": pl.String,
    "Файл": pl.String,
    "Ссылка": pl.String,
}


def practices_export_frame(practices: Iterable[Practice]) -> pl.DataFrame:
    rows = [
        {
            "Учебный год": p.school_year.name,
            "Название": p.title,
            "Код автора": p.author_code,
            "Автор в реестре": "да" if p.author_id else "нет",
            "Код ОО": p.organization.code if p.organization else "",
            "Организация": p.organization.display_name if p.organization else "муниципальная практика",
            "Предмет": p.subject,
            "Тема": p.theme,
            "Направление": p.direction,
            "Статус": p.get_status_display(),
            "Кто рассмотрел": p.reviewed_by.username if p.reviewed_by else "",
            "Когда рассмотрена": p.reviewed_at.strftime("%d.%m.%Y") if p.reviewed_at else "",
            "Файл": p.file_name,
            "Ссылка": p.link,
        }
        for p in practices
    ]
    return pl.DataFrame(rows, schema=PRACTICE_COLUMNS)


def practice_subjects(*, viewer: Any) -> list[str]:
    subjects = Practice.objects.visible_to(viewer).exclude(subject="").values_list("subject", flat=True)
    return sorted(set(subjects))


def practice_counts_by_year(*, viewer: Any = None) -> list[dict[str, Any]]:
    """Per school year: practices on review, approved, rejected and all (``viewer`` as above)."""
    qs = Practice.objects.all() if viewer is None else Practice.objects.visible_to(viewer)
    rows = (
        qs.values("school_year__name", "school_year__start_year")
        .annotate(
            pending=Count("pk", filter=Q(status=PracticeStatus.PENDING)),
            approved=Count("pk", filter=Q(status=PracticeStatus.APPROVED)),
            rejected=Count("pk", filter=Q(status=PracticeStatus.REJECTED)),
            total=Count("pk"),
        )
        .order_by("-school_year__start_year")
    )
    return [
        {
            "school_year": r["school_year__name"],
            "pending": r["pending"],
            "approved": r["approved"],
            "rejected": r["rejected"],
            "total": r["total"],
        }
        for r in rows
    ]


# --- Shared ----------------------------------------------------------------------------------


def newest_year(model: type[Association] | type[Practice], *, viewer: Any) -> SchoolYear | None:
    """The newest school year with rows the viewer sees: the lists open on it."""
    ids = model.objects.visible_to(viewer).values("school_year_id")
    return SchoolYear.objects.filter(pk__in=ids).order_by("-start_year").first()


def teachers_by_code(*, viewer: Any, codes: Iterable[str], school_year: SchoolYear) -> dict[str, Teacher]:
    """The year's registry teachers of these codes that the viewer may see (a school: its own)."""
    teachers = Teacher.objects.visible_to(viewer).filter(school_year=school_year, code__in=set(codes))
    return {t.code: t for t in teachers.select_related("organization", "school_year")}

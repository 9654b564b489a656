"""Reads of road maps: pages go through ``visible_to`` (the one choke point), exports read all."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl
from django.db.models import QuerySet

from msoko.roadmaps.models import Activity, RoadMap, Status
from msoko.roadmaps.parsing import next_due
from msoko.roadmaps.parsing.status import OVERDUE

EXPORT_COLUMNS = (
    "Дорожная карта",
    "Раздел",
    "№",
    "Мероприятие",
    "Срок",
    "Ответственные",
    "Ожидаемый результат",
    "Статус",
)
UPCOMING_DAYS = 30


def roadmaps_list(user: Any) -> QuerySet[RoadMap]:
    return (
        RoadMap.objects.visible_to(user)
        .select_related("organization")
        .order_by("organization__code", "title", "pk")
    )


def roadmap_activities(roadmap: RoadMap, *, user: Any) -> QuerySet[Activity]:
    return (
        Activity.objects.visible_to(user)
        .filter(roadmap=roadmap)
        .select_related("section", "target_year")
        .order_by("position")
    )


def visible_activity(pk: int, *, user: Any) -> Activity | None:
    return Activity.objects.visible_to(user).select_related("roadmap", "section").filter(pk=pk).first()


@dataclass
class Dashboard:
    overdue: list[Activity]
    upcoming: list[tuple[dt.date, Activity]]
    counts: dict[str, int]


def dashboard(user: Any, *, today: dt.date, days: int = UPCOMING_DAYS) -> Dashboard:
    """Overdue activities (by deadline) and those due within ``days`` (next due day first)."""
    activities = (
        Activity.objects.visible_to(user)
        .exclude(status=Status.DONE)
        .select_related("roadmap", "roadmap__organization", "section")
        .order_by("roadmap", "position")
    )
    horizon = today + dt.timedelta(days=days)
    overdue, upcoming = [], []
    counts = dict.fromkeys([*Status.values, OVERDUE], 0)
    for activity in activities:
        status = activity.effective_status(today)
        counts[status] += 1
        if status == OVERDUE:
            overdue.append(activity)
            continue
        due = next_due(activity.parsed_period, today=today)
        if due is not None and due <= horizon:
            upcoming.append((due, activity))
    counts[Status.DONE] = Activity.objects.visible_to(user).filter(status=Status.DONE).count()
    overdue.sort(key=lambda a: (a.deadline, a.roadmap_id, a.position))
    upcoming.sort(key=lambda pair: (pair[0], pair[1].roadmap_id, pair[1].position))
    return Dashboard(overdue=overdue, upcoming=upcoming, counts=counts)


def roadmap_export_frame(*, today: dt.date, user: Any = None) -> pl.DataFrame:
    """Every activity of every road map (or of those ``user`` sees), one row each, in the
    columns of spec/cli.md: Дорожная карта; Раздел; №; Мероприятие; Срок; Ответственные;
    Ожидаемый результат; Статус."""
    activities = Activity.objects.all() if user is None else Activity.objects.visible_to(user)
    rows = [
        (
            a.roadmap.title,
            a.section.title,
            a.number,
            a.text,
            a.period,
            a.responsible,
            a.result,
            a.status_title(today),
        )
        for a in activities.select_related("roadmap", "section").order_by(
            "roadmap__organization__code", "roadmap__title", "roadmap_id", "position"
        )
    ]
    return pl.DataFrame(rows, schema=dict.fromkeys(EXPORT_COLUMNS, pl.String), orient="row")

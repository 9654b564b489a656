"""«Дорожные карты»: every road map the viewer sees, its progress (done, in progress, planned,
overdue), the overdue activities named in the text, and its sections with every activity
(deadline, responsible, expected result, status) as the road maps export has them.

The rows are ``roadmap_export_frame`` (`msoko export roadmap`); «просрочено» follows from the
deadline and the day the document is built (docs/methodology.md#roadmaps).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import polars as pl
from django.db.models import Max
from django.utils import timezone

from msoko.analytics.wording import counted
from msoko.core.models import SchoolYear
from msoko.documents.common import new_document
from msoko.registry.selectors import organization_for
from msoko.reports import Column, Table
from msoko.reports.documents import Bullets, Document, Heading, Paragraph, TableBlock, table_block
from msoko.reports.documents.model import Block
from msoko.roadmaps.models import Activity
from msoko.roadmaps.parsing.status import DONE, IN_PROGRESS, OVERDUE, PLANNED, STATUS_TITLES
from msoko.roadmaps.selectors import roadmap_export_frame
from msoko.roadmaps.services import today as current_day

ROADMAP, SECTION, NUMBER, TEXT, PERIOD, RESPONSIBLE, RESULT, STATUS = (
    "Дорожная карта",
    "Раздел",
    "№",
    "Мероприятие",
    "Срок",
    "Ответственные",
    "Ожидаемый результат",
    "Статус",
)
#: the progress columns: (key, header, status title counted)
PROGRESS = (
    ("done", "Выполнено", STATUS_TITLES[DONE]),
    ("in_progress", "В работе", STATUS_TITLES[IN_PROGRESS]),
    ("planned", "Запланировано", STATUS_TITLES[PLANNED]),
    ("overdue", "Просрочено", STATUS_TITLES[OVERDUE]),
)
ACTIVITY_COLUMNS = [
    Column("number", "№"),
    Column("text", "Мероприятие"),
    Column("period", "Срок"),
    Column("responsible", "Ответственные"),
    Column("result", "Ожидаемый результат"),
    Column("status", "Статус"),
]
ACTIVITY_WIDTHS = (0.6, 2.8, 1.4, 1.9, 2.2, 1.9)
STATUS_NOTE = (
    "Статус «просрочено» не ставится вручную: мероприятие не выполнено, а его срок прошёл. "
    "Сроки «постоянно», «по мере необходимости», «в соответствии с графиком» не просрочиваются."
)


@dataclass(frozen=True)
class SchoolView:
    """What one school sees, for the department's document about that school."""

    organization_id: int | None
    is_authenticated: bool = True
    is_active: bool = True
    sees_all_organizations: bool = False


def build(*, year: SchoolYear | None, org_code: str | None, viewer: Any) -> Document:
    """``year`` is not used: a road map spans years; ``org_code`` keeps what that school sees (its
    own road maps and the municipal activities that name it)."""
    today = current_day()
    scoped = scoped_viewer(org_code=org_code, viewer=viewer)
    frame = roadmap_export_frame(today=today, user=scoped)
    whom = f"организация {org_code}" if org_code else "все дорожные карты"
    document = new_document(
        title="Дорожные карты",
        subtitle=f"исполнение мероприятий на {today:%d.%m.%Y}; {whom}",
        years=[],
    )
    changed = Activity.objects.visible_to(scoped).aggregate(at=Max("updated_at"))["at"]
    if changed is not None:
        document.dated = timezone.localtime(changed)
        document.data_version = f"мероприятия изменены {document.dated:%d.%m.%Y %H:%M}"
    else:
        document.data_version = "мероприятий нет"
    if frame.is_empty():
        document.contents = False
        document.add(
            Paragraph("Дорожных карт нет: планы мероприятий загружаются на странице «Дорожные карты».")
        )
        return document
    progress = progress_frame(frame)
    document.add(
        Heading("Сводка исполнения"),
        Paragraph(_totals_sentence(progress)),
        progress_table(progress),
    )
    for roadmap in frame.partition_by(ROADMAP, maintain_order=True):
        document.add(*_roadmap_blocks(roadmap))
    return document


def scoped_viewer(*, org_code: str | None, viewer: Any) -> Any:
    """``viewer``, or — when it sees every organisation and asks for one — that school's view, so
    the same access rule (``Activity.objects.visible_to``) picks its road maps."""
    if not org_code or not viewer.sees_all_organizations:
        return viewer
    organization = organization_for(viewer=viewer, code=org_code)
    return SchoolView(organization_id=organization.pk if organization else None)


def progress_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """One row per road map, in the export's order: title, activities and one count per status."""
    return frame.group_by(ROADMAP, maintain_order=True).agg(
        pl.len().alias("activities"),
        *(pl.col(STATUS).eq(title).sum().alias(key) for key, _, title in PROGRESS),
    )


def progress_table(progress: pl.DataFrame) -> TableBlock:
    table = Table(
        "progress",
        "Исполнение дорожных карт",
        [
            Column(ROADMAP, "Дорожная карта"),
            Column("activities", "Всего", "int"),
            *(Column(key, header, "int") for key, header, _ in PROGRESS),
        ],
        progress,
        note=STATUS_NOTE,
    )
    return replace(table_block(table), widths=(3.0, 1.1, 1.5, 1.3, 2.0, 1.6))


def _totals_sentence(progress: pl.DataFrame) -> str:
    total = int(progress["activities"].sum())
    parts = ", ".join(f"{header.lower()} — {int(progress[key].sum())}" for key, header, _ in PROGRESS)
    maps = counted(progress.height, "дорожная карта", "дорожные карты", "дорожных карт")
    return f"{maps.capitalize()}, {_activities(total)}: {parts}."


def _activities(count: int) -> str:
    return counted(count, "мероприятие", "мероприятия", "мероприятий")


def _roadmap_blocks(roadmap: pl.DataFrame) -> list[Block]:
    title = roadmap[ROADMAP][0]
    counts = {key: roadmap.filter(pl.col(STATUS) == status).height for key, _, status in PROGRESS}
    parts = ", ".join(f"{header.lower()} — {counts[key]}" for key, header, _ in PROGRESS)
    blocks: list[Block] = [
        Heading(title),
        Paragraph(
            f"{counted(roadmap.height, 'мероприятие', 'мероприятия', 'мероприятий').capitalize()}: {parts}."
        ),
    ]
    overdue = roadmap.filter(pl.col(STATUS) == STATUS_TITLES[OVERDUE])
    if not overdue.is_empty():
        blocks += [
            Paragraph(f"Просрочено {_activities(overdue.height)}:", "lead"),
            Bullets(tuple(_overdue_text(row) for row in overdue.iter_rows(named=True))),
        ]
    for section in roadmap.partition_by(SECTION, maintain_order=True):
        name = section[SECTION][0]
        if name:
            blocks.append(Heading(name, 2))
        blocks.append(_activities_table(section, name or title))
    return blocks


def _overdue_text(row: dict) -> str:
    number = f"{row[NUMBER]} " if row[NUMBER] else ""
    period = f"срок — «{row[PERIOD]}»" if row[PERIOD] else "срок не указан"
    responsible = f", ответственные: {row[RESPONSIBLE]}" if row[RESPONSIBLE] else ""
    return f"{number}{row[TEXT]} ({period}{responsible}) — ПРОСРОЧЕНО."


def _activities_table(section: pl.DataFrame, title: str) -> TableBlock:
    frame = section.select(
        pl.col(NUMBER).alias("number"),
        pl.col(TEXT).alias("text"),
        pl.col(PERIOD).alias("period"),
        pl.col(RESPONSIBLE).alias("responsible"),
        pl.col(RESULT).alias("result"),
        pl.col(STATUS).alias("status"),
    )
    return replace(table_block(Table("activities", title, ACTIVITY_COLUMNS, frame)), widths=ACTIVITY_WIDTHS)

"""The annual report's management-cycle sections: findings by direction, recommendations by
state, measures with their measured effect (cycle/effect.py), road-map progress."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from msoko.analytics.wording import counted, format_number
from msoko.core.models import SchoolYear
from msoko.cycle.effect import measure_effects, verdict_counts
from msoko.cycle.models import OVERDUE, STATE_TITLES, Source, Status
from msoko.cycle.selectors import finding_list, measure_list, recommendation_list, state_counts
from msoko.directions.catalogue import DIRECTIONS, Direction
from msoko.directions.registry import flag_kinds
from msoko.documents.risk_lists import risk_frame
from msoko.documents.roadmap import progress_frame, progress_table
from msoko.flags.models import FlagKind
from msoko.reports import Column, Table
from msoko.reports.documents import Paragraph, TableBlock, table_block
from msoko.reports.documents.model import Block
from msoko.roadmaps.selectors import roadmap_export_frame
from msoko.roadmaps.services import today as current_day

ORGANISATIONS = ("организация", "организации", "организаций")
SOURCES = (
    ("flags", Source.FLAG, "По флагам"),
    ("targets", Source.INDICATOR, "Цель не достигнута"),
    ("deficits", Source.DEFICIT, "Дефициты умений"),
)


# --- The management cycle ----------------------------------------------------------------


class CycleSummary:
    """The year's flags, findings and recommendations, read once and counted per direction."""

    def __init__(self, *, year: SchoolYear, viewer: Any) -> None:
        self.year = year
        self.today = current_day()
        flags = risk_frame(year=year, viewer=viewer)
        self.flags = dict(flags.group_by("kind").agg(pl.len()).iter_rows())
        self.findings = pl.DataFrame(
            list(
                finding_list(viewer=viewer, school_year=year).values_list("direction", "source", "closed_on")
            ),
            schema={"direction": pl.Int64, "source": pl.String, "closed_on": pl.Date},
            orient="row",
        )
        self.recommendations = list(recommendation_list(viewer=viewer, school_year=year, today=self.today))

    def direction_sentence(self, direction: Direction) -> str:
        kinds = [kind for kind, owner in flag_kinds().items() if owner.number == direction.number]
        titles = dict(FlagKind.choices)
        flags = [
            f"{titles.get(kind, kind)} — {counted(self.flags[kind], *ORGANISATIONS)}"
            for kind in kinds
            if self.flags.get(kind)
        ]
        findings = self.findings.filter(pl.col("direction") == direction.number)
        recommendations = sum(r.direction == direction.number for r in self.recommendations)
        parts = []
        if kinds:
            parts.append("Флаги года: " + "; ".join(flags) if flags else "Флагов за учебный год нет")
        if findings.height:
            open_ = findings.filter(pl.col("closed_on").is_null()).height
            parts.append(
                f"выводов управленческого цикла — {findings.height} (действуют {open_}, сняты "
                f"{findings.height - open_}), адресных рекомендаций — {recommendations}"
            )
        else:
            parts.append("выводов управленческого цикла за учебный год нет")
        return " ".join(part[:1].upper() + part[1:] + "." for part in parts)

    def findings_blocks(self) -> list[Block]:
        if self.findings.is_empty():
            return [Paragraph(f"Выводов управленческого цикла за {self.year.name} учебный год нет.")]
        names = pl.DataFrame(
            {
                "direction": [d.number for d in DIRECTIONS],
                "title": [f"{d.number}. {d.short_title}" for d in DIRECTIONS],
            }
        )
        counts = self.findings.group_by("direction").agg(
            pl.len().alias("total"),
            pl.col("closed_on").is_null().sum().alias("open"),
            pl.col("closed_on").is_not_null().sum().alias("closed"),
            *(pl.col("source").eq(source.value).sum().alias(key) for key, source, _ in SOURCES),
        )
        frame = names.join(counts, on="direction", how="inner").sort("direction")
        table = Table(
            "findings",
            f"Выводы {self.year.name} учебного года по направлениям",
            [
                Column("title", "Направление"),
                Column("total", "Выводов", "int"),
                Column("open", "Действуют", "int"),
                Column("closed", "Сняты", "int"),
                *(Column(key, title, "int") for key, _, title in SOURCES),
            ],
            frame,
            note="Вывод — флаг организации, недостигнутая цель показателя или дефицит умения; "
            "снят, когда пересчёт его больше не подтверждает.",
        )
        total, open_ = self.findings.height, int(frame["open"].sum())
        text = (
            f"За {self.year.name} учебный год в управленческом цикле "
            f"{counted(total, 'вывод', 'вывода', 'выводов')}: действуют {open_}, сняты {total - open_}."
        )
        return [Paragraph(text), replace(table_block(table), widths=(2.6, *(1.2,) * 6))]

    def recommendations_blocks(self) -> list[Block]:
        if not self.recommendations:
            return [Paragraph(f"Адресных рекомендаций за {self.year.name} учебный год нет.")]
        states = state_counts(self.recommendations, today=self.today)
        frame = pl.DataFrame(
            [(STATE_TITLES[state].capitalize(), n) for state, n in states.items()],
            schema={"state": pl.String, "count": pl.Int64},
            orient="row",
        )
        table = Table(
            "recommendations",
            f"Адресные рекомендации {self.year.name} учебного года по состоянию",
            [Column("state", "Состояние"), Column("count", "Рекомендаций", "int")],
            frame,
            note="Просрочена — направлена или принята к сведению, а срок исполнения прошёл "
            f"(на {self.today:%d.%m.%Y}).",
        )
        total = len(self.recommendations)
        text = (
            f"Адресных рекомендаций за учебный год — {format_number(total)}: исполнено "
            f"{states[Status.DONE]}, просрочено {states[OVERDUE]}, черновиков {states[Status.DRAFT]}."
        )
        return [Paragraph(text), table_block(table)]


def measures_blocks(year: SchoolYear, viewer: Any) -> list[Block]:
    measures = list(measure_list(viewer=viewer, year=year).order_by("starts_on", "pk"))
    if not measures:
        return [Paragraph(f"Мер и управленческих решений, действовавших в {year.name} учебном году, нет.")]
    rows, effects = [], []
    for measure in measures:
        found = measure_effects(measure, chart=False)
        effects += found
        title = measure.title + (f" ({measure.order_title})" if measure.order_title else "")
        period = f"{measure.starts_on:%d.%m.%Y}–{measure.ends_on:%d.%m.%Y}"
        targets = len(measure.organizations.all())
        rows += [
            {
                "measure": title,
                "period": period,
                "targets": targets,
                "indicator": effect.indicator.title if effect and effect.indicator else "—",
                "verdict": (effect.verdict or "не оценена") if effect else "нет целевых показателей",
                "reason": (effect.effect.reason if effect.effect else effect.note) if effect else "",
            }
            for effect in found or [None]
        ]
    frame = pl.DataFrame(
        rows,
        schema={
            "measure": pl.String,
            "period": pl.String,
            "targets": pl.Int64,
            "indicator": pl.String,
            "verdict": pl.String,
            "reason": pl.String,
        },
    )
    table = Table(
        "measures",
        f"Меры {year.name} учебного года и их эффективность",
        [
            Column("measure", "Мера"),
            Column("period", "Период"),
            Column("targets", "Целевых ОО", "int"),
            Column("indicator", "Показатель"),
            Column("verdict", "Оценка"),
            Column("reason", "Обоснование"),
        ],
        frame,
        note="Эффективность — разность изменений показателя у целевых организаций и у сопоставимых "
        "организаций того же типа (разность разностей, бутстреп-интервал).",
    )
    verdicts = verdict_counts(effects)
    judged = ", ".join(f"«{v}» — {n}" for v, n in sorted(verdicts.items()))
    text = f"В {year.name} учебном году действовало {counted(len(measures), 'мера', 'меры', 'мер')}; " + (
        f"оценки эффекта по целевым показателям: {judged}." if judged else "эффект ещё не оценён."
    )
    return [Paragraph(text), replace(table_block(table), widths=(2.4, 1.4, 1.0, 2.0, 1.3, 3.0))]


def roadmaps_blocks(viewer: Any) -> list[Block]:
    today = current_day()
    frame = roadmap_export_frame(today=today, user=viewer)
    if frame.is_empty():
        return [Paragraph("Дорожные карты не загружены.")]
    progress = progress_frame(frame)
    table: TableBlock = progress_table(progress)
    overdue = int(progress["overdue"].sum())
    text = (
        f"Исполнение дорожных карт на {today:%d.%m.%Y}: "
        f"{counted(frame.height, 'мероприятие', 'мероприятия', 'мероприятий')}, выполнено "
        f"{int(progress['done'].sum())}, просрочено {overdue}."
    )
    return [Paragraph(text), table]

"""The reports of a page as titled tables and chart specs, in the ФИС ОКО order.

Turns the frames of ``frames.py`` into the sections the templates and the XLSX downloads
show; the sections comparing schools or classes live in ``ranking.py``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import altair as alt
import polars as pl
from django.urls import reverse

from msoko.analytics import samples
from msoko.analytics import tasks as T
from msoko.analytics.achievement import score_distribution as score_counts
from msoko.analytics.columns import C
from msoko.directions.achievement.deficits import task_thresholds
from msoko.directions.achievement.frames import (
    KEYS,
    NAME,
    NOTE,
    ORDER,
    UNIT,
    class_matrix_frame,
    mark_groups_frame,
    skills_frame,
)
from msoko.directions.achievement.page import Level, Section
from msoko.directions.achievement.ranking import classes_section, schools_section
from msoko.directions.achievement.selectors import ProcedureData
from msoko.reports import Column, Table, charts

HEATMAP_MAX_ROWS = 60  # rows of the school × task heat map; beyond it the weakest are shown
STATUS_TEXT = charts.STATUS_LABELS
#: the entered reference levels, in the order ФИС ОКО prints them above the municipality
REFERENCE_TITLES = {"russia": "Россия", "region": "Регион"}
_SAMPLE_NOTE = (
    "При числе участников меньше 20 распределение ограниченно информативно, меньше 10 — "
    "не интерпретируется (ФИОКО 2026, с. 13, 24)."
)


@dataclass
class Builder:
    """Turns the frames into the titled tables and charts of a page, in the ФИС ОКО order."""

    data: ProcedureData
    level: Level
    units: pl.DataFrame
    lines: pl.DataFrame
    statuses: pl.DataFrame

    def sections(self, *, focus_unit: str, compare: list[str]) -> list[Section]:
        # the heat map's rows: the schools of the municipality, the classes of a school
        breakdown = {"procedure": 1, "school": 2, "class": None}[self.level]
        out = [
            self.marks(compare),
            self.journal(),
            self.scores(compare),
            self.tasks(compare, focus_unit, breakdown),
            self.skills(focus_unit),
            self.mark_groups(focus_unit),
        ]
        if self.level == "procedure":
            out.append(schools_section(self.lines, self.data))
        elif self.level == "school":
            out.append(classes_section(self.lines))
        else:
            out.insert(0, self.matrix())
        return out

    # «Статистика по отметкам»
    def marks(self, compare: list[str]) -> Section:
        columns = [
            Column(NAME, self._unit_title(), "text"),
            Column("participants", "Участников", "int"),
            *(Column(f"p{m}", f"«{m}», %", "pct") for m in (2, 3, 4, 5)),
            Column("success_rate", "Успеваемость, %", "pct"),
            Column("quality_rate", "Качество, %", "pct"),
            Column(NOTE, "Объём выборки", "note"),
        ]
        reference = reference_marks(self.data.reference)
        chart_lines = pl.concat(
            [
                reference.select(NAME, "p2", "p3", "p4", "p5"),
                self.lines.filter(pl.col(UNIT).is_in(compare) & pl.col("p2").is_not_null()).select(
                    NAME, "p2", "p3", "p4", "p5"
                ),
            ]
        )
        specs = (
            [charts.mark_distribution_chart(chart_lines.rename({NAME: charts.GROUP}))]
            if chart_lines.height > reference.height
            else []
        )
        rows = pl.concat([reference, self.lines], how="diagonal_relaxed")
        table = Table("marks", "Статистика по отметкам", columns, rows)
        note = " ".join([_SAMPLE_NOTE, *reference_notes(self.data.reference)])
        return Section("marks", "Статистика по отметкам", [table], specs, note)

    # «Сравнение отметок с отметками по журналу»
    def journal(self) -> Section:
        columns = [
            Column(NAME, self._unit_title()),
            Column("with_journal", "Участников с отметкой по журналу", "int"),
            Column("lowered", "Понизили, чел.", "int"),
            Column("marks_lowered", "Понизили, %", "pct"),
            Column("confirmed", "Подтвердили, чел.", "int"),
            Column("marks_confirmed", "Подтвердили, %", "pct"),
            Column("raised", "Повысили, чел.", "int"),
            Column("marks_raised", "Повысили, %", "pct"),
        ]
        note = (
            "Понизили — отметка за работу ниже отметки по журналу, подтвердили — равна ей, "
            "повысили — выше. Проценты — от участников, у которых есть отметка по журналу."
        )
        table = Table("journal", "Сравнение отметок с отметками по журналу", columns, self.lines)
        return Section("journal", table.title, [table], [], note)

    # «Распределение первичных баллов»
    def scores(self, compare: list[str]) -> Section:
        counts = score_counts(
            self.units.filter(pl.col(UNIT).is_in(compare)), by=KEYS, max_score=self.data.max_score
        )
        names = counts.select(ORDER, UNIT, NAME).unique().sort(ORDER, UNIT)
        wide = counts.pivot(on=UNIT, index="score", values="percent", sort_columns=False)
        columns = [Column("score", "Первичный балл", "int")]
        columns += [Column(u, f"{n}, %", "pct") for u, n in names.select(UNIT, NAME).iter_rows()]
        mark = pl.lit(2)
        for m, cut in sorted(self.data.cuts.items()):
            mark = pl.when(pl.col("score") >= cut).then(pl.lit(m)).otherwise(mark)
        wide = wide.with_columns(mark.alias(C.MARK)).sort("score")
        columns.insert(1, Column(C.MARK, "Отметка", "int"))
        spec = charts.score_distribution_chart(counts.rename({NAME: charts.GROUP}), cuts=self.data.cuts)
        cuts = "; ".join(f"«{m}» — от {cut}" for m, cut in sorted(self.data.cuts.items()))
        note = (
            f"Шкала перевода: {cuts}. Пики на границах перехода отметок — возможный маркер "
            "необъективности, требующий дополнительного анализа, но не доказательство "
            "(ФИОКО 2026, с. 13, 15)."
        )
        table = Table("scores", "Распределение первичных баллов", columns, wide, extra={"narrow": True})
        return Section("scores", table.title, [table], [spec] if counts.height else [], note)

    # «Выполнение заданий»
    def tasks(self, compare: list[str], focus_unit: str, breakdown: int | None) -> Section:
        names = dict(self.lines.select(UNIT, NAME).iter_rows())
        wide = self.data.tasks.join(
            self.statuses.filter(pl.col(UNIT).is_in(compare)).pivot(
                on=UNIT, index=C.TASK, values=T.COMPLETION
            ),
            on=C.TASK,
            how="left",
        ).join(
            self.statuses.filter(pl.col(UNIT) == focus_unit).select(
                C.TASK, _status_text(pl.col(T.STATUS)).alias("status_text")
            ),
            on=C.TASK,
            how="left",
        )
        reference = reference_tasks(self.data.reference)
        wide = wide.join(reference, on=C.TASK, how="left")
        columns = [
            Column(C.TASK, "Задание", "code"),
            Column(C.LEVEL, "Уровень"),
            Column(C.TASK_MAX, "Макс. балл", "int"),
            Column(T.SKILL, "Проверяемые требования (умения)"),
            *(
                Column(scope, f"{title}, %", "pct")
                for scope, title in REFERENCE_TITLES.items()
                if scope in wide.columns
            ),
            *(Column(u, f"{names.get(u, u)}, %", "pct") for u in compare if u in wide.columns),
            Column("status_text", f"Статус ({names.get(focus_unit, focus_unit)})", "status"),
        ]
        tasks = Table("tasks", "Выполнение заданий", columns, wide.sort(T.POSITION))
        # pooled over points as `level_completion` does, from the per-task sums already at hand
        levels = (
            self.statuses.with_columns(
                pl.when(pl.col(C.LEVEL) == T.BASIC)
                .then(pl.lit(T.BASIC))
                .otherwise(pl.lit(T.ADVANCED_GROUP))
                .alias(C.LEVEL)
            )
            .group_by([*KEYS, C.LEVEL])
            .agg(
                (pl.col(T.SCORE_SUM).sum() * 100 / (pl.col(T.PARTICIPANTS) * pl.col(C.TASK_MAX)).sum()).alias(
                    T.COMPLETION
                )
            )
        )
        level_wide = (
            self.lines.select(KEYS)
            # sorted: the pivot's columns come in the order the levels first appear («Б» first)
            .join(
                levels.sort(C.LEVEL).pivot(on=C.LEVEL, index=KEYS, values=T.COMPLETION), on=KEYS, how="inner"
            )
            .sort(ORDER, UNIT)
        )
        level_columns = [Column(NAME, self._unit_title())] + [
            Column(level, title, "pct")
            for level, title in (
                (T.BASIC, "Базовый уровень, %"),
                (T.ADVANCED_GROUP, "Повышенный и высокий, %"),
            )
            if level in level_wide.columns
        ]
        by_level = Table(
            "levels",
            "Выполнение заданий по уровням сложности",
            level_columns,
            level_wide,
            extra={"narrow": True},
        )
        limits = task_thresholds()
        specs: list[alt.TopLevelMixin] = [
            charts.task_completion_chart(
                self.statuses.filter(pl.col(UNIT) == focus_unit),
                mastered=(limits["basic_mastered"], limits["advanced_mastered"]),
            )
        ]
        heat_note = ""
        if breakdown is not None:
            heat = self.statuses.filter(pl.col(ORDER) == breakdown)
            units = heat.select(UNIT).n_unique()
            if units > HEATMAP_MAX_ROWS:
                # a region's thousand schools make no readable map: show those who need help most
                weakest = (
                    heat.group_by(UNIT)
                    .agg(pl.col(T.COMPLETION).mean().alias("mean"))
                    .sort("mean", UNIT)
                    .head(HEATMAP_MAX_ROWS)
                    .get_column(UNIT)
                )
                heat = heat.filter(pl.col(UNIT).is_in(weakest.implode()))
                heat_note = (
                    f" На тепловой карте — {HEATMAP_MAX_ROWS} из {units} с наименьшим средним процентом "
                    "выполнения; полная таблица — в выгрузке XLSX."
                )
            if heat.height:
                title = "Организация" if breakdown == 1 else "Класс"
                heat = heat.with_columns(_unit_links(breakdown, self.data.procedure.pk))
                specs.append(charts.completion_heatmap(heat.rename({NAME: charts.GROUP}), group_title=title))
        shown = {k: f"{v:g}".replace(".", ",") for k, v in limits.items()}
        note = (
            f"Задание базового уровня освоено при выполнении от {shown['basic_mastered']} %, не освоено — "
            f"ниже {shown['basic_not_mastered']} %; повышенного и высокого — "
            f"от {shown['advanced_mastered']} % и ниже {shown['advanced_not_mastered']} %; "
            "между ними — зона неопределённости (по умолчанию пороги ФИОКО 2026, с. 6, 17)." + heat_note
        )
        return Section("tasks", "Выполнение заданий", [tasks, by_level], specs, note)

    # «Достижение планируемых результатов»
    def skills(self, focus_unit: str) -> Section:
        frame = skills_frame(self.statuses.filter(pl.col(UNIT) == focus_unit))
        columns = [
            Column(T.SKILL, "Проверяемые требования (умения)"),
            Column("task_list", "Задания", "code"),
            Column(T.COMPLETION, "Выполнение, %", "pct"),
            Column(T.NOT_MASTERED_TASKS, "Не освоено заданий", "int"),
            Column(T.TASKS, "Всего заданий", "int"),
            Column("skill_status", "Статус", "status"),
            Column("systemic_text", "Системный дефицит"),
        ]
        note = (
            "Системный дефицит — не освоено больше половины заданий, проверяющих умение (ФИОКО 2026, с. 19)."
        )
        table = Table("skills", "Достижение планируемых результатов", columns, frame)
        return Section("skills", table.title, [table], [], note)

    # «Выполнение заданий группами участников»
    def mark_groups(self, focus_unit: str) -> Section:
        wide, sizes = mark_groups_frame(self.units, self.data, unit=focus_unit)
        n = dict(sizes.iter_rows())
        columns = [Column(C.TASK, "Задание", "code"), Column(C.LEVEL, "Уровень")]
        columns += [Column(f"c{m}", f"Группа «{m}» (N = {n.get(m, 0)}), %", "pct") for m in (2, 3, 4, 5)]
        small = [
            f"«{m}» (N = {n.get(m, 0)})"
            for m in (2, 3, 4, 5)
            if 0 < n.get(m, 0) < samples.NOT_INTERPRETABLE_BELOW
        ]
        note = "Анализ по группе информативен только при N ≥ 10 (ФИОКО 2026, с. 24)."
        if small:
            note += " Не интерпретируются группы: " + ", ".join(small) + "."
        table = Table("groups", "Выполнение заданий группами участников", columns, wide)
        return Section("groups", table.title, [table], [], note)

    def matrix(self) -> Section:
        frame = class_matrix_frame(self.units, self.data)
        labels = self.data.tasks[C.TASK].to_list()
        columns = [
            Column(C.PARTICIPANT, "Код участника", "code"),
            *(Column(f"t_{label}", label, "cell") for label in labels),
            Column(C.TOTAL, "Сумма баллов", "int"),
            Column(C.MARK, "Отметка", "int"),
            Column(C.JOURNAL_MARK, "Отметка по журналу", "int"),
        ]
        if "prev_percent" in frame.columns:
            columns += [
                Column("percent", "% от максимума", "pct"),
                Column("prev_percent", "Год назад (класс ниже), %", "pct"),
            ]
        note = "Цвет ячейки — доля максимального балла задания; «X» — не приступал, «н/п» — тема не пройдена."
        table = Table("matrix", "Индивидуальные результаты", columns, frame)
        return Section("matrix", table.title, [table], [], note)

    def _unit_title(self) -> str:
        return {
            "procedure": "Муниципалитет / ОО",
            "school": "Муниципалитет / ОО / класс",
            "class": "Уровень",
        }[self.level]


def reference_marks(reference: pl.DataFrame) -> pl.DataFrame:
    """The lines «Россия» and «Регион» of «Статистика по отметкам» from the entered mark shares.

    Success = 100 − «2», quality = «4» + «5» (the shares are of all participants, as in ФИС ОКО);
    null when a share needed for them was not entered.
    """
    marks = reference.filter(pl.col("metric").is_in(["p2", "p3", "p4", "p5"]))
    if marks.is_empty():
        rates = ("p2", "p3", "p4", "p5", "success_rate", "quality_rate")
        return pl.DataFrame(
            schema={ORDER: pl.Int64, UNIT: pl.String, NAME: pl.String, "participants": pl.Int64}
            | dict.fromkeys(rates, pl.Float64)
        )
    counts = reference.filter(pl.col("metric") == "results.participants").select(
        "scope", pl.col("value").cast(pl.Int64).alias("participants")
    )
    wide = marks.pivot(on="metric", index="scope", values="value").join(counts, on="scope", how="left")
    for metric in ("p2", "p3", "p4", "p5"):
        if metric not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(metric))
    order = {scope: i - len(REFERENCE_TITLES) for i, scope in enumerate(REFERENCE_TITLES)}
    return wide.select(
        pl.col("scope").replace_strict(order, return_dtype=pl.Int64).alias(ORDER),
        pl.col("scope").alias(UNIT),
        pl.col("scope").replace_strict(REFERENCE_TITLES, return_dtype=pl.String).alias(NAME),
        "participants",
        "p2",
        "p3",
        "p4",
        "p5",
        (100 - pl.col("p2")).alias("success_rate"),
        (pl.col("p4") + pl.col("p5")).alias("quality_rate"),
    ).sort(ORDER)


def reference_notes(reference: pl.DataFrame) -> list[str]:
    """Where the lines «Россия» and «Регион» come from: entered official figures or the figures
    computed over a regional export (an entered figure takes precedence)."""
    if reference.is_empty():
        return []
    origins = {
        scope: set(group.get_column("origin").to_list())
        for (scope,), group in reference.filter(~pl.col("metric").str.starts_with("results.")).group_by(
            "scope"
        )
    }
    out = []
    for scope, title in REFERENCE_TITLES.items():
        found = origins.get(scope, set())
        if found == {"file"}:
            out.append(f"Строка «{title}» рассчитана по региональной выгрузке (все верные строки файла).")
        elif found == {"entered"}:
            out.append(f"Строка «{title}» — официальные значения ФИС ОКО, введённые отделом.")
        elif found:
            out.append(
                f"Строка «{title}»: введённые отделом официальные значения ФИС ОКО, недостающие — "
                "рассчитаны по региональной выгрузке."
            )
    return out


def reference_tasks(reference: pl.DataFrame) -> pl.DataFrame:
    """Task completion of Russia and the region: one row per task label, a column per scope."""
    tasks = reference.filter(pl.col("metric").str.starts_with("task:"))
    if tasks.is_empty():
        return pl.DataFrame(schema={C.TASK: pl.String})
    return tasks.with_columns(pl.col("metric").str.strip_prefix("task:").alias(C.TASK)).pivot(
        on="scope", index=C.TASK, values="value"
    )


def _unit_links(breakdown: int, procedure_id: int) -> list[pl.Expr]:
    """The code and the page of each school (``breakdown`` 1) or class (2, unit «code/class»)."""
    if breakdown == 1:
        code = pl.col(UNIT)
        href = _page_link("achievement:school_analysis", procedure_id, [code])
    else:
        parts = pl.col(UNIT).str.split_exact("/", 1)
        code = parts.struct.field("field_0")
        href = _page_link("achievement:class_analysis", procedure_id, [code, parts.struct.field("field_1")])
    return [code.alias(charts.CODE), href.alias(charts.HREF)]


def _page_link(url_name: str, procedure_id: int, parts: list[pl.Expr]) -> pl.Expr:
    """The URL of ``url_name`` for each row: the procedure, then ``parts`` as path segments."""
    markers = [f"__PART{i}__" for i in range(len(parts))]
    pieces = re.split(r"__PART\d+__", reverse(url_name, args=[procedure_id, *markers]))
    exprs: list[pl.Expr] = [pl.lit(pieces[0])]
    for part, piece in zip(parts, pieces[1:], strict=True):
        exprs += [_in_url(part), pl.lit(piece)]
    return pl.concat_str(exprs)


def _in_url(part: pl.Expr) -> pl.Expr:
    """A path segment: «%», «/», «?», «#» and spaces escaped (Cyrillic is left to the browser)."""
    out = part.str.replace_all("%", "%25", literal=True)
    for char, code in ((" ", "%20"), ("/", "%2F"), ("?", "%3F"), ("#", "%23")):
        out = out.str.replace_all(char, code, literal=True)
    return out


def _status_text(status: pl.Expr) -> pl.Expr:
    return status.replace_strict(STATUS_TEXT, default=None, return_dtype=pl.String)

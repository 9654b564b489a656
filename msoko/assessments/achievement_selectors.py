"""The achievement analysis of one procedure: the seven ФИС ОКО reports for the municipality,
a school and a class (docs/methodology.md#results-indicators, ФИОКО 2026 §1.3 and §1.5).

One read of the results per request, ``results_frame(procedure, viewer=user)``, the one scoped
read; the organisations come from ``Organization.objects.visible_to`` and stored indicator
values from ``IndicatorValue.objects.visible_to``. Everything after that is Polars over the
frame with the pure functions of ``msoko.analytics``: no query per school or per task.

The frame is stacked once per level of the page (municipality, schools, classes), each copy
tagged with a ``unit`` key, so every report is one group-by over ``unit`` rather than one
call per school. A school user's frame holds only that school, so the municipality line
they see is the stored municipal value (``msoko compute``), not a recomputation.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import altair as alt
import polars as pl

from msoko.analytics import samples
from msoko.analytics import tasks as T
from msoko.analytics.achievement import MUNICIPALITY, mark_distribution, present, results_indicators
from msoko.analytics.achievement import score_distribution as score_counts
from msoko.analytics.columns import C
from msoko.assessments.deficits import scheme_tasks
from msoko.assessments.encoding import NOT_ATTEMPTED, NOT_TAUGHT, SEPARATOR, task_scores_long
from msoko.assessments.models import Procedure, ResultCoverage
from msoko.assessments.selectors import results_frame
from msoko.indicators.models import IndicatorValue
from msoko.registry.models import Organization
from msoko.reports import Column, Table, charts

Level = Literal["procedure", "school", "class"]
HEATMAP_MAX_ROWS = 60  # rows of the school × task heat map; beyond it the weakest are shown
ORDER, UNIT, NAME = "order", "unit", "name"  # 0 municipality, 1 school, 2 class
KEYS = [ORDER, UNIT, NAME]
MUNICIPALITY_NAME = "Муниципалитет"
NOTE = "note"
STORED_CODES = {
    "results.participants": "participants",
    "results.success_rate": "success_rate",
    "results.quality_rate": "quality_rate",
    "results.mean_percent": "mean_percent",
    "results.marks_lowered": "marks_lowered",
    "results.marks_confirmed": "marks_confirmed",
    "results.marks_raised": "marks_raised",
}
STATUS_TEXT = charts.STATUS_LABELS


class NotVisible(Exception):
    """The school or class has no results the user may see (a 404 for the pages)."""


@dataclass(frozen=True)
class ProcedureData:
    """What one request reads: the scoped results, the scheme and the stored indicator values."""

    procedure: Procedure
    results: pl.DataFrame  # results_frame + org_code, org_name
    tasks: pl.DataFrame  # scheme_tasks
    cuts: dict[int, int]  # mark → lowest primary score
    sees_all: bool
    stored: pl.DataFrame  # code, org_code, start_year, value

    @property
    def max_score(self) -> int:
        return int(self.tasks[C.TASK_MAX].sum())


@dataclass
class Section:
    anchor: str
    title: str
    tables: list[Table]
    chart_specs: list[alt.TopLevelMixin] = field(default_factory=list)
    note: str = ""

    @property
    def charts(self) -> list[str]:
        """Inline SVG, rendered only when a page (not a download) asks for it."""
        return [charts.render_svg(spec) for spec in self.chart_specs]


@dataclass
class Analysis:
    procedure: Procedure
    level: Level
    org_code: str | None
    org_name: str | None
    class_name: str | None
    summary: pl.DataFrame  # the focus unit's line of `lines_frame`
    sections: list[Section]
    sees_all: bool

    def table(self, name: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.name == name), None)

    @property
    def focus(self) -> dict[str, Any]:
        return self.summary.row(0, named=True) if self.summary.height else {}


# --- Reading --------------------------------------------------------------------------------


def procedure_data_for(*, pk: int, viewer: Any) -> ProcedureData:
    """Raises ``Procedure.DoesNotExist`` for an unknown procedure or one without a scheme."""
    procedure = Procedure.objects.select_related("school_year", "scheme").get(pk=pk, scheme__isnull=False)
    organizations = pl.DataFrame(
        list(Organization.objects.visible_to(viewer).values_list("id", "code", "short_name", "name")),
        schema={C.ORG_ID: pl.Int64, C.ORG_CODE: pl.String, "short_name": pl.String, "full_name": pl.String},
        orient="row",
    ).select(
        C.ORG_ID,
        C.ORG_CODE,
        pl.when(pl.col("short_name") != "")
        .then(pl.col("short_name"))
        .otherwise(pl.col("full_name"))
        .alias("org_name"),
    )
    results = results_frame(procedure, viewer=viewer).join(organizations, on=C.ORG_ID, how="inner")
    year = procedure.school_year.start_year
    stored = IndicatorValue.objects.visible_to(viewer).filter(
        code__in=list(STORED_CODES),
        procedure=procedure.kind,
        subject=procedure.subject,
        grade=procedure.grade,
        school_year__start_year__in=[year - 1, year],
    )
    return ProcedureData(
        procedure=procedure,
        results=results,
        tasks=scheme_tasks(procedure),
        cuts={int(mark): int(cut) for mark, cut in procedure.scheme.scale.items()},
        sees_all=bool(viewer.sees_all_organizations),
        stored=pl.DataFrame(
            list(stored.values_list("code", "org_code", "school_year__start_year", "value")),
            schema={"code": pl.String, C.ORG_CODE: pl.String, "start_year": pl.Int64, "value": pl.Float64},
            orient="row",
        ),
    )


# --- Frames ---------------------------------------------------------------------------------


def units_frame(
    data: ProcedureData, *, level: Level, org_code: str | None, class_name: str | None
) -> pl.DataFrame:
    """The results stacked once per unit of the page, tagged with `order`, `unit` and `name`.

    Procedure page: the municipality (if the user sees every school) and each school; school
    page: the municipality, the school and its classes; class page: the three lines above it.
    """
    rows = data.results
    parts = []
    if data.sees_all:
        parts.append(_tag(rows, 0, pl.lit(MUNICIPALITY), pl.lit(MUNICIPALITY_NAME)))
    if level == "procedure":
        parts.append(_tag(rows, 1, pl.col(C.ORG_CODE), pl.col("org_name")))
    else:
        school = rows.filter(pl.col(C.ORG_CODE) == org_code)
        parts.append(_tag(school, 1, pl.col(C.ORG_CODE), pl.col("org_name")))
        if level == "class":
            school = school.filter(pl.col(C.CLASS_NAME) == class_name)
        parts.append(_tag(school, 2, pl.col(C.ORG_CODE) + "/" + pl.col(C.CLASS_NAME), pl.col(C.CLASS_NAME)))
    return pl.concat(parts)


def lines_frame(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    """«Статистика по отметкам» and the journal comparison per unit, with the sample note.

    Output: `order`, `unit`, `name`, participants, n2..n5, p2..p5, success_rate, quality_rate,
    mean_percent, with_journal, marks_lowered/confirmed/raised (%) and lowered/confirmed/raised
    (counts), `sample_tier`, `note`. For a user who does not see every school the municipality
    line is the stored one (no distribution by mark), if `msoko compute` has stored it.
    """
    indicators = results_indicators(units, by=KEYS, max_score=data.max_score)
    lines = mark_distribution(units, by=KEYS).join(indicators.drop("participants"), on=KEYS, how="left")
    if not data.sees_all:
        lines = pl.concat([_stored_municipality(data), lines], how="diagonal_relaxed")
    counts = {
        name: (pl.col(f"marks_{name}") * pl.col("with_journal") / 100).round().cast(pl.Int64)
        for name in ("lowered", "confirmed", "raised")
    }
    return samples.with_sample_tier(lines.with_columns(**counts)).with_columns(_note()).sort(ORDER, UNIT)


def statuses_frame(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    """Completion and ФИОКО status of every task per unit (`task_completion` + `task_status`)."""
    return T.task_status(T.task_completion(scores_long(units, data), data.tasks, by=KEYS))


def scores_long(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    return task_scores_long(
        present(units), labels=data.tasks[C.TASK].to_list(), keep=[*KEYS, C.PARTICIPANT, C.MARK]
    ).rename({"task_score": C.TASK_SCORE})


def skills_frame(statuses: pl.DataFrame) -> pl.DataFrame:
    """«Достижение планируемых результатов» of one unit: per skill its tasks, completion pooled
    over points, tasks not mastered and whether the deficit is systemic (ФИОКО 2026, p. 19)."""
    deficits = T.skill_deficits(statuses, by=[])
    per_skill = statuses.group_by(T.SKILL).agg(
        pl.col(C.TASK).sort_by(T.POSITION).str.join(", ").alias("task_list"),
        pl.col(T.POSITION).min().alias(T.POSITION),
        (pl.col(T.SCORE_SUM).sum() * 100 / (pl.col(T.PARTICIPANTS) * pl.col(C.TASK_MAX)).sum()).alias(
            T.COMPLETION
        ),
        (pl.col(T.STATUS) == T.MASTERED).all().alias("all_mastered"),
    )
    status = (
        pl.when(pl.col(T.SYSTEMIC))
        .then(pl.lit("системный дефицит"))
        .when(pl.col(T.NOT_MASTERED_TASKS) > 0)
        .then(pl.lit("есть неосвоенные задания"))
        .when(pl.col("all_mastered"))
        .then(pl.lit("освоено"))
        .otherwise(pl.lit("зона неопределённости"))
    )
    return (
        deficits.join(per_skill, on=T.SKILL, how="left")
        .with_columns(
            status.alias("skill_status"),
            pl.when(pl.col(T.SYSTEMIC)).then(pl.lit("да")).otherwise(pl.lit("нет")).alias("systemic_text"),
        )
        .sort(T.POSITION)
    )


def mark_groups_frame(
    units: pl.DataFrame, data: ProcedureData, *, unit: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """«Выполнение заданий группами участников»: completion of each task by the participants
    of each mark 2–5 within one unit. Returns (tasks × `c2`..`c5`, group sizes `mark`, `n`)."""
    scores = scores_long(units.filter(pl.col(UNIT) == unit), data)
    completion = T.task_completion(scores, data.tasks, by=[C.MARK])
    wide = data.tasks.select(C.TASK, T.POSITION, C.LEVEL).join(
        completion.select(C.TASK, pl.format("c{}", C.MARK).alias("group"), T.COMPLETION).pivot(
            on="group", index=C.TASK, values=T.COMPLETION
        ),
        on=C.TASK,
        how="left",
    )
    # the pivot only has the marks someone got: the other groups are null columns
    wide = wide.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(f"c{m}") for m in (2, 3, 4, 5) if f"c{m}" not in wide.columns
    )
    sizes = (
        present(units.filter(pl.col(UNIT) == unit))
        .group_by(C.MARK)
        .agg(n=pl.len())
        .filter(pl.col(C.MARK).is_not_null())
        .sort(C.MARK)
    )
    return wide.sort(T.POSITION), sizes


def class_matrix_frame(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    """Participants × tasks of the class (order 2): each cell the score as written («X» not
    attempted, «н/п» not taught) and a tone from score / maximum for its colour."""
    labels = data.tasks[C.TASK].to_list()
    maxima = data.tasks[C.TASK_MAX].to_list()
    rows = present(units.filter(pl.col(ORDER) == 2))
    tokens = pl.col(C.SCORES).str.split(SEPARATOR)
    cells = []
    for i, (label, maximum) in enumerate(zip(labels, maxima, strict=True)):
        token = tokens.list.get(i, null_on_oob=True)
        ratio = token.cast(pl.Int64, strict=False) / maximum
        text = (
            pl.when(token == NOT_ATTEMPTED)
            .then(pl.lit("X"))
            .when(token == NOT_TAUGHT)
            .then(pl.lit("н/п"))
            .otherwise(token)
        )
        tone = (
            pl.when(token == NOT_ATTEMPTED)
            .then(pl.lit("x"))
            .when(token == NOT_TAUGHT)
            .then(pl.lit("n"))
            .when(ratio >= 1)
            .then(pl.lit("full"))
            .when(ratio > 0)
            .then(pl.lit("part"))
            .otherwise(pl.lit("zero"))
        )
        cells.append(pl.struct(text.alias("text"), tone.alias("tone")).alias(f"t_{label}"))
    return rows.select(C.PARTICIPANT, *cells, C.TOTAL, C.MARK, C.JOURNAL_MARK).sort(C.PARTICIPANT)


def previous_year_frame(data: ProcedureData) -> pl.DataFrame:
    """The stored indicators of the same procedure a school year earlier, one row per org code."""
    previous = data.stored.filter(pl.col("start_year") == data.procedure.school_year.start_year - 1)
    return _stored_wide(previous).rename(lambda name: name if name == C.ORG_CODE else f"prev_{name}")


# --- Pages ----------------------------------------------------------------------------------


def analysis_for(
    *,
    pk: int,
    viewer: Any,
    level: Level = "procedure",
    org_code: str | None = None,
    class_name: str | None = None,
) -> Analysis:
    """Every report of a page. Raises ``Procedure.DoesNotExist`` (no such procedure or no
    scheme) and :class:`NotVisible` (the school or class has no results the user may see)."""
    data = procedure_data_for(pk=pk, viewer=viewer)
    if level != "procedure":
        school = data.results.filter(pl.col(C.ORG_CODE) == org_code)
        if level == "class":
            school = school.filter(pl.col(C.CLASS_NAME) == class_name)
        if present(school).is_empty():
            raise NotVisible(org_code)
    units = units_frame(data, level=level, org_code=org_code, class_name=class_name)
    lines = lines_frame(units, data)
    statuses = statuses_frame(units, data)
    focus_order = {"procedure": 0 if data.sees_all else 1, "school": 1, "class": 2}[level]
    shown = lines.filter(
        pl.col(ORDER) == focus_order if level == "procedure" else pl.col(ORDER) <= focus_order
    )
    computed = set(statuses[UNIT].unique().to_list())
    compare = [unit for unit in shown[UNIT].to_list() if unit in computed]
    focus_unit = compare[-1] if compare else MUNICIPALITY
    org_name = None if level == "procedure" else lines.filter(pl.col(ORDER) == 1)[NAME][0]
    builder = _Builder(data=data, level=level, units=units, lines=lines, statuses=statuses)
    sections = builder.sections(focus_unit=focus_unit, compare=compare)
    return Analysis(
        procedure=data.procedure,
        level=level,
        org_code=org_code,
        org_name=org_name,
        class_name=class_name,
        summary=lines.filter(pl.col(UNIT) == focus_unit),
        sections=sections,
        sees_all=data.sees_all,
    )


@dataclass
class _Builder:
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
            out.append(self.schools())
        elif self.level == "school":
            out.append(self.classes())
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
        chart_lines = self.lines.filter(pl.col(UNIT).is_in(compare) & pl.col("p2").is_not_null())
        specs = (
            [charts.mark_distribution_chart(chart_lines.rename({NAME: charts.GROUP}))]
            if chart_lines.height
            else []
        )
        table = Table("marks", "Статистика по отметкам", columns, self.lines)
        return Section("marks", "Статистика по отметкам", [table], specs, _SAMPLE_NOTE)

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
        columns = [
            Column(C.TASK, "Задание", "code"),
            Column(C.LEVEL, "Уровень"),
            Column(C.TASK_MAX, "Макс. балл", "int"),
            Column(T.SKILL, "Проверяемые требования (умения)"),
            *(Column(u, f"{names.get(u, u)}, %", "pct") for u in compare if u in wide.columns),
            Column("status_text", f"Статус ({names.get(focus_unit, focus_unit)})", "status"),
        ]
        tasks = Table("tasks", "Выполнение заданий", columns, wide.sort(T.POSITION))
        levels = T.level_completion(scores_long(self.units, self.data), self.data.tasks, by=KEYS)
        level_wide = (
            self.lines.select(KEYS)
            .join(levels.pivot(on=C.LEVEL, index=KEYS, values=T.COMPLETION), on=KEYS, how="inner")
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
        specs: list[alt.TopLevelMixin] = [
            charts.task_completion_chart(self.statuses.filter(pl.col(UNIT) == focus_unit))
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
                specs.append(charts.completion_heatmap(heat.rename({NAME: charts.GROUP})))
        note = (
            "Задание базового уровня освоено при выполнении от 60 %, не освоено — ниже 57 %; "
            "повышенного и высокого — от 30 % и ниже 28,5 %; между ними — зона неопределённости "
            "(ФИОКО 2026, с. 6, 17)." + heat_note
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

    # the sortable table of schools, their change since last year, and the rating
    def schools(self) -> Section:
        schools = self.lines.filter(pl.col(ORDER) == 1).join(
            previous_year_frame(self.data), left_on=UNIT, right_on=C.ORG_CODE, how="left"
        )
        for name in ("success_rate", "quality_rate", "mean_percent"):
            if f"prev_{name}" not in schools.columns:
                schools = schools.with_columns(pl.lit(None, dtype=pl.Float64).alias(f"prev_{name}"))
        schools = schools.with_columns(
            (pl.col(n) - pl.col(f"prev_{n}")).alias(f"delta_{n}")
            for n in ("success_rate", "quality_rate", "mean_percent")
        )
        columns = [
            Column(UNIT, "Код ОО", "link"),
            Column(NAME, "Организация"),
            Column("participants", "Участников", "int"),
            Column("success_rate", "Успеваемость, %", "pct"),
            Column("quality_rate", "Качество, %", "pct"),
            Column("mean_percent", "Средний % выполнения", "pct"),
            Column("marks_raised", "Повысили, %", "pct"),
            Column("delta_success_rate", "Δ успеваемости к прошлому году, п. п.", "delta"),
            Column("delta_quality_rate", "Δ качества, п. п.", "delta"),
            Column("delta_mean_percent", "Δ среднего %, п. п.", "delta"),
            Column(NOTE, "Объём выборки", "note"),
        ]
        table = Table(
            "schools", "Школы", columns, schools.sort(UNIT), sortable=True, extra={"link": "school"}
        )
        rating = schools.sort("mean_percent", UNIT, descending=[True, False]).with_columns(
            pl.col("mean_percent").rank("min", descending=True).cast(pl.Int64).alias("place")
        )
        rating_columns = [
            Column("place", "Место", "int"),
            Column(UNIT, "Код ОО", "link"),
            Column(NAME, "Организация"),
            Column("participants", "Участников", "int"),
            Column("mean_percent", "Средний % выполнения", "pct"),
            Column(NOTE, "Объём выборки", "note"),
        ]
        ranking = Table("rating", "Рейтинг ОО", rating_columns, rating, extra={"link": "school"})
        note = (
            "Нажмите на заголовок столбца, чтобы отсортировать. Изменение к прошлому году — по "
            "сохранённым показателям той же процедуры предыдущего учебного года (команда msoko compute); "
            "«—», если их нет. Рейтинг — по среднему проценту выполнения; школы с малым числом участников "
            "сравнивайте осторожно."
        )
        return Section("schools", "Школы и рейтинг ОО", [table, ranking], self._dynamics(schools), note)

    def classes(self) -> Section:
        columns = [
            Column(NAME, "Класс", "link"),
            Column("participants", "Участников", "int"),
            Column("success_rate", "Успеваемость, %", "pct"),
            Column("quality_rate", "Качество, %", "pct"),
            Column("mean_percent", "Средний % выполнения", "pct"),
            Column("marks_raised", "Повысили, %", "pct"),
            Column(NOTE, "Объём выборки", "note"),
        ]
        frame = self.lines.filter(pl.col(ORDER) == 2)
        table = Table("classes", "Классы", columns, frame, sortable=True, extra={"link": "class"})
        return Section(
            "classes", "Классы", [table], [], "Откройте класс, чтобы увидеть результаты по заданиям."
        )

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
        note = "Цвет ячейки — доля максимального балла задания; «X» — не приступал, «н/п» — тема не пройдена."
        table = Table("matrix", "Индивидуальные результаты", columns, frame)
        return Section("matrix", table.title, [table], [], note)

    def _dynamics(self, schools: pl.DataFrame) -> list[alt.TopLevelMixin]:
        """Municipality (or the user's school) this year against last year, when stored."""
        line = self.lines.filter(pl.col(ORDER) == (0 if self.data.sees_all else 1)).head(1)
        if not line.height:
            return []
        unit = line[UNIT][0]
        previous = previous_year_frame(self.data).filter(pl.col(C.ORG_CODE) == unit)
        if not previous.height:
            return []
        year = self.data.procedure.school_year
        series = {
            "success_rate": "Успеваемость",
            "quality_rate": "Качество",
            "mean_percent": "Средний % выполнения",
        }
        values = pl.concat(
            [
                pl.DataFrame(
                    {
                        "school_year": [f"{year.start_year - 1}/{year.start_year}", year.name],
                        "series": [title, title],
                        "value": [
                            previous[f"prev_{name}"][0] if f"prev_{name}" in previous.columns else None,
                            line[name][0],
                        ],
                    },
                    schema={"school_year": pl.String, "series": pl.String, "value": pl.Float64},
                )
                for name, title in series.items()
            ]
        )
        return [charts.dynamics_chart(values.drop_nulls())]

    def _unit_title(self) -> str:
        return {
            "procedure": "Муниципалитет / ОО",
            "school": "Муниципалитет / ОО / класс",
            "class": "Уровень",
        }[self.level]


# --- helpers --------------------------------------------------------------------------------

_SAMPLE_NOTE = (
    "При числе участников меньше 20 распределение ограниченно информативно, меньше 10 — "
    "не интерпретируется (ФИОКО 2026, с. 13, 24)."
)


def _tag(rows: pl.DataFrame, order: int, unit: pl.Expr, name: pl.Expr) -> pl.DataFrame:
    return rows.with_columns(pl.lit(order).alias(ORDER), unit.alias(UNIT), name.alias(NAME))


def _note() -> pl.Expr:
    n = pl.col("participants").cast(pl.String)
    tier = pl.col("sample_tier")
    return (
        pl.when(tier == samples.NOT_INTERPRETABLE)
        .then(pl.format("мало участников ({}), не интерпретируется", n))
        .when(tier == samples.LIMITED)
        .then(pl.format("мало участников ({})", n))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias(NOTE)
    )


def _status_text(status: pl.Expr) -> pl.Expr:
    return status.replace_strict(STATUS_TEXT, default=None, return_dtype=pl.String)


def _stored_wide(stored: pl.DataFrame) -> pl.DataFrame:
    if stored.is_empty():
        return pl.DataFrame(schema={C.ORG_CODE: pl.String})
    return (
        stored.with_columns(pl.col("code").replace_strict(STORED_CODES, default=None))
        .pivot(on="code", index=C.ORG_CODE, values="value", aggregate_function="first")
        .sort(C.ORG_CODE)
    )


def _stored_municipality(data: ProcedureData) -> pl.DataFrame:
    """The stored municipal line of this year (a school user cannot recompute it from its rows)."""
    current = data.stored.filter(
        (pl.col("start_year") == data.procedure.school_year.start_year) & (pl.col(C.ORG_CODE) == MUNICIPALITY)
    )
    wide = _stored_wide(current)
    if wide.is_empty():
        return pl.DataFrame(schema={ORDER: pl.Int32, UNIT: pl.String, NAME: pl.String})
    if "participants" in wide.columns:
        wide = wide.with_columns(pl.col("participants").cast(pl.Int64))
    return wide.drop(C.ORG_CODE).with_columns(
        pl.lit(0).alias(ORDER), pl.lit(MUNICIPALITY).alias(UNIT), pl.lit(MUNICIPALITY_NAME).alias(NAME)
    )


def analysis_cache_key(
    *, viewer: Any, pk: int, level: str, org_code: str | None = None, class_name: str | None = None
) -> str | None:
    """A key that changes whenever what the page shows may change: the procedure's current data
    (coverage), its scheme, the last recompute of the indicators, and the viewer's scope.

    None when the procedure does not exist (the page then answers 404 without caching).
    """
    from django.db.models import Count, Max

    from msoko.indicators.models import ComputeRun

    procedure = Procedure.objects.filter(pk=pk).select_related("scheme").first()
    if procedure is None or not hasattr(procedure, "scheme"):
        return None
    coverage = ResultCoverage.objects.filter(procedure_id=pk, active=True).aggregate(
        last=Max("id"), count=Count("id")
    )
    last_run = ComputeRun.objects.aggregate(last=Max("id"))["last"]
    scope = "all" if viewer.sees_all_organizations else f"org{viewer.organization_id}"
    parts = [
        "analysis",
        level,
        pk,
        org_code or "",
        class_name or "",
        scope,
        coverage["last"],
        coverage["count"],
        last_run,
        procedure.scheme.updated_at.timestamp(),
    ]
    return ":".join(str(p) for p in parts)

"""«Ежегодный отчёт о состоянии системы образования» (seed 000, item 10): the registry, one
section per direction 1–10 in the catalogue's order, then the management cycle of the year —
findings, recommendations, measures and their measured effect, road maps.

Each direction's section gives its goals, its indicators' municipal values for the year and the
year before with the change and the target, and its flags and findings. Sentences state values;
the only sentences that claim a difference are the changes of a procedure's success and quality
since last year, tested as the analytic notes test them (analytics/significance.py), and the
measures' effects, tested by a difference in differences (cycle/effect.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl
from django.db.models import Count, Q, Sum

from msoko.analytics import significance as S
from msoko.analytics.wording import NBSP, counted, format_number, format_percent
from msoko.core.models import SchoolYear
from msoko.cycle.effect import measure_effects, verdict_counts
from msoko.cycle.models import OVERDUE, STATE_TITLES, Source, Status
from msoko.cycle.selectors import finding_list, measure_list, recommendation_list, state_counts
from msoko.directions.catalogue import DIRECTIONS, Direction
from msoko.directions.registry import flag_kinds
from msoko.documents.common import new_document
from msoko.documents.conclusions import CHANGE_WORDS, p_text
from msoko.documents.risk_lists import risk_frame
from msoko.documents.roadmap import progress_frame, progress_table
from msoko.documents.school_profile import GIA, RESULTS, procedure_figures
from msoko.flags.models import FlagKind
from msoko.indicators.catalogue import Indicator
from msoko.indicators.dynamics import IndicatorSummary, direction_summaries, indicator_detail, values_frame
from msoko.registry.models import Locality, Organization, OrganizationKind
from msoko.registry.selectors import registry_totals, territory_name
from msoko.reports import Column, Table
from msoko.reports.documents import Bullets, Document, Heading, Paragraph, TableBlock, table_block
from msoko.reports.documents.model import Block
from msoko.roadmaps.selectors import roadmap_export_frame
from msoko.roadmaps.services import today as current_day

MUNICIPALITY = "МО"
EGE = "ЕГЭ"
#: the shares of a procedure whose change since last year is tested: field → Russian name
TESTED = {"success_rate": "Успеваемость", "quality_rate": "Качество знаний"}
#: a bold «2024/2025» fits 1,4 shares of 10,7 of the text width
RESULTS_WIDTHS = (2.2, 1.0, 1.4, 1.4, 1.4, 1.4, 1.9)
GIA_WIDTHS = (2.4, 1.0, 1.4, 1.4, 1.4, 1.4)
NOT_SIGNIFICANT = "нет"
#: a kind of organisation after a number: 1 школа, 2 школы, 5 школ
KIND_FORMS = {
    OrganizationKind.SCHOOL: ("школа", "школы", "школ"),
    OrganizationKind.PRESCHOOL: ("ДОО", "ДОО", "ДОО"),
    OrganizationKind.ADDITIONAL: ("УДО", "УДО", "УДО"),
}
ORGANISATIONS = ("организация", "организации", "организаций")
EDUCATIONAL_ORGANISATIONS = (
    "образовательная организация",
    "образовательные организации",
    "образовательных организаций",
)
SOURCES = (
    ("flags", Source.FLAG, "По флагам"),
    ("targets", Source.INDICATOR, "Цель не достигнута"),
    ("deficits", Source.DEFICIT, "Дефициты умений"),
)


def build(*, year: SchoolYear | None, org_code: str | None, viewer: Any) -> Document:
    """The municipality's report of ``year`` (``org_code`` is not used: the report is the
    department's, of every organisation ``viewer`` sees)."""
    if year is None:
        raise ValueError("the annual report is built for a school year")
    previous = SchoolYear.objects.filter(start_year=year.start_year - 1).first()
    document = new_document(
        title="Ежегодный отчёт о состоянии системы образования",
        subtitle=f"{territory_name()}; {year.name} учебный год",
        years=[y for y in (previous, year) if y is not None],
    )
    cycle = _Cycle(year=year, viewer=viewer)
    document.add(Heading("Введение"), *_introduction(year, viewer))
    for direction in DIRECTIONS:
        document.add(*_direction_section(direction, year, previous, viewer, cycle))
    number = len(DIRECTIONS)
    document.add(Heading(f"{number + 1}. Выводы управленческого цикла"), *cycle.findings_blocks())
    document.add(Heading(f"{number + 2}. Адресные рекомендации"), *cycle.recommendations_blocks())
    document.add(
        Heading(f"{number + 3}. Меры и управленческие решения, их эффективность"), *_measures(year, viewer)
    )
    document.add(Heading(f"{number + 4}. Дорожные карты"), *_roadmaps(viewer))
    return document


# --- Introduction: the registry ----------------------------------------------------------


def _introduction(year: SchoolYear, viewer: Any) -> list[Block]:
    kinds = _organizations_by_kind(viewer)
    totals = registry_totals(user=viewer)
    parts = [
        counted(int(row["organizations"]), *KIND_FORMS[row["kind"]])
        for row in kinds.iter_rows(named=True)
        if row["organizations"]
    ]
    text = (
        f"В реестре МСОКО {counted(totals.organizations, *EDUCATIONAL_ORGANISATIONS)}"
        f"{' (' + ', '.join(parts) + ')' if parts else ''}; численность обучающихся по реестру — "
        f"{format_number(int(totals.students))}."
    )
    if totals.teachers_year is not None:
        text += f" Педагогов в {totals.teachers_year.name} учебном году — {format_number(totals.teachers)}."
    table = Table(
        "registry",
        "Образовательные организации по типам",
        [
            Column("title", "Тип"),
            Column("organizations", "Организаций", "int"),
            Column("urban", "В городе", "int"),
            Column("rural", "На селе", "int"),
            Column("pupils", "Обучающихся", "int"),
        ],
        kinds,
        note="Численность обучающихся — по реестру организаций (загрузка organizations).",
    )
    structure = (
        f"Разделы 1–{len(DIRECTIONS)} соответствуют направлениям муниципальной системы оценки качества "
        "образования: цели направления, значения его показателей по муниципалитету за "
        f"{year.name} учебный год и год до него, флаги и выводы. Разделы "
        f"{len(DIRECTIONS) + 1}–{len(DIRECTIONS) + 4} — управленческий цикл года: выводы, адресные "
        "рекомендации, меры и их эффективность, дорожные карты. Значения — результаты пересчёта "
        "показателей, версия данных указана на титульном листе."
    )
    return [Paragraph(text), table_block(table), Paragraph(structure)]


def _organizations_by_kind(viewer: Any) -> pl.DataFrame:
    """One row per organisation kind: organizations, urban, rural, pupils (one query)."""
    counted_kinds = dict.fromkeys(OrganizationKind.values)
    rows = (
        Organization.objects.visible_to(viewer)
        .values_list("kind")
        .annotate(
            n=Count("id"),
            urban=Count("id", filter=Q(locality=Locality.URBAN)),
            rural=Count("id", filter=Q(locality=Locality.RURAL)),
            pupils=Sum("students_count"),
        )
        .order_by()
    )
    for kind, n, urban, rural, pupils in rows:
        counted_kinds[kind] = (n, urban, rural, pupils or 0)
    return pl.DataFrame(
        [
            (value, label, *(counted_kinds[value] or (0, 0, 0, 0)))
            for value, label in OrganizationKind.choices
        ],
        schema={
            "kind": pl.String,
            "title": pl.String,
            "organizations": pl.Int64,
            "urban": pl.Int64,
            "rural": pl.Int64,
            "pupils": pl.Int64,
        },
        orient="row",
    )


# --- A direction -------------------------------------------------------------------------


def _direction_section(
    direction: Direction, year: SchoolYear, previous: SchoolYear | None, viewer: Any, cycle: _Cycle
) -> list[Block]:
    blocks: list[Block] = [
        Heading(f"{direction.number}. {direction.title}"),
        Paragraph(direction.description),
    ]
    if direction.goals:
        blocks += [Paragraph("Цели направления:", "lead"), Bullets(direction.goals)]
        if direction.goals_source:
            blocks.append(Paragraph(f"Цели — по документу: {direction.goals_source}.", "note"))
    summaries = direction_summaries(direction.number, viewer=viewer)
    blocks += _indicators(direction, summaries, year, previous, viewer)
    if direction.number == 1:
        blocks += _procedures(year, previous, viewer)
    blocks.append(Paragraph(cycle.direction_sentence(direction)))
    return blocks


def _indicators(
    direction: Direction,
    summaries: list[IndicatorSummary],
    year: SchoolYear,
    previous: SchoolYear | None,
    viewer: Any,
) -> list[Block]:
    before = previous.name if previous else None
    rows = []
    for summary in summaries:
        values = dict(summary.years)
        now, then = values.get(year.name), values.get(before) if before else None
        if now is None and then is None:
            continue
        indicator = summary.indicator
        target = indicator.target_for(year.name)
        rows.append(
            {
                "title": indicator.title,
                "unit": str(indicator.unit.value),
                "then": then,
                "now": now,
                "change": now - then if now is not None and then is not None else None,
                "target": target,
                "missing": _missing(indicator, year, viewer) if target is not None else None,
            }
        )
    by_procedure = any(s.breakdowns and not s.years for s in summaries)
    stated = f"Показателей направления в каталоге — {len(summaries)}"
    if not rows:
        return [
            Paragraph(
                f"{stated}; значений по муниципалитету за {year.name}"
                f"{f' и {before}' if before else ''} учебные годы нет"
                f"{' (показатели оценочных процедур — в таблицах ниже)' if by_procedure else ''}."
            )
        ]
    with_values = sum(r["now"] is not None for r in rows)
    frame = pl.DataFrame(
        rows,
        schema={
            "title": pl.String,
            "unit": pl.String,
            "then": pl.Float64,
            "now": pl.Float64,
            "change": pl.Float64,
            "target": pl.Float64,
            "missing": pl.String,
        },
    )
    columns = [
        Column("title", "Показатель"),
        Column("unit", "Ед."),
        *([Column("then", before, "num")] if before else []),
        Column("now", year.name, "num"),
        *([Column("change", "Изменение", "delta")] if before else []),
    ]
    targeted = frame.filter(pl.col("target").is_not_null())
    if not targeted.is_empty():
        columns += [Column("target", "Цель", "num"), Column("missing", "Не достигают цели")]
    table = Table(
        f"indicators{direction.number}",
        f"Показатели направления {direction.number} по муниципалитету",
        columns,
        frame,
        note="Значения муниципалитета (МО) по данным пересчёта; изменение — разность значений "
        "за два учебных года. «Не достигают цели» — организации, значение которых не достигает цели.",
    )
    widths = (3.4, 0.8, *(1.3 for _ in columns[2:]))
    blocks: list[Block] = [
        Paragraph(f"{stated}, из них со значением по муниципалитету за {year.name} — {with_values}."),
        replace(table_block(table), widths=widths),
    ]
    blocks += [
        Paragraph(
            f"Цель по показателю «{row['title']}» — {_with_unit(row['target'], row['unit'])}; значение "
            f"муниципалитета за {year.name} учебный год — {_with_unit(row['now'], row['unit'])}; "
            f"не достигают цели {row['missing']} организаций."
        )
        for row in targeted.iter_rows(named=True)
        if row["missing"] and row["now"] is not None
    ]
    return blocks


def _with_unit(value: float, unit: str) -> str:
    if unit == "%":
        return format_percent(value)
    return f"{format_number(value, trim=True)}{NBSP}{unit}"


def _missing(indicator: Indicator, year: SchoolYear, viewer: Any) -> str | None:
    """«3 из 20»: the organisations whose value of the year misses the target, of those with one."""
    detail = indicator_detail(indicator, viewer=viewer, year=year.name)
    if detail.year != year.name or detail.organizations.is_empty():
        return None
    known = detail.organizations.filter(pl.col("value").is_not_null())
    return f"{int(known['misses'].sum())} из {known.height}"


# --- Direction 1: procedures and exams of the municipality ---------------------------------


def _procedures(year: SchoolYear, previous: SchoolYear | None, viewer: Any) -> list[Block]:
    codes = [f"results.{f}" for f in RESULTS] + [f"gia.{f}" for f in GIA]
    years = [year.name] + ([previous.name] if previous else [])
    values = values_frame(codes, viewer=viewer).filter(
        (pl.col("org_code") == MUNICIPALITY) & pl.col("school_year").is_in(years)
    )
    blocks: list[Block] = []
    results = _with_last_year(procedure_figures(values, prefix="results", fields=RESULTS), year, previous)
    if not results.is_empty():
        results, found = _tested(results, previous)
        blocks += [
            Heading("Оценочные процедуры по муниципалитету", 2),
            replace(table_block(_results_table(results, year, previous)), widths=RESULTS_WIDTHS),
        ]
        if previous is not None:
            blocks.append(
                Bullets(tuple(found))
                if found
                else Paragraph(
                    f"Статистически значимых изменений успеваемости и качества знаний по сравнению с "
                    f"{previous.name} учебным годом не выявлено (уровень значимости 0,05, группы от "
                    f"{S.MIN_GROUP} участников)."
                )
            )
    gia = _with_last_year(procedure_figures(values, prefix="gia", fields=GIA), year, previous)
    if not gia.is_empty():
        blocks.append(Heading("Государственная итоговая аттестация по муниципалитету", 2))
        for exams, table in (
            (gia.filter(pl.col("procedure") != EGE), _oge_table),
            (gia.filter(pl.col("procedure") == EGE), _ege_table),
        ):
            if not exams.is_empty():
                blocks.append(replace(table_block(table(exams, year, previous)), widths=GIA_WIDTHS))
    if not blocks:
        blocks.append(Paragraph(f"Результатов оценочных процедур и ГИА за {year.name} учебный год нет."))
    return blocks


def _with_last_year(figures: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> pl.DataFrame:
    """This year's rows with last year's figures of the same work as ``*_then``."""
    keys = ["procedure", "subject", "grade"]
    fields = [c for c in figures.columns if c not in ("org_code", "school_year", *keys, "work")]
    now = figures.filter(pl.col("school_year") == year.name)
    then = figures.filter(pl.col("school_year") == (previous.name if previous else "")).select(
        *keys, *(pl.col(f).alias(f"{f}_then") for f in fields)
    )
    return now.join(then, on=keys, how="left", nulls_equal=True).sort(keys, nulls_last=True)


def _tested(results: pl.DataFrame, previous: SchoolYear | None) -> tuple[pl.DataFrame, list[str]]:
    """Each work's success and quality against last year (z-test for two shares, groups of
    ``MIN_GROUP`` or more): a ``verdict`` column and the sentences of significant changes."""
    verdicts, found = [], []
    for row in results.iter_rows(named=True):
        n, n_then = row["participants"], row["participants_then"]
        if previous is None or not n or not n_then:
            verdicts.append("—")
            continue
        if min(n, n_then) < S.MIN_GROUP:
            verdicts.append("группы малы")
            continue
        significant = []
        for field, name in TESTED.items():
            now, then = row[field], row[f"{field}_then"]
            if now is None or then is None:
                continue
            p = S.two_shares(round(now * n / 100), int(n), round(then * n_then / 100), int(n_then))
            if p < S.ALPHA:
                up, down = CHANGE_WORDS[name]
                significant.append(f"{name.split()[0].lower()} ({p_text(p)})")
                found.append(
                    f"{row['work']}: {name.lower()} {up if now > then else down} с {format_percent(then)} "
                    f"до {format_percent(now)}; различие статистически значимо ({p_text(p)})."
                )
        verdicts.append("; ".join(significant) or NOT_SIGNIFICANT)
    return results.with_columns(pl.Series("verdict", verdicts, dtype=pl.String)), found


def _results_table(frame: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> Table:
    before = previous.name if previous else "прошлый год"
    return Table(
        "results",
        "Результаты оценочных процедур по муниципалитету",
        [
            Column("work", "Работа"),
            Column("participants", "Участников", "int"),
            Column("success_rate_then", f"Успеваемость, % ({before})", "pct"),
            Column("success_rate", f"Успеваемость, % ({year.name})", "pct"),
            Column("quality_rate_then", f"Качество, % ({before})", "pct"),
            Column("quality_rate", f"Качество, % ({year.name})", "pct"),
            Column("verdict", "Значимое изменение"),
        ],
        frame,
        note="Успеваемость — доля отметок «3», «4», «5», качество знаний — «4» и «5». Изменение "
        f"проверено z-критерием для двух долей (α = 0,05, группы от {S.MIN_GROUP} участников); «нет» — "
        "различие в пределах случайных колебаний.",
    )


def _oge_table(frame: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> Table:
    before = previous.name if previous else "прошлый год"
    return Table(
        "oge",
        "Результаты ОГЭ и ГВЭ по муниципалитету",
        [
            Column("work", "Экзамен"),
            Column("participants", "Участников", "int"),
            Column("fail_rate_then", f"«2», % ({before})", "pct"),
            Column("fail_rate", f"«2», % ({year.name})", "pct"),
            Column("quality_rate_then", f"Качество, % ({before})", "pct"),
            Column("quality_rate", f"Качество, % ({year.name})", "pct"),
        ],
        frame,
    )


def _ege_table(frame: pl.DataFrame, year: SchoolYear, previous: SchoolYear | None) -> Table:
    before = previous.name if previous else "прошлый год"
    return Table(
        "ege",
        "Результаты ЕГЭ по муниципалитету",
        [
            Column("work", "Экзамен"),
            Column("participants", "Участников", "int"),
            Column("fail_rate_then", f"Ниже порога, % ({before})", "pct"),
            Column("fail_rate", f"Ниже порога, % ({year.name})", "pct"),
            Column("mean_test_score_then", f"Средний балл ({before})", "num"),
            Column("mean_test_score", f"Средний балл ({year.name})", "num"),
        ],
        frame,
    )


# --- The management cycle ----------------------------------------------------------------


class _Cycle:
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


def _measures(year: SchoolYear, viewer: Any) -> list[Block]:
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


def _roadmaps(viewer: Any) -> list[Block]:
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

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

from msoko.analytics.wording import NBSP, counted, format_number, format_percent
from msoko.core.models import SchoolYear
from msoko.directions.catalogue import DIRECTIONS, Direction
from msoko.documents.annual_cycle import CycleSummary, measures_blocks, roadmaps_blocks
from msoko.documents.annual_results import procedures_blocks
from msoko.documents.common import new_document
from msoko.indicators.catalogue import Indicator
from msoko.indicators.dynamics import IndicatorSummary, direction_summaries, indicator_detail
from msoko.registry.models import Locality, Organization, OrganizationKind
from msoko.registry.selectors import registry_totals, territory_name
from msoko.reports import Column, Table
from msoko.reports.documents import Bullets, Document, Heading, Paragraph, table_block
from msoko.reports.documents.model import Block

#: a kind of organisation after a number: 1 школа, 2 школы, 5 школ
KIND_FORMS = {
    OrganizationKind.SCHOOL: ("школа", "школы", "школ"),
    OrganizationKind.PRESCHOOL: ("ДОО", "ДОО", "ДОО"),
    OrganizationKind.ADDITIONAL: ("УДО", "УДО", "УДО"),
}
EDUCATIONAL_ORGANISATIONS = (
    "образовательная организация",
    "образовательные организации",
    "образовательных организаций",
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
    cycle = CycleSummary(year=year, viewer=viewer)
    document.add(Heading("Введение"), *_introduction(year, viewer))
    for direction in DIRECTIONS:
        document.add(*_direction_section(direction, year, previous, viewer, cycle))
    number = len(DIRECTIONS)
    document.add(Heading(f"{number + 1}. Выводы управленческого цикла"), *cycle.findings_blocks())
    document.add(Heading(f"{number + 2}. Адресные рекомендации"), *cycle.recommendations_blocks())
    document.add(
        Heading(f"{number + 3}. Меры и управленческие решения, их эффективность"),
        *measures_blocks(year, viewer),
    )
    document.add(Heading(f"{number + 4}. Дорожные карты"), *roadmaps_blocks(viewer))
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
    direction: Direction, year: SchoolYear, previous: SchoolYear | None, viewer: Any, cycle: CycleSummary
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
        blocks += procedures_blocks(year, previous, viewer)
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

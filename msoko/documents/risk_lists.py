"""«Списки ОО группы риска»: the schools of each flag kind of a school year (ШНОР, ШФНСУ, signs
of unobjectivity, the 2019 markers, the resilient schools) with level and reasons, and the
schools that are in several risk lists at once.

The rows are the flags export (``flags_export_frame``, the same as `msoko export flags`) with
the organisations' names; the DOCX and PDF shorten long reasons, the XLSX keeps them whole.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from msoko.analytics.wording import counted
from msoko.core.models import SchoolYear
from msoko.documents.common import new_document
from msoko.flags.models import FlagKind
from msoko.flags.selectors import flags_export_frame
from msoko.registry.selectors import organization_names
from msoko.reports import Column, Table
from msoko.reports.documents import Document, Heading, Paragraph, TableBlock, table_block

#: the lists in the order of the document, each with the short name used in «several lists»
LISTS = (
    (FlagKind.LOW_RESULTS, "ШНОР"),
    (FlagKind.ADVERSE_CONDITIONS, "ШФНСУ"),
    (FlagKind.UNOBJECTIVE, "необъективность"),
    (FlagKind.OFFICIAL_MARKERS, "маркеры 2019"),
    (FlagKind.RESILIENT, "резильентная"),
)
#: a school in two of these lists at once is named in the last section; resilience is no risk
RISKS = (FlagKind.LOW_RESULTS, FlagKind.ADVERSE_CONDITIONS, FlagKind.UNOBJECTIVE, FlagKind.OFFICIAL_MARKERS)
#: reasons longer than this are cut at a reason's end in DOCX and PDF (the XLSX has them whole)
MAX_REASONS_CHARS = 600
CUT_NOTE = " … (полностью — в выгрузке XLSX)"
LEVELS_NOTE = "Уровень: 1 — наблюдение, 2 — два признака или один сильный, 3 — высокий риск."


def build(*, year: SchoolYear | None, org_code: str | None, viewer: Any) -> Document:
    if year is None:
        raise ValueError("risk lists are built for a school year")
    flags = risk_frame(year=year, viewer=viewer)
    whom = "муниципалитет"
    if org_code:
        flags = flags.filter(pl.col("org_code") == org_code)
        whom = f"организация {org_code}"
    document = new_document(
        title="Списки ОО группы риска",
        subtitle=f"по флагам {year.name} учебного года; {whom}",
        years=[year],
    )
    document.add(Heading("1. Сводка"), *_summary(flags))
    for number, (kind, short) in enumerate(LISTS, start=2):
        rows = flags.filter(pl.col("kind") == kind.value)
        document.add(Heading(f"{number}. {kind.label}"))
        if rows.is_empty():
            document.add(Paragraph(f"Организаций в списке «{short}» за {year.name} учебный год нет."))
            continue
        document.add(Paragraph(_levels_sentence(rows)), list_table(rows, kind.label))
    document.add(Heading(f"{len(LISTS) + 2}. Организации в нескольких списках"), *_several(flags))
    return document


def risk_frame(*, year: SchoolYear, viewer: Any) -> pl.DataFrame:
    """One row per flag of the year the viewer may see: org_code, org_name, kind, flag (its Russian
    name), level, reasons (all, joined by «; »); by level, strongest first, then by code."""
    exported = flags_export_frame(school_year_name=year.name, viewer=viewer)
    names = organization_names(viewer=viewer).select("org_code", "org_name")
    return (
        exported.select(
            pl.col("Код ОО").alias("org_code"),
            pl.col("Флаг").alias("kind"),
            pl.col("Вид флага").alias("flag"),
            pl.col("Уровень").alias("level"),
            pl.col("Основания").alias("reasons"),
        )
        .join(names, on="org_code", how="left")
        .with_columns(pl.col("org_name").fill_null(pl.col("org_code")))
        .sort(["level", "org_code"], descending=[True, False])
        .select("org_code", "org_name", "kind", "flag", "level", "reasons")
    )


def _summary(flags: pl.DataFrame) -> list[Paragraph | TableBlock]:
    counts = flags.group_by("kind").agg(
        pl.len().alias("schools"),
        *(pl.col("level").eq(level).sum().alias(f"level{level}") for level in (3, 2, 1)),
    )
    order = pl.DataFrame(
        {
            "order": list(range(len(LISTS))),
            "kind": [kind.value for kind, _ in LISTS],
            "title": [kind.label for kind, _ in LISTS],
        }
    )
    frame = (
        order.join(counts, on="kind", how="left")
        .with_columns(pl.col("schools", "level3", "level2", "level1").fill_null(0))
        .sort("order")
    )
    table = Table(
        "summary",
        "Число организаций в списках",
        [
            Column("title", "Список"),
            Column("schools", "Число ОО", "int"),
            Column("level3", "Уровень 3", "int"),
            Column("level2", "Уровень 2", "int"),
            Column("level1", "Уровень 1", "int"),
        ],
        frame,
        note=LEVELS_NOTE + " Флаг — повод для анализа и проверки, а не вывод о нарушении.",
    )
    schools = flags["org_code"].n_unique()
    text = (
        f"Флаги за учебный год есть у {counted(schools, 'организации', 'организаций', 'организаций')}."
        if schools
        else "Флагов за учебный год нет: показатели не пересчитывались или признаков не выявлено."
    )
    return [Paragraph(text), table_block(table)]


def _levels_sentence(rows: pl.DataFrame) -> str:
    levels = [(level, rows.filter(pl.col("level") == level).height) for level in (3, 2, 1)]
    parts = ", ".join(f"уровень {level} — {n}" for level, n in levels if n)
    return f"В списке {counted(rows.height, 'организация', 'организации', 'организаций')}: {parts}."


def list_table(rows: pl.DataFrame, title: str, *, by_kind: bool = False, more: str = CUT_NOTE) -> TableBlock:
    """Rows of ``risk_frame`` as a table: code and name (or the flag's kind when ``by_kind``),
    level and the reasons, cut in DOCX and PDF (``more`` says where the rest is), whole in XLSX."""
    who = (
        [Column("flag", "Флаг")]
        if by_kind
        else [Column("org_code", "Код ОО", "code"), Column("org_name", "Организация")]
    )
    columns = [*who, Column("level", "Уровень", "int"), Column("reasons", "Основания")]
    shown = rows.with_columns(_shortened(pl.col("reasons"), more).alias("reasons"))
    block = table_block(Table("list", title, columns, shown), title=title)
    full = Table("list", title, columns, rows).export_frame()
    widths = (2.0, 1.0, 5.0) if by_kind else (1.0, 2.0, 1.0, 5.0)
    return replace(block, frame=full, widths=widths)


def _shortened(reasons: pl.Expr, more: str) -> pl.Expr:
    """The reasons up to the last «; » within MAX_REASONS_CHARS, and a note that more follow."""
    head = reasons.str.slice(0, MAX_REASONS_CHARS)
    cut = head.str.replace(r";[^;]*$", "")
    return pl.when(reasons.str.len_chars() > MAX_REASONS_CHARS).then(cut + more).otherwise(reasons)


def _several(flags: pl.DataFrame) -> list[Paragraph | TableBlock]:
    shorts = {kind.value: short for kind, short in LISTS}
    risky = flags.filter(pl.col("kind").is_in([k.value for k in RISKS]))
    several = (
        risky.with_columns(
            pl.concat_str(
                pl.col("kind").replace_strict(shorts),
                pl.lit(" ("),
                pl.col("level").cast(pl.String),
                pl.lit(")"),
            ).alias("label"),
            pl.col("kind").replace_strict({k.value: i for i, (k, _) in enumerate(LISTS)}).alias("order"),
        )
        .sort("order")
        .group_by("org_code", "org_name", maintain_order=True)
        .agg(
            pl.len().alias("lists"),
            pl.col("label").str.join(", ").alias("labels"),
            pl.col("level").max().alias("top"),
        )
        .filter(pl.col("lists") >= 2)
        .sort(["lists", "top", "org_code"], descending=[True, True, False])
    )
    if several.is_empty():
        return [Paragraph("Организаций, попавших одновременно в два списка группы риска и более, нет.")]
    table = Table(
        "several",
        "Организации в нескольких списках группы риска",
        [
            Column("org_code", "Код ОО", "code"),
            Column("org_name", "Организация"),
            Column("lists", "Списков", "int"),
            Column("labels", "Списки (уровень)"),
        ],
        several,
        note="Учтены списки ШНОР, ШФНСУ, признаков необъективности и маркеров методики 2019 года; "
        "резильентность — не риск и не учитывается.",
    )
    text = (
        f"Одновременно в двух списках группы риска и более — "
        f"{counted(several.height, 'организация', 'организации', 'организаций')}."
    )
    return [Paragraph(text), table_block(table)]

"""The objectivity and low-results flags of the schools a document is about, with the reasons
that name the document's work (a flag is per school and year; its reasons name the works)."""

from __future__ import annotations

import polars as pl

from msoko.assessments.models import Procedure
from msoko.core.models import SchoolYear
from msoko.flags.models import Flag, FlagKind
from msoko.pipeline.frames import SHORT
from msoko.reports import Column, Table
from msoko.reports.documents import Paragraph, TableBlock, table_block

#: the flags an analytic note reports, in this order
NOTE_FLAGS = (FlagKind.UNOBJECTIVE, FlagKind.OFFICIAL_MARKERS, FlagKind.LOW_RESULTS, FlagKind.RESILIENT)


def work_patterns(procedure: Procedure) -> tuple[str, ...]:
    """How flag reasons name a work: «ВПР МА5 2024/2025», «ВПР Математика 5:», «ОГЭ, Математика»."""
    kind, subject, grade = procedure.kind, procedure.subject, procedure.grade
    if grade is None:
        return (f"{kind}, {subject}", f"{kind} {subject}:")
    short = SHORT.get(subject)
    patterns = [f"{kind} {subject} {grade}:", f"{kind} {subject}, {grade}", f"{kind} {subject} {grade} "]
    if short:
        patterns.append(f"{kind} {short}{grade} ")
    return tuple(patterns)


def flags_frame(procedure: Procedure, org_codes: list[str], *, year: SchoolYear) -> pl.DataFrame:
    """One row per flag of the schools: code, name, kind title, level, and the reasons naming
    the work (or all the year's reasons, marked, when none names it)."""
    patterns = work_patterns(procedure)
    order = {kind.value: i for i, kind in enumerate(NOTE_FLAGS)}
    titles = dict(FlagKind.choices)
    rows = []
    flags = (
        Flag.objects.filter(school_year=year, organization__code__in=org_codes, kind__in=list(order))
        .select_related("organization")
        .order_by("organization__code")
    )
    for flag in flags:
        reasons = [str(r) for r in flag.reasons]
        # «ВПР 2024/2025, все работы: …» names every work of its kind
        named = [
            r
            for r in reasons
            if any(p in r for p in patterns) or (r.startswith(f"{procedure.kind} ") and "все работы" in r)
        ]
        text = "; ".join(named) if named else "по другим работам года: " + "; ".join(reasons[:3])
        rows.append(
            {
                "org_code": flag.organization.code,
                "org_name": flag.organization.short_name or flag.organization.name,
                "order": order[flag.kind],
                "kind": flag.kind,
                "flag": titles[flag.kind],
                "level": flag.level,
                "reasons": text,
                "names_work": bool(named),
            }
        )
    schema = {
        "org_code": pl.String,
        "org_name": pl.String,
        "order": pl.Int64,
        "kind": pl.String,
        "flag": pl.String,
        "level": pl.Int64,
        "reasons": pl.String,
        "names_work": pl.Boolean,
    }
    return pl.DataFrame(rows, schema=schema).sort("order", "org_code")


def flags_block(frame: pl.DataFrame) -> list[Paragraph | TableBlock]:
    """The flags table of a note (``flags_frame``), or a sentence saying there are none."""
    if frame.is_empty():
        return [
            Paragraph("Флагов необъективности, низких результатов и резильентности по этим ОО за год нет.")
        ]
    table = Table(
        "flags",
        "Флаги образовательных организаций",
        [
            Column("org_code", "Код ОО", "code"),
            Column("org_name", "Организация"),
            Column("flag", "Флаг"),
            Column("level", "Уровень", "int"),
            Column("reasons", "Основания"),
        ],
        frame,
    )
    note = (
        "Флаги вычисляются по всем работам учебного года; в основаниях приведены "
        "те, что относятся к этой работе. Уровень: 1 — наблюдение, 3 — высокий риск. Признаки "
        "необъективности — повод для проверки, а не доказательство."
    )
    return [table_block(table), Paragraph(note, "note")]

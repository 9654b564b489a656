"""«Аналитическая справка» after a procedure (ВПР, НИКО, РКР, МОП): for the municipality or one
school, from the same frames and chart specifications as the procedure's pages.

Seed 000 item 12, seed 001 item 13, seed 003 item 3.4 ask for it after every procedure; its
order follows the ФИС ОКО reports the pages already show, then the objectivity and low-results
findings, then conclusions that state only differences beyond chance (conclusions.py).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.wording import counted, format_number, format_percent
from msoko.assessments.models import Procedure
from msoko.core.access import DEPARTMENT
from msoko.directions.achievement.analysis import analysis_for
from msoko.directions.achievement.frames import ORDER, UNIT
from msoko.directions.achievement.page import Analysis
from msoko.documents import conclusions
from msoko.documents.common import new_document
from msoko.documents.cycle_links import cycle_links
from msoko.documents.flags import flags_block, flags_frame
from msoko.reports import charts
from msoko.reports.documents import Bullets, Document, Figure, Heading, Paragraph, table_block

MUNICIPALITY = "МО"
#: rows of the schools' table in a document; the page and its XLSX have them all
MAX_SCHOOL_ROWS = 300


def procedure_note(
    procedure: Procedure, *, org_code: str | None = None, viewer: Any = DEPARTMENT
) -> Document:
    """The note of ``procedure`` for the municipality, or for the school ``org_code``.

    Raises ``Procedure.DoesNotExist`` (no scheme) and ``NotVisible`` (the school has no results).
    """
    level = "school" if org_code else "procedure"
    analysis = analysis_for(pk=procedure.pk, viewer=viewer, level=level, org_code=org_code)
    year = procedure.school_year
    work = f"{procedure.kind} по учебному предмету «{procedure.subject}» в {procedure.grade} классах"
    whom = f"{analysis.org_name} (код {org_code})" if org_code else "муниципалитет"
    document = new_document(
        title="Аналитическая справка",
        subtitle=f"по результатам {work}, {year.name} учебный год; {whom}",
        years=[year],
    )
    focus = analysis.focus
    section = _Numbering()
    document.add(Heading(section.next("Общие сведения")), Paragraph(_participation(analysis, focus)))

    marks = analysis.sections[0]
    document.add(Heading(section.next("Результаты выполнения работы")))
    document.add(
        table_block(
            _rows(marks.tables[0], analysis),
            keys=["name", "participants", "p2", "p3", "p4", "p5", "success_rate", "quality_rate", "note"],
        ),
        *_figures(marks.chart_specs[:1], "Распределение отметок"),
        Paragraph(marks.note, "note"),
    )
    comparison = conclusions.year_comparison(analysis, unit=_focus_unit(analysis))
    if comparison is not None:
        document.add(Heading("Сравнение с прошлым годом", 2), table_block(comparison))

    journal = _section(analysis, "journal")
    document.add(Heading(section.next(journal.title)))
    document.add(table_block(_rows(journal.tables[0], analysis)), Paragraph(journal.note, "note"))

    scores = _section(analysis, "scores")
    document.add(Heading(section.next(scores.title)))
    document.add(*_figures(scores.chart_specs[:1], scores.title), table_block(scores.tables[0]))
    document.add(Paragraph(scores.note, "note"))

    tasks = _section(analysis, "tasks")
    document.add(Heading(section.next(tasks.title)))
    task_table = tasks.tables[0]
    document.add(
        table_block(task_table, keys=[c.key for c in task_table.columns if c.key not in ("position",)]),
        *_figures(tasks.chart_specs[:1], "Выполнение заданий"),
        table_block(_rows(tasks.tables[1], analysis)),
        Paragraph(tasks.note.split(" На тепловой карте")[0], "note"),
    )

    skills = _section(analysis, "skills")
    document.add(Heading(section.next("Достижение планируемых результатов и дефициты")))
    document.add(
        table_block(
            skills.tables[0], keys=["skill", "task_list", "completion", "skill_status", "systemic_text"]
        ),
        Paragraph(skills.note, "note"),
    )

    if not org_code:
        schools = _section(analysis, "schools")
        document.add(Heading(section.next("Результаты по образовательным организациям")))
        document.add(
            table_block(
                schools.tables[0],
                keys=[
                    "unit",
                    "name",
                    "participants",
                    "success_rate",
                    "quality_rate",
                    "mean_percent",
                    "delta_quality_rate",
                    "note",
                ],
                max_rows=MAX_SCHOOL_ROWS,
                title="Результаты по образовательным организациям",
            )
        )

    links = cycle_links(year)
    shown = [org_code] if org_code else _school_codes(analysis)
    document.add(Heading(section.next("Объективность результатов и низкие результаты")))
    flags = flags_frame(procedure, shown, year=year)
    document.add(*flags_block(flags))

    document.add(Heading(section.next("Выводы")))
    found = conclusions.procedure_conclusions(analysis, links=links, unit=_focus_unit(analysis), flags=flags)
    document.add(Bullets(tuple(found)))
    return document


class _Numbering:
    def __init__(self) -> None:
        self.number = 0

    def next(self, title: str) -> str:
        self.number += 1
        return f"{self.number}. {title}"


def _section(analysis: Analysis, anchor: str):
    return next(s for s in analysis.sections if s.anchor == anchor)


def _focus_unit(analysis: Analysis) -> str:
    return analysis.summary[UNIT][0] if analysis.summary.height else MUNICIPALITY


def _school_codes(analysis: Analysis) -> list[str]:
    schools = analysis.table("schools")
    return schools.frame[UNIT].to_list() if schools is not None else []


def _rows(table, analysis: Analysis):
    """At the municipality's level only the reference lines and the municipality (the schools
    have their own section); at a school's, the reference lines, the municipality, the school and
    its classes."""
    frame = table.frame
    if ORDER in frame.columns and analysis.level == "procedure":
        frame = frame.filter(pl.col(ORDER) <= 0)
    return replace(table, frame=frame)


def _figures(specs, caption: str) -> list[Figure]:
    return [Figure(charts.render_png(spec), caption) for spec in specs]


def _participation(analysis: Analysis, focus: dict) -> str:
    procedure = analysis.procedure
    results = analysis.data.results if analysis.data is not None else pl.DataFrame()
    if analysis.level == "school" and results.height:
        results = results.filter(pl.col("org_code") == analysis.org_code)
    written = present(results) if results.height else results
    absent = results.height - written.height
    participants = int(focus.get("participants") or written.height)
    text = (
        f"{procedure.kind} по учебному предмету «{procedure.subject}» в {procedure.grade} классах "
        f"выполняли {counted(participants, 'обучающийся', 'обучающихся', 'обучающихся')}"
    )
    if analysis.level == "procedure" and written.height:
        organisations = "образовательных организаций"
        schools = written["org_code"].n_unique()
        text += f" из {counted(schools, 'образовательной организации', organisations, organisations)}"
    elif written.height:
        classes = written["class_name"].n_unique()
        text += f" из {counted(classes, 'класса', 'классов', 'классов')}"
    text += "."
    if results.height and absent:
        share = absent * 100 / results.height
        text += (
            " Не выполняли работу (отсутствовали) "
            f"{counted(absent, 'обучающийся', 'обучающихся', 'обучающихся')}"
            f" ({format_percent(share)} списочного состава в файле результатов)."
        )
    if focus.get("success_rate") is not None:
        text += (
            f" Успеваемость — {format_percent(focus['success_rate'])}, качество знаний — "
            f"{format_percent(focus['quality_rate'])}, средний процент выполнения — "
            f"{format_number(focus.get('mean_percent'))}."
        )
    return text

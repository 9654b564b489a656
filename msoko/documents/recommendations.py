"""«Рекомендации руководителям ОО»: a letter to each school with the findings of the year and
every recommendation written for it (its due date, addressee and state).

Only recommendations the department has approved are written (approved, sent, acknowledged,
done — never drafts); a school sees only those sent to it (``Recommendation.visible_to``). The
department's document ends with the recommendations about the municipality as a whole, addressed
to methodical associations or to the department itself.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl
from django.utils import timezone

from msoko.analytics.wording import counted
from msoko.core.models import SchoolYear
from msoko.cycle.models import OVERDUE, STATE_TITLES, Finding, Recommendation, Status
from msoko.cycle.selectors import recommendation_list
from msoko.documents.common import new_document
from msoko.reports import Column, Table
from msoko.reports.documents import Bullets, Document, Heading, Paragraph, table_block
from msoko.reports.documents.model import Block

#: what a letter carries: what the department approved (drafts stay with the department)
WRITTEN = (Status.APPROVED, Status.SENT, Status.ACKNOWLEDGED, Status.DONE)
RECOMMENDATION_FORMS = ("адресную рекомендацию", "адресные рекомендации", "адресных рекомендаций")
#: reasons of a finding quoted in a letter; the rest are counted
QUOTED_REASONS = 3


def build(*, year: SchoolYear | None, org_code: str | None, viewer: Any) -> Document:
    if year is None:
        raise ValueError("recommendations are built for a school year")
    today = timezone.localdate()
    rows = written_recommendations(year=year, org_code=org_code, viewer=viewer)
    schools = [r for r in rows if r.organization_id is not None]
    whom = f"организация {org_code}" if org_code else "все организации"
    document = new_document(
        title="Рекомендации руководителям ОО",
        subtitle=f"по результатам мониторинга {year.name} учебного года; {whom}",
        years=[year],
    )
    letters = _by_organization(schools)
    if len(letters) > 1:
        document.add(
            Paragraph(
                f"Адресные рекомендации направлены "
                f"{counted(len(letters), 'организации', 'организациям', 'организациям')}; "
                "ниже — письмо каждой организации."
            ),
            replace(table_block(_summary_table(schools, today)), widths=(1.0, 3.0, 1.4, 1.4, 1.4)),
        )
    for recommendations in letters:
        document.add(*letter(recommendations, year=year, today=today, author=document.author))
    if not letters:
        document.add(
            Paragraph(
                f"Утверждённых адресных рекомендаций {'организации' if org_code else 'организациям'} "
                f"за {year.name} учебный год нет."
            )
        )
    municipal = [r for r in rows if r.organization_id is None]
    if municipal and not org_code:
        document.add(
            Heading("Рекомендации по муниципалитету в целом"),
            Paragraph(
                "Рекомендации по выводам о муниципалитете в целом адресованы методическим объединениям "
                "и отделу образования."
            ),
            *_recommendation_paragraphs(municipal, today=today),
        )
    document.contents = len(document.headings) > 1  # one letter needs no contents
    return document


def written_recommendations(*, year: SchoolYear, org_code: str | None, viewer: Any) -> list[Recommendation]:
    """The year's approved recommendations the viewer may see (of one school if ``org_code``),
    by organisation code, then due date: one query."""
    rows = recommendation_list(viewer=viewer, school_year=year).filter(status__in=WRITTEN)
    if org_code:
        rows = rows.filter(organization__code=org_code)
    return list(rows.order_by("organization__code", "due_on", "pk"))


def letter(
    recommendations: list[Recommendation], *, year: SchoolYear, today: dt.date, author: str
) -> list[Block]:
    """One school's letter from ``author``: a heading with its name, the findings, the
    recommendations."""
    organization = recommendations[0].organization
    findings = _findings(recommendations)
    blocks: list[Block] = [
        Heading(f"{organization.name} (код {organization.code})"),
        Paragraph(f"Руководителю {organization.name}", "lead"),
        Paragraph(
            f"По результатам мониторинга {year.name} учебного года {author} направляет "
            f"{counted(len(recommendations), *RECOMMENDATION_FORMS)}."
        ),
    ]
    if findings:
        blocks += [Paragraph("Выявлено:", "lead"), Bullets(tuple(_finding_text(f) for f in findings))]
    blocks += [Paragraph("Рекомендуется:", "lead"), *_recommendation_paragraphs(recommendations, today=today)]
    return blocks


def _by_organization(rows: list[Recommendation]) -> list[list[Recommendation]]:
    letters: dict[int, list[Recommendation]] = {}
    for rec in rows:
        letters.setdefault(rec.organization_id, []).append(rec)
    return list(letters.values())


def _findings(recommendations: list[Recommendation]) -> list[Finding]:
    seen: dict[int, Finding] = {}
    for rec in recommendations:
        if rec.finding is not None:
            seen.setdefault(rec.finding.pk, rec.finding)
    return list(seen.values())


def _finding_text(finding: Finding) -> str:
    reasons = [r for r in finding.evidence.split("; ") if r]
    text = finding.title
    if finding.level:
        text += f" (уровень {finding.level})"
    if reasons:
        quoted = "; ".join(reasons[:QUOTED_REASONS])
        rest = len(reasons) - QUOTED_REASONS
        more = f"; и ещё {counted(rest, 'основание', 'основания', 'оснований')}" if rest > 0 else ""
        text += f": {quoted}{more}"
    return text + "."


def _recommendation_paragraphs(rows: list[Recommendation], *, today: dt.date) -> list[Paragraph]:
    paragraphs = []
    for number, rec in enumerate(rows, start=1):
        state = rec.state(today)
        text = (
            f"{number}. {rec.text.rstrip('.')}. Срок исполнения — до {rec.due_on:%d.%m.%Y}. "
            f"Исполнитель: {rec.addressee_name} ({rec.get_addressee_display()}). "
            f"Состояние: {STATE_TITLES[state]}."
        )
        if state == OVERDUE:
            text += " Срок исполнения истёк, отчёт не представлен."
        if rec.report_text:
            text += f" Отчёт организации: {rec.report_text.strip()}"
        paragraphs.append(Paragraph(text))
    return paragraphs


def _summary_table(rows: list[Recommendation], today: dt.date) -> Table:
    frame = pl.DataFrame(
        [(r.organization.code, r.organization.display_name, r.state(today)) for r in rows],
        schema={"org_code": pl.String, "org_name": pl.String, "state": pl.String},
        orient="row",
    )
    summary = (
        frame.group_by("org_code", "org_name")
        .agg(
            pl.len().alias("total"),
            pl.col("state").eq(Status.DONE).sum().alias("done"),
            pl.col("state").eq(OVERDUE).sum().alias("overdue"),
        )
        .sort("org_code")
    )
    return Table(
        "letters",
        "Адресные рекомендации по организациям",
        [
            Column("org_code", "Код ОО", "code"),
            Column("org_name", "Организация"),
            Column("total", "Рекомендаций", "int"),
            Column("done", "Исполнено", "int"),
            Column("overdue", "Просрочено", "int"),
        ],
        summary,
    )

"""The road maps as a Word document: a heading and a table per road map, Times New Roman."""

from __future__ import annotations

import io

import polars as pl

FONT = "Times New Roman"
ROADMAP = "Дорожная карта"
#: the table's columns (the road map's title is the heading above it)
TABLE_COLUMNS = ("Раздел", "№", "Мероприятие", "Срок", "Ответственные", "Ожидаемый результат", "Статус")


def roadmaps_docx(frame: pl.DataFrame) -> bytes:
    """One heading and one table per value of «Дорожная карта», in the frame's order."""
    from docx import Document
    from docx.oxml.ns import qn
    from docx.shared import Pt

    document = Document()
    for style_name in ("Normal", "Heading 1", "Heading 2"):
        style = document.styles[style_name]
        style.font.name = FONT
        style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    document.styles["Normal"].font.size = Pt(10)
    document.add_heading("Дорожные карты", level=1)
    titles = frame.get_column(ROADMAP).unique(maintain_order=True).to_list() if frame.height else []
    for title in titles:
        rows = frame.filter(pl.col(ROADMAP) == title)
        document.add_heading(title, level=2)
        table = document.add_table(rows=1, cols=len(TABLE_COLUMNS))
        table.style = "Table Grid"
        for cell, name in zip(table.rows[0].cells, TABLE_COLUMNS, strict=True):
            cell.text = name
            for run in cell.paragraphs[0].runs:
                run.bold = True
        for row in rows.select(TABLE_COLUMNS).iter_rows():
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = value or ""
    if not titles:
        document.add_paragraph("Дорожных карт пока нет.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()

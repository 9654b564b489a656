"""A :class:`Document`'s tables as an XLSX workbook: a sheet of particulars, then a sheet per
table with the unformatted figures (Excel sums and sorts them), texts never formulas."""

from __future__ import annotations

import io

from msoko.reports.documents.model import Document, Paragraph
from msoko.tabular.safe_cells import xlsx_row


def render_xlsx(document: Document) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    about = book.active
    about.title = "Сведения"
    for line in (document.author, document.title, document.subtitle, f"Данные: {document.data_version}"):
        about.append(xlsx_row(about, [line]))
    about["A2"].font = Font(bold=True)
    for block in document.blocks:
        if isinstance(block, Paragraph) and block.kind != "note":
            about.append(xlsx_row(about, [block.text]))
    about.column_dimensions["A"].width = 120
    used: set[str] = set()
    for number, table in enumerate(document.tables, start=1):
        sheet = book.create_sheet(_sheet_name(f"{number} {table.title}", used))
        sheet.append(xlsx_row(sheet, [f"Таблица {number} – {table.title}"]))
        sheet["A1"].font = Font(bold=True)
        if table.frame is not None:
            headers, rows = table.frame.columns, table.frame.iter_rows()
        else:
            headers, rows = list(table.headers), iter(table.rows)
        sheet.append(xlsx_row(sheet, headers))
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(xlsx_row(sheet, row))
        for index, header in enumerate(headers, start=1):
            width = (
                60
                if (table.widths and table.widths[index - 1] > 1)
                else max(10, min(len(str(header)) + 2, 30))
            )
            sheet.column_dimensions[sheet.cell(2, index).column_letter].width = width
        sheet.freeze_panes = "A3"
        if table.note:
            sheet.append([])
            sheet.append(xlsx_row(sheet, [table.note]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_name(title: str, used: set[str]) -> str:
    """Excel's limits: 31 characters, none of []:*?/\\, unique in the workbook."""
    name = "".join("_" if ch in "[]:*?/\\\\" else ch for ch in title)[:31].strip()
    base, n = name, 2
    while name in used:
        suffix = f" ({n})"
        name, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(name)
    return name

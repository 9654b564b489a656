"""Workbooks a user downloads to fix a file: the errors of a rejected upload, the rows in quarantine.

Written in openpyxl's write-only mode, so a file with a hundred thousand bad rows does not
hold every cell object in memory. The values are the user's own, so a rejected «=HYPERLINK(…)»
goes back as text, never as a formula (tabular/safe_cells.py).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from msoko.tabular.problems import ImportProblem
from msoko.tabular.safe_cells import xlsx_cell, xlsx_row

ERROR_HEADERS = ("Строка", "Столбец", "Значение", "Ошибка")
ERRORS_COLUMN = "Ошибки"
MAX_WIDTH = 60


def errors_workbook(problems: Iterable[ImportProblem]) -> bytes:
    """One row per problem: row of the file (empty for the file as a whole), column, value, message."""
    book, sheet = _book("Ошибки", ERROR_HEADERS, widths=(9, 24, 24, 80))
    for p in problems:
        sheet.append(xlsx_row(sheet, [p.row or None, p.column, p.value, p.message]))
    return _bytes(book)


def quarantine_workbook(headers: Sequence[str], rows: Iterable[tuple[dict, list[str]]]) -> bytes:
    """The quarantined rows under the file's own headers, plus «Ошибки».

    Once the errors are corrected and the «Ошибки» column is deleted, the sheet loads as a
    `results` file again.
    """
    widths = [min(max(len(h) + 2, 8), MAX_WIDTH) for h in headers]
    book, sheet = _book("Карантин", (*headers, ERRORS_COLUMN), widths=(*widths, 80))
    for values, errors in rows:
        sheet.append(xlsx_row(sheet, [*(values.get(h) for h in headers), "; ".join(errors)]))
    return _bytes(book)


def _book(title: str, headers: Sequence[str], *, widths: Sequence[int]) -> tuple[Workbook, Any]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A2"
    bold, wrap = Font(bold=True), Alignment(vertical="top", wrap_text=True)
    header_cells = []
    for text in headers:
        cell = xlsx_cell(sheet, text)  # the quarantine's headers are the file's own
        cell.font, cell.alignment = bold, wrap
        header_cells.append(cell)
    sheet.append(header_cells)
    return book, sheet


def _bytes(book: Workbook) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()

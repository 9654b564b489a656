"""Tables leave the system as CSV (UTF-8, «;», a header row) or XLSX (spec/cli.md)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from msoko.core.audit import record
from msoko.core.models import AuditAction, User
from msoko.tabular.safe_cells import csv_safe_frame, xlsx_row


def csv_text(frame: pl.DataFrame) -> str:
    """Decimal points, «;» between cells, no index; nulls are empty cells; a text that a
    spreadsheet would run as a formula behind an apostrophe (tabular/safe_cells.py)."""
    buffer = io.StringIO()
    csv_safe_frame(frame).write_csv(buffer, separator=";", float_precision=None)
    return buffer.getvalue()


def write_xlsx(frame: pl.DataFrame, path: Path | io.BytesIO, *, sheet: str = "Данные") -> None:
    """A sheet with a bold header, sensible widths and the header row frozen; texts are never
    formulas (tabular/safe_cells.py)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    ws = book.active
    ws.title = sheet[:31]
    ws.append(xlsx_row(ws, frame.columns))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in frame.iter_rows():
        ws.append(xlsx_row(ws, row))
    for index, name in enumerate(frame.columns, start=1):
        width = max([len(str(name)), *(len(str(v)) for v in frame.get_column(name).head(200).to_list())])
        ws.column_dimensions[ws.cell(1, index).column_letter].width = min(max(width + 2, 8), 60)
    ws.freeze_panes = "A2"
    book.save(path)


def audit_export(*, actor: User | None, what: str, rows: int, details: dict | None = None) -> None:
    record(
        actor=actor,
        actor_name="msoko" if actor is None else "",
        action=AuditAction.EXPORT,
        summary=f"Выгрузка: {what}, строк {rows}",
        details=details or {},
    )

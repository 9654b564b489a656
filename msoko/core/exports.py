"""Tables leave the system as CSV (UTF-8 with a BOM, «;», a decimal comma) or XLSX (spec/cli.md)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl

from msoko.core.audit import record
from msoko.core.models import AuditAction, User
from msoko.tabular.safe_cells import csv_safe_frame, xlsx_row

DECIMAL_MARKS = (",", ".")


def csv_bytes(frame: pl.DataFrame, *, decimal: str = ",") -> bytes:
    """CSV for Russian Excel (spec/cli.md): UTF-8 with a BOM, «;» between cells, a header row,
    a decimal comma (``decimal="."`` for other programs), no thousands separators, an ASCII
    minus; nulls are empty cells; a text that a spreadsheet would run as a formula goes behind
    an apostrophe (tabular/safe_cells.py)."""
    if decimal not in DECIMAL_MARKS:
        raise ValueError(f"decimal mark must be one of {DECIMAL_MARKS}, got {decimal!r}")
    safe = csv_safe_frame(frame)
    floats = [name for name, dtype in safe.schema.items() if dtype.is_float()]
    buffer = io.StringIO()
    safe.with_columns(_decimal_text(name, decimal) for name in floats).write_csv(buffer, separator=";")
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def _decimal_text(name: str, decimal: str) -> pl.Expr:
    """A float as its shortest digits without an exponent: «6» for 6.0, «83,33» for 83.33."""
    column = pl.col(name)
    text = (
        pl.when(column.abs() < 1e-4)
        .then(column.round(6))  # Polars writes tiny floats with an exponent; a share is never that small
        .otherwise(column)
        .cast(pl.String)
        .str.replace(r"\.0$", "")
    )
    if decimal != ".":
        text = text.str.replace(".", decimal, literal=True)
    return text.alias(name)


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

"""Read a CSV or XLSX file into a frame of strings under its header row.

Exports often carry title rows above the header, so the header row is the first row that
holds every required header. Cells stay text here; the column specs parse them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from msoko.tabular.problems import ROW, ImportProblem, TableRejected

HEADER_SCAN_ROWS = 50
_SPACES = re.compile(r"\s+")


def normalize_header(text: object) -> str:
    """Headers match case-insensitively, after trimming, with ё = е and spaces collapsed."""
    if text is None:
        return ""
    return _SPACES.sub(" ", str(text)).strip().lower().replace("ё", "е")


@dataclass
class Table:
    """The rows under the header: one String column per header cell, plus ``ROW``."""

    frame: pl.DataFrame
    headers: list[str]
    header_row: int
    sheet: str | None = None
    notices: list[str] = field(default_factory=list)


def read_table(
    content: bytes,
    *,
    filename: str,
    required: Sequence[Sequence[str]],
    sheet_names: Sequence[str] = (),
) -> Table:
    """Read a file; ``required`` lists, per required column, the header spellings it accepts."""
    if not content.strip():
        raise TableRejected([ImportProblem(0, "", "", "файл пуст")])
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx" or content[:4] == b"PK\x03\x04":
        return _read_xlsx(content, required=required, sheet_names=sheet_names)
    if suffix in (".xls", ".ods"):
        raise TableRejected(
            [ImportProblem(0, "", filename, "формат не поддерживается: сохраните файл как XLSX или CSV")]
        )
    return _read_csv(content, required=required)


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise TableRejected([ImportProblem(0, "", "", "не удалось прочитать файл: неизвестная кодировка")])


def _header_index(rows: Sequence[Sequence[object]], required: Sequence[Sequence[str]]) -> int | None:
    wanted = [{normalize_header(h) for h in spellings} for spellings in required]
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = {normalize_header(c) for c in row}
        if all(spellings & cells for spellings in wanted):
            return index
    return None


def _missing_header_problem(
    rows: Sequence[Sequence[object]], required: Sequence[Sequence[str]]
) -> TableRejected:
    """Name the required headers missing from the row that came closest to being the header."""
    wanted = [[normalize_header(h) for h in spellings] for spellings in required]
    best_index, best_found = 0, -1
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = {normalize_header(c) for c in row}
        found = sum(1 for spellings in wanted if cells & set(spellings))
        if found > best_found:
            best_index, best_found = index, found
    cells = {normalize_header(c) for c in rows[best_index]} if rows else set()
    problems = [
        ImportProblem(
            best_index + 1,
            required_spellings[0],
            "",
            f"не найден обязательный столбец «{required_spellings[0]}»",
        )
        for required_spellings, spellings in zip(required, wanted, strict=True)
        if not cells & set(spellings)
    ]
    return TableRejected(problems)


def _read_csv(content: bytes, *, required: Sequence[Sequence[str]]) -> Table:
    text = _decode(content)
    head_lines = text.splitlines()[:HEADER_SCAN_ROWS]
    best: tuple[str, list[list[str]]] | None = None
    for delimiter in (";", ",", "\t"):
        rows = list(csv.reader(head_lines, delimiter=delimiter))
        index = _header_index(rows, required)
        if index is not None:
            return _csv_frame(text, delimiter=delimiter, header_index=index, header=rows[index])
        if best is None or max(map(len, rows), default=0) > max(map(len, best[1]), default=0):
            best = (delimiter, rows)
    raise _missing_header_problem(best[1] if best else [], required)


def _csv_frame(text: str, *, delimiter: str, header_index: int, header: list[str]) -> Table:
    frame = pl.read_csv(
        io.BytesIO(text.encode("utf-8")),
        separator=delimiter,
        has_header=False,
        infer_schema=False,
        skip_rows=header_index + 1,
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    width = len(header)
    if frame.width < width:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.String).alias(f"__pad{i}") for i in range(width - frame.width)
        )
    frame = frame.select(frame.columns[:width])
    names = _unique_names(header)
    frame = frame.rename(dict(zip(frame.columns, names, strict=True)))
    frame = frame.with_row_index(ROW, offset=header_index + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    return _drop_blank_rows(Table(frame=frame, headers=list(header), header_row=header_index + 1))


def _cell_text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y") if value.time() == dt.time() else value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    return str(value)


def _read_xlsx(content: bytes, *, required: Sequence[Sequence[str]], sheet_names: Sequence[str]) -> Table:
    import openpyxl  # imported here: CSV-only callers need not pay for it

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise TableRejected(
            [ImportProblem(0, "", "", f"не удалось открыть файл XLSX: {error.__class__.__name__}")]
        ) from error
    try:
        wanted = {normalize_header(n) for n in sheet_names}
        sheet = next(
            (ws for ws in workbook.worksheets if normalize_header(ws.title) in wanted),
            workbook.worksheets[0],
        )
        rows = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
    index = _header_index(rows, required)
    if index is None:
        raise _missing_header_problem(rows, required)
    header = [c or "" for c in rows[index]]
    while header and not header[-1]:
        header.pop()
    names = _unique_names(header)
    body = rows[index + 1 :]
    columns = {name: [row[i] if i < len(row) else None for row in body] for i, name in enumerate(names)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(names, pl.String))
    frame = frame.with_row_index(ROW, offset=index + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    table = Table(frame=frame, headers=header, header_row=index + 1, sheet=sheet.title)
    return _drop_blank_rows(table)


def _unique_names(header: Sequence[str]) -> list[str]:
    seen: dict[str, int] = {}
    names = []
    for i, cell in enumerate(header):
        name = str(cell).strip() if cell else f"__empty{i}"
        if name in seen:
            seen[name] += 1
            name = f"{name}__{seen[name]}"
        else:
            seen[name] = 0
        names.append(name)
    return names


def _drop_blank_rows(table: Table) -> Table:
    data_columns = [c for c in table.frame.columns if c != ROW]
    if not data_columns:
        return table
    blank = pl.all_horizontal(pl.col(c).is_null() | (pl.col(c).str.strip_chars() == "") for c in data_columns)
    table.frame = table.frame.filter(~blank)
    return table

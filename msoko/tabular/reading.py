"""Read a CSV or XLSX file into a frame of strings under its header row.

Exports often carry title rows above the header, so the header row is the first row that
holds every required header. Cells stay text here; the column specs parse them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from msoko.tabular.limits import MAX_CELL_CHARS
from msoko.tabular.problems import ROW, ImportProblem, TableRejected, thousands
from msoko.tabular.xlsx_guard import check_xlsx

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
    #: which of the accepted layouts the header row matched ("" when only one was given)
    layout: str = ""


Layouts = Mapping[str, Sequence[Sequence[str]]]


def read_table(
    content: bytes,
    *,
    filename: str,
    required: Sequence[Sequence[str]] = (),
    layouts: Layouts | None = None,
    sheet_names: Sequence[str] = (),
) -> Table:
    """Read a file under its header row.

    ``required`` lists, per required column, the header spellings it accepts. A file that
    may come in several layouts (ФИС ОКО exports) passes ``layouts`` instead: name → required
    headers; the first row matching any layout is the header and ``Table.layout`` names it.
    """
    layouts = dict(layouts) if layouts else {"": required}
    if not content.strip():
        raise TableRejected([ImportProblem(0, "", "", "файл пуст")])
    suffix = Path(filename).suffix.lower()
    if suffix == ".xlsx" or content[:4] == b"PK\x03\x04":
        return _read_xlsx(content, layouts=layouts, sheet_names=sheet_names)
    if suffix in (".xls", ".ods"):
        raise TableRejected(
            [ImportProblem(0, "", filename, "формат не поддерживается: сохраните файл как XLSX или CSV")]
        )
    return _read_csv(content, layouts=layouts)


def _encoding(content: bytes) -> str:
    """UTF-8 (with or without BOM) or, failing that, Windows-1251, which decodes any bytes."""
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return "cp1251"
    return "utf-8"


def _find_header(rows: Sequence[Sequence[object]], layouts: Layouts) -> tuple[int, str] | None:
    wanted = {
        name: [{normalize_header(h) for h in spellings} for spellings in required]
        for name, required in layouts.items()
    }
    for index, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cells = {normalize_header(c) for c in row}
        for name, columns in wanted.items():
            if all(spellings & cells for spellings in columns):
                return index, name
    return None


def _missing_header_problem(rows: Sequence[Sequence[object]], layouts: Layouts) -> TableRejected:
    """Name the required headers missing from the row that came closest to being the header
    (for the first, canonical layout: that is the one the user is told about)."""
    required = next(iter(layouts.values()))
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


def _refuse_binary(body: bytes) -> None:
    """A NUL byte never belongs in a UTF-8 or Windows-1251 table (and PostgreSQL cannot store
    one in text): name the line instead of loading a file saved in UTF-16 or damaged."""
    if body[:2] in (b"\xff\xfe", b"\xfe\xff"):
        raise TableRejected(
            [ImportProblem(0, "", "", "файл в кодировке UTF-16: сохраните его как CSV UTF-8 или XLSX")]
        )
    position = body.find(b"\x00")
    if position >= 0:
        line = body.count(b"\n", 0, position) + 1
        raise TableRejected(
            [
                ImportProblem(
                    line,
                    "",
                    "",
                    "в строке нулевой байт (NUL): файл повреждён или не является текстовой таблицей",
                )
            ]
        )


def read_table_parts(
    content: bytes,
    *,
    filename: str,
    layouts: Layouts,
    sheet_names: Sequence[str] = (),
    part_rows: int,
    parted_layouts: Sequence[str] = (),
) -> Iterator[Table]:
    """Read a file under its header row as Tables of at most ``part_rows`` rows each.

    A region's CSV of a million rows costs far more memory as one frame of text than its
    parsed values do, so a CSV whose header matches one of ``parted_layouts`` is read part by
    part: each part can be parsed and let go before the next is read. Anything else (XLSX, a
    CSV with quotes, which the line-based reader may have to re-read slowly) is one Table.
    Every part has the same header, layout and row numbering as ``read_table`` gives.
    """
    suffix = Path(filename).suffix.lower()
    if not content.strip() or suffix != ".csv" or content[:4] == b"PK\x03\x04":
        yield read_table(content, filename=filename, layouts=layouts, sheet_names=sheet_names)
        return
    found = _csv_header(content, layouts=layouts)
    if found.layout not in parted_layouts or b'"' in found.utf8:
        yield found.table()
        return
    parts, refused = 0, []
    for first_line, text in _line_parts(found.utf8, header_index=found.index, part_rows=part_rows):
        parts += 1
        frame = _csv_rows(text, delimiter=found.delimiter, width=len(found.header), first_line=first_line)
        try:
            table = _under_header(frame, found.header, found.index)
        except TableRejected as error:  # read on: the rejection names every over-long cell
            refused += error.problems
            continue
        table.layout = found.layout
        if not refused:
            yield table
    if refused:
        raise TableRejected(sorted(refused))
    if not parts:
        yield found.table()


def _line_parts(utf8: bytes, *, header_index: int, part_rows: int) -> Iterator[tuple[int, bytes]]:
    """The lines under the header in pieces of about ``part_rows`` lines, each with the file's
    line number of its first line. Only for a CSV without quotes, where a line is a record."""
    start = 0
    for _ in range(header_index + 1):
        start = utf8.find(b"\n", start) + 1
        if start == 0:
            return
    sample = utf8[start : start + 262_144]
    line_bytes = len(sample) / max(sample.count(b"\n"), 1)
    part_bytes = max(int(part_rows * line_bytes), 1)
    line = header_index + 2
    while start < len(utf8):
        end = utf8.find(b"\n", min(start + part_bytes, len(utf8) - 1))
        end = len(utf8) if end < 0 else end + 1
        text = utf8[start:end]
        yield line, text
        line += text.count(b"\n")
        start = end


def _csv_rows(text: bytes, *, delimiter: str, width: int, first_line: int, skip: int = 0) -> pl.DataFrame:
    """Rows of a CSV as strings after ``skip`` records, exactly ``width`` columns (short rows
    padded with nulls, cells beyond the header dropped: the first row no longer decides how
    many cells every row has), ``ROW`` numbered from ``first_line``."""
    names = [f"column_{i}" for i in range(width)]
    frame = pl.read_csv(
        io.BytesIO(text),
        separator=delimiter,
        has_header=False,
        skip_rows=skip,
        schema=dict.fromkeys(names, pl.String),
        missing_columns="insert",
        extra_columns="ignore",
        truncate_ragged_lines=True,
        raise_if_empty=False,
    )
    return frame.with_row_index(ROW, offset=first_line).with_columns(pl.col(ROW).cast(pl.Int64))


@dataclass
class _CsvHeader:
    utf8: bytes
    delimiter: str
    index: int
    header: list[str]
    layout: str

    def table(self) -> Table:
        table = _csv_frame(self.utf8, delimiter=self.delimiter, header_index=self.index, header=self.header)
        table.layout = self.layout
        return table


def _csv_header(content: bytes, *, layouts: Layouts) -> _CsvHeader:
    """The delimiter and the header row of a CSV (among its first lines), its text as UTF-8."""
    body = content.removeprefix(b"\xef\xbb\xbf")
    _refuse_binary(body)
    encoding = _encoding(body)
    # the header is among the first lines: never split a whole region-size file into lines for it
    head_lines = body[:262_144].decode(encoding, errors="replace").splitlines()[:HEADER_SCAN_ROWS]
    # Polars reads UTF-8 itself: hand it the original bytes, transcoding only Windows-1251
    utf8 = body if encoding == "utf-8" else body.decode("cp1251", errors="replace").encode("utf-8")
    best: list[list[str]] = []
    for delimiter in (";", ",", "\t"):
        rows = [record for _, record in _csv_records(head_lines, delimiter=delimiter, first_line=1)]
        found = _find_header(rows, layouts)
        if found is not None:
            index, layout = found
            return _CsvHeader(utf8, delimiter, index, rows[index], layout)
        if max(map(len, rows), default=0) > max(map(len, best), default=0):
            best = rows
    raise _missing_header_problem(best, layouts)


def _read_csv(content: bytes, *, layouts: Layouts) -> Table:
    return _csv_header(content, layouts=layouts).table()


def _csv_frame(utf8: bytes, *, delimiter: str, header_index: int, header: list[str]) -> Table:
    width = len(header)
    try:
        frame = _csv_rows(
            utf8, delimiter=delimiter, width=width, first_line=header_index + 2, skip=header_index + 1
        )
    except pl.exceptions.PolarsError:
        # a stray quote or a broken line: Python's reader copes with anything, more slowly
        frame = _csv_frame_slow(
            utf8.decode("utf-8"), delimiter=delimiter, header_index=header_index, width=width
        )
    return _under_header(frame, header, header_index)


def _under_header(frame: pl.DataFrame, header: list[str], header_index: int) -> Table:
    """Name the read columns after the header (padding short rows), refuse over-long cells and
    drop blank rows."""
    width = len(header)
    cells = [c for c in frame.columns if c != ROW]
    if len(cells) < width:
        frame = frame.with_columns(
            pl.lit(None, dtype=pl.String).alias(f"__pad{i}") for i in range(width - len(cells))
        )
        cells = [c for c in frame.columns if c != ROW]
    names = _unique_names(header)
    frame = frame.select(ROW, *(pl.col(c).alias(n) for c, n in zip(cells[:width], names, strict=True)))
    _refuse_long_cells(frame, headers=header)
    return _drop_blank_rows(Table(frame=frame, headers=list(header), header_row=header_index + 1))


def _refuse_long_cells(frame: pl.DataFrame, *, headers: Sequence[str]) -> None:
    """A cell holds at most Excel's 32,767 characters, in CSV as in XLSX (xlsx_guard)."""
    cells = [c for c in frame.columns if c != ROW]
    # bytes are never fewer than characters, and Arrow knows them without reading the text
    longest = frame.select(pl.max_horizontal(pl.col(c).str.len_bytes().max() for c in cells)).item()
    if longest is None or longest <= MAX_CELL_CHARS:
        return
    problems = [
        ImportProblem(
            row,
            str(header),
            "",
            f"в ячейке допустимо не больше {thousands(MAX_CELL_CHARS)} знаков (предел Excel), "
            f"а в этой — {thousands(chars)}",
        )
        for name, header in zip(cells, headers, strict=True)
        for row, chars in frame.select(ROW, chars=pl.col(name).str.len_chars())
        .filter(pl.col("chars") > MAX_CELL_CHARS)
        .iter_rows()
    ]
    if problems:
        raise TableRejected(sorted(problems))


def _csv_records(lines: Iterable[str], *, delimiter: str, first_line: int) -> Iterator[tuple[int, list[str]]]:
    """Each record with the line of the file it starts on.

    The csv module refuses a field over 131,072 characters: a cell far too long, or a quote
    never closed that swallowed the lines after it. Either is a rejection naming the line
    where the record starts, not a traceback.
    """
    reader = csv.reader(lines, delimiter=delimiter)
    start = first_line
    try:
        for record in reader:
            yield start, record
            start = first_line + reader.line_num
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            message = (
                f"в ячейке допустимо не больше {thousands(MAX_CELL_CHARS)} знаков (предел Excel), "
                "а в записи, которая начинается в этой строке, есть ячейка длиннее "
                f"{thousands(csv.field_size_limit())} знаков: проверьте, не осталась ли незакрытой "
                'кавычка «"»'
            )
        else:
            message = "строку не удалось разобрать как CSV: проверьте кавычки и разделители"
        raise TableRejected([ImportProblem(start, "", "", message)]) from error


def _csv_frame_slow(text: str, *, delimiter: str, header_index: int, width: int) -> pl.DataFrame:
    lines = text.splitlines()[header_index + 1 :]
    rows, numbers = [], []
    for line, record in _csv_records(lines, delimiter=delimiter, first_line=header_index + 2):
        numbers.append(line)
        rows.append(record[:width] + [None] * (width - len(record)))
    columns = {f"column_{i}": [r[i] if r[i] != "" else None for r in rows] for i in range(width)}
    frame = pl.DataFrame(columns, schema=dict.fromkeys(columns, pl.String))
    return frame.with_columns(pl.Series(ROW, numbers, dtype=pl.Int64))


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


def _read_xlsx(content: bytes, *, layouts: Layouts, sheet_names: Sequence[str]) -> Table:
    """Find the header with openpyxl on the first rows, then read the body with calamine
    (fastexcel, about four times faster on a 26,600-row ФИС ОКО file); openpyxl reads the
    whole sheet only when the fast reader is missing or its rows do not line up.

    Neither reader sees the bytes before :func:`check_xlsx` has measured them; openpyxl parses
    XML through defusedxml (it uses it whenever it is installed: ``openpyxl.DEFUSEDXML``).
    """
    import openpyxl  # imported here: CSV-only callers need not pay for it

    check_xlsx(content)
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
        # the declared <dimension> is not trusted (check_xlsx measured the cells instead):
        # openpyxl would pad every row to its width and add its empty rows
        sheet.reset_dimensions()
        head = _sheet_rows(sheet, max_row=HEADER_SCAN_ROWS)
        found = _find_header(head, layouts)
        if found is None:
            raise _missing_header_problem(head, layouts)
        index, layout = found
        header = [c or "" for c in head[index]]
        while header and not header[-1]:
            header.pop()
        names = _unique_names(header)
        body = _fast_body(content, sheet.title, header=header, names=names)
        if body is None:
            rows = _sheet_rows(sheet, min_row=index + 2)
            body = pl.DataFrame(
                {name: [row[i] if i < len(row) else None for row in rows] for i, name in enumerate(names)},
                schema=dict.fromkeys(names, pl.String),
            )
    finally:
        workbook.close()
    frame = body.with_row_index(ROW, offset=index + 2).with_columns(pl.col(ROW).cast(pl.Int64))
    table = Table(frame=frame, headers=header, header_row=index + 1, sheet=sheet.title, layout=layout)
    return _drop_blank_rows(table)


def _sheet_rows(sheet: object, **bounds: int) -> list[list[str | None]]:
    """The sheet's rows as text, read by openpyxl; a sheet it cannot parse is a rejection.

    check_xlsx leaves well-formedness to the readers when a sheet is written the usual way, so
    a stray «&» in a cell surfaces here as openpyxl's ParseError.
    """
    try:
        return [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True, **bounds)]
    except Exception as error:  # ParseError, ValueError … from a damaged sheet
        raise TableRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    f"не удалось прочитать лист «{sheet.title}»: файл повреждён "
                    f"({error.__class__.__name__}); сохраните таблицу заново в Excel или в CSV",
                )
            ]
        ) from error


def _fast_body(content: bytes, sheet: str, *, header: list[str], names: list[str]) -> pl.DataFrame | None:
    """The rows under the header as strings, read by calamine, or None if that is not possible.

    Calamine starts its range at the first used cell, so the header row is located again in
    its output and the columns are aligned on the header's first filled cell.
    """
    try:
        import fastexcel

        raw = fastexcel.read_excel(content).load_sheet(sheet, header_row=None, dtypes="string").to_polars()
    except Exception:  # any failure of the optional fast path falls back to openpyxl
        return None
    first = next((i for i, cell in enumerate(header) if cell), None)
    if first is None:
        return None
    target = [normalize_header(c) for c in header[first:]]
    for row_index, row in enumerate(raw.head(HEADER_SCAN_ROWS).iter_rows()):
        cells = [normalize_header(c) for c in row]
        for col in range(len(cells) - len(target) + 1):
            if cells[col : col + len(target)] == target:
                shift = col - first
                body = raw.slice(row_index + 1)
                columns = [
                    body.get_column(body.columns[i + shift]).alias(name)
                    if 0 <= i + shift < body.width
                    else pl.lit(None, dtype=pl.String).alias(name)
                    for i, name in enumerate(names)
                ]
                return (
                    body.select(columns)
                    if body.height
                    else pl.DataFrame(schema=dict.fromkeys(names, pl.String))
                )
    return None


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
    # cells of spaces are not looked into here: on a row that is not blank they reach the
    # parsers, which strip them and report a required cell as empty
    blank = pl.all_horizontal(pl.col(c).is_null() | (pl.col(c) == "") for c in data_columns)
    table.frame = table.frame.filter(~blank)
    return table

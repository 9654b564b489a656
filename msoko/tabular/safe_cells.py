"""Text leaves the system as text, never as a formula (CSV / formula injection).

Values users uploaded go back out: a rejected «=HYPERLINK(…)» in the errors workbook, a
quarantined row, a school's name in every export. A spreadsheet runs a cell that starts with
«=», «+», «-» or «@» as a formula, and some take a leading tab or carriage return the same way.
One rule for every writer, for text values only:

* XLSX: such a text is a string cell (openpyxl would make a text starting with «=» a formula);
* CSV: such a text gets a leading apostrophe, unless it is a plain number («-0.25»: a value
  formatted as text, which no spreadsheet runs and which must not be mangled).

Numbers stay numbers: numeric cells in XLSX, digits with an ASCII minus in CSV.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import polars as pl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_FORMULA_START = r"^[=+\-@\t\r]"
_PLAIN_NUMBER = r"^-[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$"
_PLAIN_NUMBER_RE = re.compile(_PLAIN_NUMBER)
_TEXT_TYPES = (pl.String, pl.Categorical, pl.Enum)


def csv_cell(value: Any) -> Any:
    """A value for ``csv.writer``: a formula-like text behind an apostrophe, anything else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS) and not _PLAIN_NUMBER_RE.match(value):
        return "'" + value
    return value


def csv_safe_frame(frame: pl.DataFrame) -> pl.DataFrame:
    """The frame with :func:`csv_cell` applied to its column names and text columns, vectorised."""
    safe = frame.with_columns(
        _safe_text(name) for name, dtype in frame.schema.items() if isinstance(dtype, _TEXT_TYPES)
    )
    return safe.rename({name: csv_cell(name) for name in frame.columns})


def _safe_text(name: str) -> pl.Expr:
    text = pl.col(name).cast(pl.String)
    formula_like = text.str.contains(_FORMULA_START) & ~text.str.contains(_PLAIN_NUMBER)
    return pl.when(formula_like).then(pl.concat_str(pl.lit("'"), text)).otherwise(text).alias(name)


def xlsx_row(sheet: Any, values: Iterable[Any]) -> list[Any]:
    """``values`` for ``sheet.append`` (a normal or a write-only openpyxl sheet) with every
    formula-like text as a string cell (:func:`xlsx_cell`); other values as they are."""
    return [
        xlsx_cell(sheet, value) if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value
        for value in values
    ]


def xlsx_cell(sheet: Any, value: Any) -> Any:
    """An openpyxl cell of ``sheet`` holding ``value``, never a formula: the text is kept whole,
    only the type openpyxl guessed from a leading «=» is set back to string."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell

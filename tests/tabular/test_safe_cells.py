"""Every XLSX and CSV writer writes a formula-like text as text, and numbers as numbers.

Each writer gets the same frame of hostile texts and is checked by reading its output back:
openpyxl for XLSX (the cell's type is not «f» and the text is whole), the csv module for CSV.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import polars as pl
import pytest

from msoko.assessments.xlsx import errors_workbook, quarantine_workbook
from msoko.core.exports import csv_bytes, write_xlsx
from msoko.tabular.problems import ImportProblem
from msoko.tabular.safe_cells import csv_cell

HOSTILE = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"]
# what a spreadsheet would take for a formula, and the apostrophe that keeps it text in CSV
IN_CSV = ["'" + text for text in HOSTILE]
FRAME = pl.DataFrame(
    {
        "Текст": [*HOSTILE, "-2", "Школа № 1"],
        "Число": [-3.5, 1.0, 0.0, 2.0, -1.0, 3.0, -2.0, 4.0],
        "Целое": [-3, 1, 0, 2, -1, 3, -2, 4],
    }
)


def _cells(content: bytes | io.BytesIO) -> list[list[openpyxl.cell.Cell]]:
    book = openpyxl.load_workbook(content if isinstance(content, io.BytesIO) else io.BytesIO(content))
    return [list(row) for row in book.active.iter_rows()]


def _assert_texts_are_string_cells(cells: list[openpyxl.cell.Cell], texts: list[str]) -> None:
    # XML turns a carriage return in text into a line feed on reading (openpyxl writes it raw)
    assert [c.value for c in cells] == [t.replace("\r", "\n") for t in texts]
    assert [c.data_type for c in cells] == ["s"] * len(texts)


def test_write_xlsx_keeps_formula_like_texts_whole_as_string_cells_and_numbers_numeric():
    buffer = io.BytesIO()
    write_xlsx(FRAME, buffer)
    buffer.seek(0)

    rows = _cells(buffer)

    _assert_texts_are_string_cells([row[0] for row in rows[1:]], [*HOSTILE, "-2", "Школа № 1"])
    assert [row[1].value for row in rows[1:]] == FRAME["Число"].to_list()
    assert {row[1].data_type for row in rows[1:]} == {"n"}
    assert [row[2].value for row in rows[1:]] == FRAME["Целое"].to_list()


def test_write_xlsx_keeps_a_formula_like_column_name_as_text():
    buffer = io.BytesIO()
    write_xlsx(pl.DataFrame({"=1+1": [1]}), buffer)
    buffer.seek(0)

    header = _cells(buffer)[0][0]

    assert (header.value, header.data_type, header.font.bold) == ("=1+1", "s", True)


def csv_text(frame: pl.DataFrame, **options: str) -> str:
    content = csv_bytes(frame, **options)
    assert content.startswith(b"\xef\xbb\xbf")  # UTF-8 with a BOM: Russian Excel reads it right
    return content.decode("utf-8-sig")


def test_csv_text_puts_an_apostrophe_before_formula_like_texts_only():
    rows = list(csv.reader(io.StringIO(csv_text(FRAME)), delimiter=";"))

    assert rows[0] == ["Текст", "Число", "Целое"]
    # a number formatted as text («-2») is no formula and is not mangled; numbers keep an ASCII
    # minus and a decimal comma, whole floats lose their «,0»
    assert [row[0] for row in rows[1:]] == [*IN_CSV, "-2", "Школа № 1"]
    assert [row[1] for row in rows[1:]] == ["-3,5", "1", "0", "2", "-1", "3", "-2", "4"]
    assert [row[2] for row in rows[1:]] == ["-3", "1", "0", "2", "-1", "3", "-2", "4"]


def test_csv_decimal_point_for_other_programs_and_no_thousands_separators():
    frame = pl.DataFrame({"x": [1234567.25, 0.5, None]})

    assert csv_text(frame, decimal=".").splitlines() == ["x", "1234567.25", "0.5", ""]
    assert csv_text(frame).splitlines() == ["x", "1234567,25", "0,5", ""]


def test_csv_text_treats_categorical_columns_and_column_names_as_text():
    frame = pl.DataFrame({"=x": ["@a", "b"]}, schema={"=x": pl.Categorical})

    rows = list(csv.reader(io.StringIO(csv_text(frame)), delimiter=";"))

    assert rows == [["'=x"], ["'@a"], ["b"]]


@pytest.mark.parametrize(
    ("_case", "value", "written"),
    [
        ("formula", "=1+1", "'=1+1"),
        ("negative_number_as_text", "-0.25", "-0.25"),
        ("minus_expression", "-1+1", "'-1+1"),
        ("plain_text", "Школа", "Школа"),
        ("number", -3.5, -3.5),
        ("none", None, None),
    ],
)
def test_csv_cell(_case, value, written):
    assert csv_cell(value) == written


def test_errors_workbook_writes_a_rejected_formula_back_as_text():
    problems = [ImportProblem(3, "=cmd|' /C calc'!A0", text, f"получено «{text}»") for text in HOSTILE]

    rows = _cells(errors_workbook(problems))

    _assert_texts_are_string_cells([row[1] for row in rows[1:]], ["=cmd|' /C calc'!A0"] * len(HOSTILE))
    _assert_texts_are_string_cells([row[2] for row in rows[1:]], HOSTILE)
    assert [row[0].value for row in rows[1:]] == [3] * len(HOSTILE)


def test_quarantine_workbook_writes_the_files_own_headers_and_values_as_text():
    headers = ["Код ОО", '=HYPERLINK("http://x","ok")']
    rows = [({"Код ОО": "0001", headers[1]: text}, ["ошибка"]) for text in HOSTILE]

    cells = _cells(quarantine_workbook(headers, rows))

    _assert_texts_are_string_cells(cells[0][:2], headers)
    _assert_texts_are_string_cells([row[1] for row in cells[1:]], HOSTILE)

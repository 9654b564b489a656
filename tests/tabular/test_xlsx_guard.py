"""Hostile XLSX files are refused with a Russian message before openpyxl or calamine reads them.

Each file is built here, part by part (tests/tabular/xlsx_parts.py). The files that used to
kill the process are read in a child process under an address-space limit, so a regression
fails the test instead of aborting the test run.
"""

from __future__ import annotations

import io
import random
import subprocess
import sys
import textwrap
import time
import zipfile

import openpyxl
import pytest
from defusedxml import EntitiesForbidden
from hypothesis import given, settings
from hypothesis import strategies as st

from msoko.tabular import limits, xlsx_guard
from msoko.tabular.problems import TableRejected
from msoko.tabular.reading import read_table
from tests.tabular.xlsx_parts import (
    SHEET,
    declare_parts,
    declare_size,
    header_row,
    sheet_xml,
    text_cell,
    workbook_xml,
    xlsx,
)

REQUIRED = [["Код ОО"], ["Наименование"]]
HEADER = header_row("Код ОО", "Наименование")
# both ways of measuring a sheet: byte searches first (0) or expat only
BOTH_SCANS = pytest.mark.parametrize("plain_scan_bytes", [0, 1 << 40], ids=["plain_first", "expat_only"])


def _read(content: bytes):
    return read_table(content, filename="x.xlsx", required=REQUIRED)


def _rejection(content: bytes) -> str:
    with pytest.raises(TableRejected) as error:
        _read(content)
    return "; ".join(str(p) for p in error.value.problems)


def _sparse_bomb() -> bytes:
    return xlsx(
        sheet_xml(f'{HEADER}<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>', dimension="A1:XFD1048576")
    )


def _read_in_child(content: bytes, *, plain_scan_bytes: int = xlsx_guard.PLAIN_SCAN_BYTES):
    """read_table in a child process limited to 1.5 GB of address space: an allocation the
    guard missed ends the child (abort or MemoryError), not the test run."""
    script = textwrap.dedent(
        f"""
        import resource, sys
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))
        from msoko.tabular import xlsx_guard
        xlsx_guard.PLAIN_SCAN_BYTES = {plain_scan_bytes}
        from msoko.tabular.problems import TableRejected
        from msoko.tabular.reading import read_table
        try:
            read_table(sys.stdin.buffer.read(), filename="x.xlsx", required={REQUIRED!r})
        except TableRejected as error:
            print("REJECTED", error)
        else:
            print("ACCEPTED")
        """
    )
    child = subprocess.run(
        [sys.executable, "-c", script], input=content, capture_output=True, timeout=120, check=False
    )
    assert child.returncode == 0, child.stderr.decode()[-2000:]
    return child.stdout.decode()


def test_one_cell_at_xfd1048576_is_refused_in_a_bounded_process():
    content = _sparse_bomb()
    assert len(content) < 2_000  # 1.7 KB asked calamine for 550 GB

    started = time.monotonic()
    out = _read_in_child(content)

    assert out.startswith("REJECTED")
    assert "на листе допустимо не больше 1 000 столбцов, а в файле есть ячейка XFD1048576" in out
    assert time.monotonic() - started < 60


@BOTH_SCANS
def test_sparse_cells_within_each_limit_are_refused_by_their_range(plain_scan_bytes):
    # column 1000 and row 1,048,576 are each allowed, their rectangle (10⁹ cells, 32 GB) is not
    content = xlsx(sheet_xml(f'{HEADER}<row r="1048576"><c r="ALL1048576"><v>1</v></c></row>'))

    out = _read_in_child(content, plain_scan_bytes=plain_scan_bytes)

    assert out.startswith("REJECTED")
    assert "диапазон листа допустимо не больше 20 000 000 ячеек" in out
    assert "ALL1048576" in out


@BOTH_SCANS
def test_rows_without_numbers_are_counted_as_the_readers_count_them(monkeypatch, plain_scan_bytes):
    monkeypatch.setattr(xlsx_guard, "PLAIN_SCAN_BYTES", plain_scan_bytes)
    monkeypatch.setattr(limits, "MAX_ROWS", 500)
    # 600 rows without `r`: readers number them 2, 3, … 601, each cell after the previous one
    content = xlsx(sheet_xml(HEADER + "<row><c><v>1</v></c><c><v>2</v></c></row>" * 600))

    message = _rejection(content)

    assert "на листе допустимо не больше 500 строк, а в файле есть строка 501" in message


def test_cells_without_numbers_are_counted_along_their_row(monkeypatch):
    monkeypatch.setattr(limits, "MAX_COLUMNS", 10)
    content = xlsx(sheet_xml(HEADER + '<row r="2">' + "<c><v>1</v></c>" * 11 + "</row>"))

    message = _rejection(content)

    assert "не больше 10 столбцов, а в файле есть ячейка K2 (столбец 11)" in message


def test_a_sheet_at_the_limits_is_read():
    cells = "".join(f"<c><v>{i}</v></c>" for i in range(3, limits.MAX_COLUMNS + 1))
    content = xlsx(
        sheet_xml(f'{HEADER}<row r="2">{text_cell("A2", "0001")}{text_cell("B2", "Школа")}{cells}</row>')
    )

    table = _read(content)

    assert table.frame.select("Код ОО", "Наименование").rows() == [("0001", "Школа")]


def test_a_declared_dimension_is_not_trusted_either_way():
    # Excel-like writers sometimes declare the whole sheet; openpyxl would pad every row to it
    content = xlsx(
        sheet_xml(
            HEADER + f'<row r="2">{text_cell("A2", "0001")}{text_cell("B2", "Школа")}</row>',
            dimension="A1:XFD1048576",
        )
    )

    table = _read(content)

    assert table.frame.height == 1


@BOTH_SCANS
def test_a_cell_over_excels_32767_characters_is_refused_naming_the_cell(monkeypatch, plain_scan_bytes):
    monkeypatch.setattr(xlsx_guard, "PLAIN_SCAN_BYTES", plain_scan_bytes)
    # 3 million characters (6 MB) that do not compress much, so the ratio limit does not step in
    long_text = "".join(random.Random(1).choices("абвгдеёжзийклмнопрстуфхцчшщъыьэюя", k=3_000_000))
    content = xlsx(
        sheet_xml(HEADER + f'<row r="2">{text_cell("A2", "0001")}{text_cell("B2", long_text)}</row>')
    )

    with pytest.raises(TableRejected) as error:
        _read(content)

    problem = error.value.problems[0]
    assert (problem.row, problem.value) == (2, "B2")
    assert problem.message.startswith("в ячейке допустимо не больше 32 767 знаков (предел Excel)")


@BOTH_SCANS
def test_a_cell_of_exactly_32767_characters_is_read(monkeypatch, plain_scan_bytes):
    monkeypatch.setattr(xlsx_guard, "PLAIN_SCAN_BYTES", plain_scan_bytes)
    text = "я" * limits.MAX_CELL_CHARS
    content = xlsx(sheet_xml(HEADER + f'<row r="2">{text_cell("A2", "0001")}{text_cell("B2", text)}</row>'))

    table = _read(content)

    assert table.frame.get_column("Наименование").str.len_chars().to_list() == [limits.MAX_CELL_CHARS]


def test_a_long_shared_string_split_into_runs_is_refused():
    runs = "".join(f"<r><t>{'ж' * 20_000}</t></r>" for _ in range(3))  # 60,000 characters in one cell
    shared = f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si>{runs}</si></sst>'
    content = xlsx(sheet_xml(HEADER), extra={"xl/sharedStrings.xml": shared})

    message = _rejection(content)

    assert "в ячейке допустимо не больше 32 767 знаков" in message
    assert "(общая строка)" in message


def test_a_row_bomb_is_refused_by_its_unpacked_size_without_unpacking_it(monkeypatch):
    monkeypatch.setattr(limits, "MAX_PART_BYTES", 4 * limits.MIB)
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>1</v></c><c r="B{n}"><v>1</v></c></row>' for n in range(2, 120_000)
    )
    content = xlsx(sheet_xml(HEADER + rows))

    message = _rejection(content)

    assert f"часть «{SHEET}» файла XLSX в распакованном виде должна занимать не больше 4,0 МБ" in message


def test_a_part_compressed_a_thousand_times_is_refused_as_a_zip_bomb():
    content = xlsx(sheet_xml(HEADER), extra={"xl/media/image1.png": b"\0" * (20 * limits.MIB)})
    assert len(content) < 100_000

    message = _rejection(content)

    assert "часть «xl/media/image1.png» файла XLSX сжата в" in message
    assert "файл похож на «ZIP-бомбу»" in message


def test_a_part_that_unpacks_bigger_than_declared_is_refused():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>1</v></c></row>' for n in range(2, 2_000))
    honest = xlsx(sheet_xml(HEADER + rows))
    # the directory says 200 bytes; Python's zipfile would stop there, calamine's unzip does not
    content = declare_size(honest, SHEET, 200)

    message = _rejection(content)

    assert f"часть «{SHEET}» файла XLSX распаковывается не в тот размер, что указан в архиве" in message


def test_other_parts_get_the_smaller_limit(monkeypatch):
    monkeypatch.setattr(limits, "MAX_OTHER_PART_BYTES", 1_000)
    styles = (
        '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + " " * 2_000
        + "</styleSheet>"
    )
    content = xlsx(sheet_xml(HEADER), extra={"xl/styles.xml": styles})

    message = _rejection(content)

    assert "часть «xl/styles.xml» файла XLSX в распакованном виде должна занимать не больше" in message


def test_an_archive_claiming_too_many_parts_is_refused_before_zipfile_reads_its_directory():
    content = declare_parts(xlsx(sheet_xml(HEADER)), 50_000)

    message = _rejection(content)

    assert "в файле XLSX допустимо не больше 10 000 частей, а в этом архиве указано 50 000" in message


def test_a_part_compressed_by_an_unknown_method_is_refused():
    content = xlsx(sheet_xml(HEADER), compression=zipfile.ZIP_BZIP2)

    message = _rejection(content)

    assert "сжата неизвестным способом" in message


def _billion_laughs() -> str:
    entities = '<!ENTITY l0 "ха-ха">' + "".join(
        f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)
    )
    return f"<!DOCTYPE workbook [{entities}]>"


def test_openpyxl_parses_through_defusedxml():
    # the guard refuses a DTD first; this checks the second line of defence on its own
    content = xlsx(sheet_xml(HEADER), workbook=workbook_xml(name="&l9;", doctype=_billion_laughs()))

    with pytest.raises(ValueError) as error:
        openpyxl.load_workbook(io.BytesIO(content), read_only=True)

    assert openpyxl.DEFUSEDXML is True
    # openpyxl wraps the parser's error: defusedxml refused the entity declarations
    assert isinstance(error.value.__cause__, EntitiesForbidden)


@pytest.mark.parametrize(
    ("_case", "doctype"),
    [
        ("billion_laughs", _billion_laughs()),
        ("external_entity", '<!DOCTYPE workbook [<!ENTITY l9 SYSTEM "file:///etc/passwd">]>'),
    ],
)
def test_a_dtd_in_any_part_is_refused(_case, doctype):
    content = xlsx(sheet_xml(HEADER), workbook=workbook_xml(name="&l9;", doctype=doctype))

    message = _rejection(content)

    assert "часть «xl/workbook.xml» файла XLSX содержит объявление DTD (<!DOCTYPE>)" in message


def test_a_broken_sheet_is_refused_but_a_broken_drawing_is_not():
    # Excel's own VML drawings are not well-formed XML; nobody reads them as cells
    vml = "<xml><v:shape><div><br></div></v:shape></xml>"
    fine = xlsx(
        sheet_xml(HEADER + f'<row r="2">{text_cell("A2", "0001")}{text_cell("B2", "Школа")}</row>'),
        extra={"xl/drawings/vmlDrawing1.vml": vml},
    )
    broken = xlsx(sheet_xml(HEADER + '<row r="2"><c r="A2"><v>1 & 2</v></c></row>'))

    assert _read(fine).frame.height == 1
    assert f"лист в части «{SHEET}» файла XLSX повреждён" in _rejection(broken)


@BOTH_SCANS
def test_a_stray_ampersand_in_a_usual_sheet_is_a_rejection_not_a_crash(monkeypatch, plain_scan_bytes):
    # byte searches leave well-formedness to openpyxl, whose ParseError becomes a rejection too
    monkeypatch.setattr(xlsx_guard, "PLAIN_SCAN_BYTES", plain_scan_bytes)
    content = xlsx(sheet_xml(HEADER + f'<row r="2">{text_cell("A2", "1 & 2")}</row>'))

    message = _rejection(content)

    assert "повреждён" in message
    assert "сохраните таблицу заново в Excel или в CSV" in message


@pytest.mark.parametrize(
    ("_case", "rows"),
    [
        ("prefixed_tags", '<x:row r="2"><x:c r="A2"><x:v>1</x:v></x:c></x:row>'),
        ("no_numbers", "<row><c><v>1</v></c></row>"),
        ("comment", '<!-- <c r="XFD1"/> --><row r="2"><c r="A2"><v>1</v></c></row>'),
        ("tab_separator", '<row\tr="2"><c r="A2"><v>1</v></c></row>'),
        ("over_a_limit", '<row r="2"><c r="XFD2"><v>1</v></c></row>'),
    ],
)
def test_byte_searches_leave_any_unusual_sheet_to_expat(_case, rows):
    data = sheet_xml(HEADER + rows).encode()

    assert xlsx_guard._plain_part_within_limits(data) is False


def test_byte_searches_accept_a_usual_sheet():
    rows = "".join(
        f'<row r="{n}"><c r="A{n}"><v>{n}</v></c><c r="AB{n}" t="s"><v>0</v></c></row>' for n in range(2, 500)
    )

    assert xlsx_guard._plain_part_within_limits(sheet_xml(HEADER + rows).encode()) is True


_REFS = st.sampled_from(["A1", "B7", "J60", "K3", "Z9", "AA1", "", "xfd2", "A0"])


def _cell(prefix: str, ref: str, text: str) -> str:
    r = f' r="{ref}"' if ref else ""
    return f"<{prefix}c{r}><{prefix}v>{text}</{prefix}v></{prefix}c>"


def _row(number: int | None, cells: list[str]) -> str:
    r = f' r="{number}"' if number else ""
    return f"<row{r}>{''.join(cells)}</row>"


_CELLS = st.builds(_cell, st.sampled_from(["", "", "x:"]), _REFS, st.text(alphabet="ab", max_size=30))
_ROWS = st.builds(_row, st.sampled_from([None, 1, 2, 40, 60]), st.lists(_CELLS, max_size=4))


SMALL_LIMITS = {"MAX_ROWS": 50, "MAX_COLUMNS": 10, "MAX_CELLS": 200, "MAX_CELL_CHARS": 20}


@settings(max_examples=300, deadline=None)
@given(rows=st.lists(_ROWS, max_size=8))
def test_byte_searches_never_accept_a_sheet_that_expat_refuses(rows):
    data = sheet_xml("".join(rows)).encode()

    with pytest.MonkeyPatch.context() as patch:
        for name, value in SMALL_LIMITS.items():
            patch.setattr(limits, name, value)
        if xlsx_guard._plain_part_within_limits(data):
            scan = xlsx_guard._PartScan(SHEET)
            scan.feed(data)
            scan.close()  # raises TableRejected if expat finds a limit broken

"""Reading CSV and XLSX: encodings, delimiters, title rows above the header, row numbers."""

import io

import openpyxl
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from msoko.tabular.problems import ROW, TableRejected
from msoko.tabular.reading import normalize_header, read_table, read_table_parts

REQUIRED = [["Код ОО"], ["Наименование"]]


def _xlsx(rows: list[list[object]], title: str = "Лист1") -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("_case", "content"),
    [
        ("utf8_semicolon", "Код ОО;Наименование\n0001;Школа № 1\n".encode()),
        ("utf8_bom_comma", "\ufeffКод ОО,Наименование\n0001,Школа № 1\n".encode()),
        ("cp1251_semicolon", "Код ОО;Наименование\n0001;Школа № 1\n".encode("cp1251")),
        ("cp1251_comma", "Код ОО,Наименование\n0001,Школа № 1\n".encode("cp1251")),
    ],
)
def test_csv_is_read_in_both_encodings_and_delimiters(_case, content):
    table = read_table(content, filename="orgs.csv", required=REQUIRED)

    assert table.frame.select("Код ОО", "Наименование").rows() == [("0001", "Школа № 1")]


def test_csv_header_found_under_title_rows_and_rows_numbered_as_in_the_file():
    content = "Реестр ОО\nпо состоянию на 01.09.2024\n\nКод ОО;Наименование\n0001;А\n\n0002;Б\n".encode()

    table = read_table(content, filename="orgs.csv", required=REQUIRED)

    # header on line 4; data on lines 5 and 7 (line 6 is blank and dropped)
    assert table.header_row == 4
    assert table.frame.select(ROW, "Код ОО").rows() == [(5, "0001"), (7, "0002")]


def test_xlsx_header_found_under_title_rows_and_numbers_read_as_text():
    content = _xlsx([["Реестр"], [None], ["код оо", "НАИМЕНОВАНИЕ"], [1234.0, "Школа"], ["0007", "Лицей"]])

    table = read_table(content, filename="orgs.xlsx", required=REQUIRED)

    assert table.header_row == 3
    assert table.frame.select(ROW, "код оо").rows() == [(4, "1234"), (5, "0007")]


def test_xlsx_prefers_the_sheet_named_after_the_kind():
    book = openpyxl.Workbook()
    book.active.append(["что-то другое"])
    named = book.create_sheet("organizations")
    named.append(["Код ОО", "Наименование"])
    named.append(["0001", "Школа"])
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table(buffer.getvalue(), filename="x.xlsx", required=REQUIRED, sheet_names=["organizations"])

    assert table.sheet == "organizations"
    assert table.frame.height == 1


def test_empty_file_is_rejected_with_a_message():
    with pytest.raises(TableRejected) as error:
        read_table(b"  \n", filename="x.csv", required=REQUIRED)

    assert str(error.value.problems[0]) == "файл: файл пуст"


def test_missing_required_header_is_named():
    with pytest.raises(TableRejected) as error:
        read_table("Код ОО;Название\n0001;Школа\n".encode(), filename="x.csv", required=REQUIRED)

    assert [str(p) for p in error.value.problems] == [
        "строка 1, столбец «Наименование»: не найден обязательный столбец «Наименование»"
    ]


def test_csv_with_a_nul_byte_is_rejected_naming_its_line():
    content = "Код ОО;Наименование\n0001;Школа\n0002;Шк\x00ола\n".encode()

    with pytest.raises(TableRejected) as error:
        read_table(content, filename="x.csv", required=REQUIRED)

    assert error.value.problems[0].row == 3
    assert "нулевой байт" in error.value.problems[0].message


def test_utf16_csv_is_rejected_with_the_encoding_named():
    content = "Код ОО;Наименование\n0001;Школа\n".encode("utf-16")

    with pytest.raises(TableRejected) as error:
        read_table(content, filename="x.csv", required=REQUIRED)

    assert "UTF-16" in error.value.problems[0].message


def test_damaged_xlsx_is_rejected_not_crashed():
    with pytest.raises(TableRejected) as error:
        read_table(b"PK\x03\x04broken", filename="x.xlsx", required=REQUIRED)

    assert "не удалось открыть файл XLSX" in error.value.problems[0].message


def test_headers_normalise_case_yo_and_spaces():
    assert normalize_header("  Квалификационная   КАТЕГОРИЁ ") == "квалификационная категорие"


def test_ragged_csv_rows_are_padded():
    table = read_table("Код ОО;Наименование;Тип\n0001;Школа\n".encode(), filename="x.csv", required=REQUIRED)

    assert table.frame.select("Тип").to_series().to_list() == [None]
    assert table.frame.schema["Тип"] == pl.String


def test_csv_with_a_stray_quote_is_read_not_crashed():
    content = 'Код ОО;Наименование\n"0001;А\n0002;Б\n0003;"В;\n0004;Г\n'.encode()

    table = read_table(content, filename="x.csv", required=REQUIRED)

    # the quoted field runs over lines 2–4 as CSV says; the next record starts on line 5
    assert table.frame.select(ROW, "Код ОО").rows() == [
        (2, "0001;А\\n0002;Б\\n0003;В".replace("\\n", "")),
        (5, "0004"),
    ]


def test_xlsx_header_not_in_the_first_column_keeps_sheet_row_numbers():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"] = "Отчёт"
    sheet["B5"], sheet["C5"] = "Код ОО", "Наименование"
    sheet["B6"], sheet["C6"] = 1234.0, "Школа"
    sheet["B8"], sheet["C8"] = "0007", "Лицей"
    buffer = io.BytesIO()
    book.save(buffer)

    table = read_table(buffer.getvalue(), filename="x.xlsx", required=REQUIRED)

    assert table.header_row == 5
    assert table.frame.select(ROW, "Код ОО", "Наименование").rows() == [
        (6, "1234", "Школа"),
        (8, "0007", "Лицей"),
    ]


@pytest.mark.parametrize(
    ("_case", "line"),
    [
        ("cell_far_too_long", "0002;" + "ж" * 200_000),
        ("quote_never_closed", '0002;"Школа № 2\n0003;Школа № 3\n' + "0004;Школа\n" * 30_000),
    ],
)
def test_csv_field_over_the_csv_modules_limit_is_rejected_naming_its_line(_case, line):
    # a stray quote on line 2 sends the file to Python's csv reader, which refuses fields over 131,072
    content = f'Код ОО;Наименование\n0001;Шк"ола\n{line}\n'.encode()

    with pytest.raises(TableRejected) as error:
        read_table(content, filename="x.csv", required=REQUIRED)

    problem = error.value.problems[0]
    assert problem.row == 3
    assert problem.message.startswith("в ячейке допустимо не больше 32 767 знаков (предел Excel), а в записи")
    assert "незакрытой кавычка" in problem.message


def test_csv_field_over_the_limit_among_the_first_lines_is_rejected_too():
    content = ("Код ОО;Наименование\n0001;" + "ж" * 200_000 + "\n").encode()

    with pytest.raises(TableRejected) as error:
        read_table(content, filename="x.csv", required=REQUIRED)

    assert error.value.problems[0].row == 2


def test_csv_cell_over_32767_characters_is_rejected_naming_row_and_column():
    rows = "".join(f"{i:04d};Школа\n" for i in range(1, 5))
    content = f"Код ОО;Наименование\n{rows}0005;{'ж' * 40_000}\n".encode()

    with pytest.raises(TableRejected) as error:
        read_table(content, filename="x.csv", required=REQUIRED)

    assert [str(p) for p in error.value.problems] == [
        "строка 6, столбец «Наименование»: в ячейке допустимо не больше 32 767 знаков (предел Excel), "
        "а в этой — 40 000"
    ]


def test_csv_cell_of_exactly_32767_characters_is_read():
    content = f"Код ОО;Наименование\n0001;{'ж' * 32_767}\n".encode()

    table = read_table(content, filename="x.csv", required=REQUIRED)

    assert table.frame.get_column("Наименование").str.len_chars().to_list() == [32_767]


def test_a_short_first_row_does_not_cut_the_rows_after_it():
    # the first row decided every row's width: «Тип» of the second row was lost
    content = "Код ОО;Наименование;Тип\n0001\n0002;Школа;СОШ\n".encode()

    table = read_table(content, filename="x.csv", required=REQUIRED)

    assert table.frame.select("Код ОО", "Тип").rows() == [("0001", None), ("0002", "СОШ")]


def _parts_of(content: bytes, part_rows: int) -> list[pl.DataFrame]:
    layouts = {"main": REQUIRED}
    return [
        t.frame
        for t in read_table_parts(
            content, filename="x.csv", layouts=layouts, part_rows=part_rows, parted_layouts=("main",)
        )
    ]


def test_csv_in_parts_gives_the_rows_and_numbers_of_a_whole_read():
    lines = ["Отчёт", "Код ОО;Наименование;Тип"] + [f"{i:04};Школа {i};" for i in range(1, 23)]
    lines[7] = ""  # a blank line keeps its number
    content = ("\n".join(lines) + "\n").encode()

    parts = _parts_of(content, part_rows=5)
    whole = read_table(content, filename="x.csv", required=REQUIRED).frame

    assert len(parts) > 2
    assert_frame_equal(pl.concat(parts), whole)
    assert whole.get_column(ROW).to_list()[:6] == [3, 4, 5, 6, 7, 9]  # line 8 was blank


def test_csv_with_quotes_or_another_layout_is_one_part():
    quoted = 'Код ОО;Наименование\n0001;"Школа; № 1"\n0002;Б\n0003;В\n'.encode()

    assert [p.height for p in _parts_of(quoted, part_rows=1)] == [3]
    plain = "Код ОО;Наименование\n0001;А\n0002;Б\n0003;В\n".encode()
    parts = read_table_parts(plain, filename="x.csv", layouts={"main": REQUIRED}, part_rows=1)
    assert [t.frame.height for t in parts] == [3]


def test_over_long_cells_in_any_part_are_all_named():
    long = "я" * 32_768
    rows = ["Код ОО;Наименование"] + [f"{i:04};{long if i in (2, 9) else 'А'}" for i in range(1, 11)]

    with pytest.raises(TableRejected) as error:
        _parts_of(("\n".join(rows) + "\n").encode(), part_rows=3)

    assert [(p.row, p.column) for p in error.value.problems] == [(3, "Наименование"), (10, "Наименование")]

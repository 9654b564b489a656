"""The document renderers on hand-made content: what a user opening the files would see."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
import pytest

from msoko.reports import Column, Table, charts
from msoko.reports.documents import Bullets, Document, Figure, Heading, Paragraph, render, table_block
from msoko.reports.documents.style import DocumentStyle
from tests.documents.document_checks import headings, ink_outside, open_docx, page_count, pdf_text, table_rows

LONG_NAME = "МБОУ «Средняя общеобразовательная школа № 12 с углублённым изучением отдельных предметов»"


def _table(rows: int = 3) -> Table:
    frame = pl.DataFrame(
        {
            "code": [f"{i:04d}" for i in range(rows)],
            "name": [LONG_NAME if i % 2 else "=СУММ(A1:A2)" for i in range(rows)],
            "n": [12345 + i for i in range(rows)],
            "q": [91.66 - i for i in range(rows)],
        }
    )
    columns = [
        Column("code", "Код ОО", "code"),
        Column("name", "Организация"),
        Column("n", "Участников", "int"),
        Column("q", "Качество, %", "pct"),
    ]
    return Table("t", "Качество по школам", columns, frame, note="Источник: тест.")


def _document(rows: int = 3, **kwargs) -> Document:
    marks = pl.DataFrame({"group": ["Муниципалитет"], "p2": [10.0], "p3": [30.0], "p4": [40.0], "p5": [20.0]})
    document = Document(
        title="Аналитическая справка",
        subtitle="по результатам теста",
        author="Управление образования",
        data_version="2024/2025: пересчёт № 1 от 01.06.2025 10:00",
        **kwargs,
    )
    document.add(
        Heading("1. Участие"),
        Paragraph("В работе приняли участие 12 345 обучающихся."),
        Heading("1.1. Подробности", 2),
        table_block(_table(rows)),
        Figure(charts.render_png(charts.mark_distribution_chart(marks)), "Распределение отметок"),
        Heading("2. Выводы"),
        Bullets(("Первый вывод.", "Второй вывод.")),
    )
    return document


def test_docx_cells_are_formatted_as_on_the_pages_and_the_header_row_repeats():
    word = open_docx(render(_document(), "docx"))

    assert headings(word) == ["1. Участие", "2. Выводы"]
    assert headings(word, 2) == ["1.1. Подробности"]
    rows = table_rows(word.tables[0])
    assert rows[0] == ["Код ОО", "Организация", "Участников", "Качество, %"]
    assert rows[1] == ["0000", "=СУММ(A1:A2)", "12\u2009345", "91,7"]  # thin space, decimal comma
    assert "w:tblHeader" in word.tables[0]._tbl.xml
    assert word.tables[0].rows[1].cells[3].paragraphs[0].alignment == 2  # numbers to the right
    assert len(word.inline_shapes) == 1  # the chart, as a picture
    assert "Таблица 1 – Качество по школам" in [p.text for p in word.paragraphs]
    assert "Рисунок 1 – Распределение отметок" in [p.text for p in word.paragraphs]


def test_a_long_table_runs_over_pages_within_the_margins_repeating_its_header():
    data = render(_document(rows=120), "pdf")

    assert page_count(data) >= 3
    text = pdf_text(data)
    assert text.count("Участников") >= 3  # the header on every page of the table
    assert "12 464" in " ".join(text.split()) or "12\u2009464" in text  # 12345 + 119
    assert ink_outside(data, left_mm=25, right_mm=12) == []


def test_xlsx_has_a_sheet_per_table_with_numbers_as_numbers_and_no_formulas():
    book = openpyxl.load_workbook(io.BytesIO(render(_document(), "xlsx")))

    assert book.sheetnames == ["Сведения", "1 Качество по школам"]
    sheet = book["1 Качество по школам"]
    assert [c.value for c in sheet[2]] == ["Код ОО", "Организация", "Участников", "Качество, %"]
    assert [c.value for c in sheet[3]] == ["0000", "=СУММ(A1:A2)", 12345, 91.7]
    assert sheet["B3"].data_type == "s"  # a formula-like text stays text
    assert book["Сведения"]["A4"].value == "Данные: 2024/2025: пересчёт № 1 от 01.06.2025 10:00"


def test_the_fingerprint_follows_the_content():
    first, same, other = _document(), _document(), _document(rows=4)

    assert first.fingerprint == same.fingerprint
    assert first.fingerprint != other.fingerprint


def test_margins_come_from_a_setting_and_bad_values_are_refused():
    style = DocumentStyle.with_margins("25,10,20,35")
    word = open_docx(render(_document(style=style), "docx"))
    section = word.sections[0]
    assert [
        round(m.mm)
        for m in (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    ] == [25, 10, 20, 35]
    with pytest.raises(ValueError, match="четыре числа"):
        DocumentStyle.with_margins("20,15,20")
    with pytest.raises(ValueError, match="четыре числа"):
        DocumentStyle.with_margins("2,15,20,30")


def test_an_unknown_format_is_refused():
    with pytest.raises(ValueError, match="docx, pdf or xlsx"):
        render(_document(), "odt")

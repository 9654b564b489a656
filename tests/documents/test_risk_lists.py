"""«Списки ОО группы риска»: the flags of a year by list, opened as DOCX, PDF and XLSX.

Flags of 2024/2025:

* 0001 (СШ № 1): ШНОР level 2, ШФНСУ level 1, unobjectivity level 3 with 40 long reasons;
* 0002 (Гимназия № 2): ШНОР level 3, resilient level 1;
* 0003: the 2019 markers, level 1.

So the ШНОР list is 0002 then 0001 (level first), and only 0001 is in several risk lists
(resilience is no risk).
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.cli import main
from msoko.core.access import DEPARTMENT
from msoko.core.models import SchoolYear
from msoko.documents.risk_lists import build
from msoko.flags.models import Flag, FlagKind
from msoko.reports.documents import render
from tests import factories
from tests.documents.document_checks import (
    assert_same_document,
    headings,
    ink_outside,
    open_docx,
    pdf_text,
    table_rows,
    table_titled,
)

pytestmark = pytest.mark.django_db

LOW = "ВПР Математика 5: ниже минимума 40 % (8 из 20) при 9 % по МО, 2024/2025"
LONG = [
    f"ВПР РУ{grade} 2024/2025: повысили отметку по журналу 4{grade} % при ожидаемых 12 %"
    for grade in range(40)
]


@pytest.fixture
def year(school_a, school_b) -> SchoolYear:
    year = factories.SchoolYearFactory(name="2024/2025", start_year=2024)
    third = factories.OrganizationFactory(code="0003", name="МБОУ «ООШ № 3»", short_name="ООШ № 3")
    flags = [
        (school_a, FlagKind.LOW_RESULTS, 2, [LOW]),
        (school_a, FlagKind.ADVERSE_CONDITIONS, 1, ["индекс социального контекста −0,83"]),
        (school_a, FlagKind.UNOBJECTIVE, 3, LONG),
        (school_b, FlagKind.LOW_RESULTS, 3, ["ВПР Русский язык 6: ниже минимума 50 %"]),
        (school_b, FlagKind.RESILIENT, 1, ["результат выше ожидаемого на 0,8 ст. откл."]),
        (third, FlagKind.OFFICIAL_MARKERS, 1, ["ВПР МА4 2024/2025: граница интервала выше МО"]),
    ]
    for organization, kind, level, reasons in flags:
        Flag.objects.create(
            school_year=year, organization=organization, kind=kind, level=level, reasons=reasons
        )
    return year


def test_the_docx_has_a_list_per_flag_kind_sorted_by_level_and_the_schools_in_several(year):
    word = open_docx(render(build(year=year, org_code=None, viewer=DEPARTMENT), "docx"))

    assert headings(word) == [
        "1. Сводка",
        "2. Низкие результаты (ШНОР)",
        "3. Неблагоприятные условия (ШФНСУ)",
        "4. Признаки необъективности",
        "5. Маркеры необъективности (методика 2019)",
        "6. Резильентная школа",
        "7. Организации в нескольких списках",
    ]
    summary = table_rows(table_titled(word, "Число организаций в списках"))
    assert summary[1] == ["Низкие результаты (ШНОР)", "2", "1", "1", "0"]
    assert summary[5] == ["Резильентная школа", "1", "0", "0", "1"]
    low = table_rows(table_titled(word, "Низкие результаты (ШНОР)"))
    assert low[0] == ["Код ОО", "Организация", "Уровень", "Основания"]
    assert [row[:3] for row in low[1:]] == [["0002", "Гимназия № 2", "3"], ["0001", "СШ № 1", "2"]]
    assert low[2][3] == LOW
    unobjective = table_rows(table_titled(word, "Признаки необъективности"))[1][3]
    assert unobjective.startswith(LONG[0])
    assert unobjective.endswith("… (полностью — в выгрузке XLSX)")
    assert len(unobjective) < 700
    several = table_rows(table_titled(word, "Организации в нескольких списках группы риска"))
    assert several[1:] == [["0001", "СШ № 1", "3", "ШНОР (2), ШФНСУ (1), необъективность (3)"]]


def test_the_xlsx_has_a_sheet_per_list_with_the_reasons_whole(year):
    book = openpyxl.load_workbook(
        io.BytesIO(render(build(year=year, org_code=None, viewer=DEPARTMENT), "xlsx"))
    )

    assert book.sheetnames[:3] == ["Сведения", "1 Число организаций в списках", "2 Низкие результаты (ШНОР)"]
    low = list(book["2 Низкие результаты (ШНОР)"].values)
    assert low[1] == ("Код ОО", "Организация", "Уровень", "Основания")
    assert low[2][:3] == ("0002", "Гимназия № 2", 3)  # the level is a number
    unobjective = list(book["4 Признаки необъективности"].values)
    assert unobjective[2][3] == "; ".join(LONG)


def test_the_pdf_keeps_to_the_margins_and_building_twice_gives_the_same_document(year):
    first = build(year=year, org_code=None, viewer=DEPARTMENT)
    second = build(year=year, org_code=None, viewer=DEPARTMENT)
    data = render(first, "pdf")

    text = " ".join(pdf_text(data).split())
    assert "СПИСКИ ОО ГРУППЫ РИСКА" in text
    assert "ШНОР (2), ШФНСУ (1), необъективность (3)" in text
    assert ink_outside(data, left_mm=12, right_mm=12) == []
    assert_same_document(first, second)


def test_one_organisation_and_the_command(year, tmp_path, capsys):
    word = open_docx(render(build(year=year, org_code="0002", viewer=DEPARTMENT), "docx"))
    assert [row[0] for row in table_rows(table_titled(word, "Низкие результаты (ШНОР)"))[1:]] == ["0002"]

    assert main(["report", "risk-lists", "--year", "2024/2025", "-o", str(tmp_path / "risk.xlsx")]) == 0
    assert "Документ записан" in capsys.readouterr().out
    assert openpyxl.load_workbook(tmp_path / "risk.xlsx").sheetnames[0] == "Сведения"
    assert main(["report", "risk-lists", "--year", "2024/2025", "-o", str(tmp_path / "risk.txt")]) == 2


def test_the_department_downloads_it_and_a_school_may_not(year, client, specialist, school_user):
    url = reverse("documents:report", args=["risk-lists"])
    client.force_login(specialist)
    response = client.get(url, {"format": "xlsx", "year": "2024/2025"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    client.force_login(school_user)
    assert client.get(url, {"format": "pdf"}).status_code == 403

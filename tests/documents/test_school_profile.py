"""«Профиль ОО»: one organisation across directions and years, opened as DOCX and PDF and
checked against the stored values.

Stored values (IndicatorValue) of school 0001 and the municipality («МО»):

* marks.success_rate (direction 1): 0001 — 90,0 / 91,0 / 91,7 in 2022/2023–2024/2025, МО 2024/2025
  90,5 → change +0,7;
* talents.regional_stage_share (direction 3): 0001 — 20,0 in 2023/2024 and 30,0 in 2024/2025;
* ВПР, Математика, 5 класс, 2024/2025: 0001 — 24 participants, success 91,7, quality 50,0,
  mean 60,0; МО — success 85,0, quality 45,5;
* ОГЭ, Математика: 0001 — 30 participants, «2» 3,3 %, quality 60,0; МО — 5,0 % and 55,0;
* school 0002's values, which the profile of 0001 never shows.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from msoko.cli import main
from msoko.core.access import DEPARTMENT
from msoko.core.models import SchoolYear
from msoko.cycle.models import Addressee, Finding, Recommendation, Source, Status
from msoko.documents.school_profile import build
from msoko.flags.models import Flag, FlagKind
from msoko.indicators.models import IndicatorValue
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

YEARS = ("2022/2023", "2023/2024", "2024/2025")
SUCCESS = "Успеваемость по годовым отметкам (отметки «3», «4», «5»)"
RECOMMENDATION = "Разработать план повышения объективности оценивания"


def _value(code, organization, year, value, **breakdown):
    IndicatorValue.objects.create(
        code=code,
        organization=organization,
        org_code=organization.code if organization else "МО",
        school_year=year,
        value=value,
        **breakdown,
    )


@pytest.fixture
def year(school_a, school_b) -> SchoolYear:
    years = [factories.SchoolYearFactory(name=name, start_year=int(name[:4])) for name in YEARS]
    for year_, own, municipal in zip(years, (90.0, 91.0, 91.7), (88.0, 89.0, 90.5), strict=True):
        _value("marks.success_rate", school_a, year_, own)
        _value("marks.success_rate", None, year_, municipal)
        _value("marks.success_rate", school_b, year_, 50.0)
    _value("talents.regional_stage_share", school_a, years[1], 20.0)
    _value("talents.regional_stage_share", school_a, years[2], 30.0)
    vpr = {"procedure": "ВПР", "subject": "Математика", "grade": 5}
    for code, own, municipal in (
        ("participants", 24, 180),
        ("success_rate", 91.66, 85.0),
        ("quality_rate", 50.0, 45.5),
        ("mean_percent", 60.0, 58.0),
    ):
        _value(f"results.{code}", school_a, years[2], own, **vpr)
        _value(f"results.{code}", None, years[2], municipal, **vpr)
    oge = {"procedure": "ОГЭ", "subject": "Математика"}
    for code, own, municipal in (
        ("participants", 30, 200),
        ("fail_rate", 3.33, 5.0),
        ("quality_rate", 60.0, 55.0),
    ):
        _value(f"gia.{code}", school_a, years[2], own, **oge)
        _value(f"gia.{code}", None, years[2], municipal, **oge)
    Flag.objects.create(
        school_year=years[2],
        organization=school_a,
        kind=FlagKind.UNOBJECTIVE,
        level=2,
        reasons=["ВПР МА5 2024/2025: повысили отметку по журналу 40 %"],
    )
    finding = Finding.objects.create(
        school_year=years[2],
        organization=school_a,
        org_code="0001",
        source=Source.FLAG,
        code="unobjective",
        direction=5,
        level=2,
        opened_on=dt.date(2025, 6, 1),
    )
    Recommendation.objects.create(
        school_year=years[2],
        direction=5,
        finding=finding,
        addressee=Addressee.ORGANIZATION,
        organization=school_a,
        addressee_name="МБОУ «Средняя школа № 1»",
        text=RECOMMENDATION,
        due_on=dt.date(2099, 10, 1),
        status=Status.SENT,
    )
    return years[2]


def test_the_docx_has_every_section_and_the_values_of_the_database(year):
    word = open_docx(render(build(year=year, org_code="0001", viewer=DEPARTMENT), "docx"))

    assert headings(word) == [
        "1. Сведения об организации",
        "2. Показатели по направлениям",
        "3. Оценочные процедуры и ГИА 2024/2025 учебного года",
        "4. Флаги 2024/2025 учебного года",
        "5. Управленческий цикл",
    ]
    assert headings(word, 2) == ["1. Качество подготовки", "3. Способности и таланты"]
    card = table_rows(table_titled(word, "Сведения реестра"))
    assert ["Код ОО", "0001"] in card
    assert ["Численность обучающихся (реестр)", "500"] in card
    quality = table_rows(table_titled(word, "1. Качество подготовки"))
    assert quality[0] == ["Показатель", "Ед.", *YEARS, "МО, 2024/2025", "Изменение"]
    assert quality[1] == [SUCCESS, "%", "90,0", "91,0", "91,7", "90,5", "+0,7"]
    talents = table_rows(table_titled(word, "3. Способности и таланты"))
    assert talents[1][2:] == ["—", "20,0", "30,0", "—", "+10,0"]
    results = table_rows(table_titled(word, "Результаты оценочных процедур"))
    assert results[1] == ["ВПР, Математика, 5 класс", "24", "91,7", "85,0", "50,0", "45,5", "60,0"]
    oge = table_rows(table_titled(word, "Результаты ОГЭ и ГВЭ"))
    assert oge[1] == ["ОГЭ, Математика", "30", "3,3", "5,0", "60,0", "55,0"]
    flags = table_rows(table_titled(word, "Флаги организации"))
    assert flags[1] == [
        "Признаки необъективности",
        "2",
        "ВПР МА5 2024/2025: повысили отметку по журналу 40 %",
    ]
    findings = table_rows(table_titled(word, "Действующие выводы 2024/2025 учебного года"))
    assert findings[1] == ["5. Объективность оценки", "Признаки необъективности", "флаг", "01.06.2025", "1"]
    recommendations = table_rows(table_titled(word, "Адресные рекомендации 2024/2025 учебного года"))
    assert recommendations[1] == [RECOMMENDATION, "МБОУ «Средняя школа № 1»", "01.10.2099", "направлена"]
    assert len(word.inline_shapes) == 2  # the two percentages with values in two years and more
    assert "50,0" not in "".join(cell for row in quality for cell in row)  # 0002's value


def test_the_pdf_keeps_to_the_margins_and_building_twice_gives_the_same_document(year):
    first = build(year=year, org_code="0001", viewer=DEPARTMENT)
    second = build(year=year, org_code="0001", viewer=DEPARTMENT)
    data = render(first, "pdf")

    text = " ".join(pdf_text(data).split())
    assert "ПРОФИЛЬ ОБРАЗОВАТЕЛЬНОЙ ОРГАНИЗАЦИИ" in text
    assert "91,7" in text
    assert ink_outside(data, left_mm=12, right_mm=12) == []
    assert_same_document(first, second)


def test_an_organisation_without_values_gets_a_short_profile(year):
    factories.OrganizationFactory(code="0007", name="МБДОУ «Детский сад № 7»", kind="preschool")
    word = open_docx(render(build(year=year, org_code="0007", viewer=DEPARTMENT), "docx"))

    text = "\n".join(p.text for p in word.paragraphs)
    assert "Значений показателей каталога у организации пока нет." in text
    assert "Результатов оценочных процедур и ГИА за 2024/2025 учебный год нет." in text
    assert "Флагов за учебный год нет." in text


def test_the_command_needs_an_organisation(year, tmp_path, capsys):
    path = tmp_path / "profile.docx"
    assert main(["report", "school-profile", "--org", "0001", "--year", "2024/2025", "-o", str(path)]) == 0
    assert headings(open_docx(path.read_bytes()))[0] == "1. Сведения об организации"
    with pytest.raises(SystemExit) as exit_:
        main(["report", "school-profile", "-o", str(path)])
    assert exit_.value.code == 2
    assert main(["report", "school-profile", "--org", "9999", "-o", str(path)]) == 1


def test_a_school_gets_its_own_profile_only(year, client, school_user, specialist):
    url = reverse("documents:report", args=["school-profile"])
    client.force_login(school_user)  # of 0001

    own = client.get(url, {"format": "docx", "year": "2024/2025"})

    assert own.status_code == 200
    assert "МБОУ «Средняя школа № 1» (код 0001); 2024/2025 учебный год" in [
        p.text for p in open_docx(own.content).paragraphs
    ]
    assert client.get(url, {"org": "0002"}).status_code == 403
    card = client.get(reverse("registry:organization", args=["0001"])).content.decode()
    assert f"{url}?org=0001&amp;format=docx" in card

    client.force_login(specialist)
    response = client.get(url, {"org": "0002", "format": "pdf", "year": "2024/2025"})
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert client.get(url, {"org": "9999"}).status_code == 404

"""«Ежегодный отчёт о состоянии системы образования» for 2024/2025, opened as DOCX and PDF and
checked against the database.

* Registry: two schools in town (500 pupils each) and one kindergarten in a village (80).
* talents.regional_stage_share (direction 3, target 25 %): МО 20,0 → 22,5; schools in 2024/2025
  0001 30,0 and 0002 15,0 → «1 из 2» miss the target.
* ВПР, Математика, 5 класс, МО: 100 participants both years, success 80,0 → 95,0, quality 40,0 →
  42,0. Hand-computed z-tests for two shares: success 95/100 against 80/100, pooled 0,875,
  se = 0,04677, z = 3,21, p = 0,0013 → «p = 0,001»; quality 42/100 against 40/100, p = 0,77 → none.
* Flags: ШНОР on 0002. Findings of direction 3: two, one closed. Recommendations: one done, one
  sent whose due date has passed. A measure that runs until 2099 (its effect not yet measured),
  and a road map with one overdue activity of two.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from msoko.cli import main
from msoko.core.access import DEPARTMENT
from msoko.core.models import SchoolYear
from msoko.cycle import services as cycle_services
from msoko.cycle.models import Addressee, Finding, MeasureKind, Recommendation, Source, Status
from msoko.directions.catalogue import DIRECTIONS
from msoko.documents.annual_report import build
from msoko.flags.models import Flag, FlagKind
from msoko.indicators.catalogue import CATALOGUE
from msoko.indicators.models import IndicatorValue
from msoko.reports.documents import render
from msoko.roadmaps import services as roadmap_services
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

STAGE = "talents.regional_stage_share"
MEASURE = "Индивидуальная подготовка к региональному этапу"
PLAN = (
    "План мероприятий («Дорожная карта»)\n\n№ п/п\tМероприятия\tСроки\tОтветственные\tРезультаты исполнения\n"
    "1. Оценка качества\t\t\t\t\n1.1\tАнализ ВПР\tдо 01.09.2021\tОтдел образования\tСправка\n"
    "1.2\tСеминары РМО\tпостоянно\tРуководители РМО\tПланы РМО\n"
)


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
    before = factories.SchoolYearFactory(name="2023/2024", start_year=2023)
    year = factories.SchoolYearFactory(name="2024/2025", start_year=2024)
    factories.OrganizationFactory(
        code="0100", name="МБДОУ «Детский сад № 1»", kind="preschool", locality="rural", students_count=80
    )
    _value(STAGE, None, before, 20.0)
    _value(STAGE, None, year, 22.5)
    _value(STAGE, school_a, year, 30.0)
    _value(STAGE, school_b, year, 15.0)
    vpr = {"procedure": "ВПР", "subject": "Математика", "grade": 5}
    for year_, success, quality in ((before, 80.0, 40.0), (year, 95.0, 42.0)):
        for code, value in (("participants", 100), ("success_rate", success), ("quality_rate", quality)):
            _value(f"results.{code}", None, year_, value, **vpr)
    Flag.objects.create(
        school_year=year, organization=school_b, kind=FlagKind.LOW_RESULTS, level=2, reasons=["—"]
    )
    findings = [
        Finding.objects.create(
            school_year=year,
            organization=organization,
            org_code=organization.code,
            source=Source.INDICATOR,
            code=STAGE,
            direction=3,
            value=value,
            target=25.0,
            opened_on=dt.date(2025, 6, 1),
            closed_on=closed,
        )
        for organization, value, closed in ((school_b, 15.0, None), (school_a, 20.0, dt.date(2025, 7, 1)))
    ]
    for finding, status, due_on in (
        (findings[0], Status.SENT, dt.date(2025, 1, 1)),
        (findings[1], Status.DONE, dt.date(2025, 3, 1)),
    ):
        Recommendation.objects.create(
            school_year=year,
            direction=3,
            finding=finding,
            addressee=Addressee.ORGANIZATION,
            organization=finding.organization,
            addressee_name=finding.organization.name,
            text="Организовать занятия с участниками муниципального этапа",
            due_on=due_on,
            status=status,
        )
    cycle_services.create_measure(
        actor=None,
        title=MEASURE,
        kind=MeasureKind.PROGRAMME,
        direction=3,
        organizations=[school_b],
        indicators={STAGE: 5.0},
        starts_on=dt.date(2024, 10, 1),
        ends_on=dt.date(2099, 5, 31),
    )
    roadmap_services.import_roadmap_text(
        PLAN, title="Муниципальная дорожная карта", organization=None, actor=None
    )
    return year


def test_the_docx_has_the_introduction_a_section_per_direction_and_the_cycle(year):
    word = open_docx(render(build(year=year, org_code=None, viewer=DEPARTMENT), "docx"))

    assert headings(word) == [
        "Введение",
        *(f"{d.number}. {d.title}" for d in DIRECTIONS),
        "11. Выводы управленческого цикла",
        "12. Адресные рекомендации",
        "13. Меры и управленческие решения, их эффективность",
        "14. Дорожные карты",
    ]
    registry = table_rows(table_titled(word, "Образовательные организации по типам"))
    assert registry[1:] == [
        ["школа", "2", "2", "0", "1\u2009000"],
        ["ДОО", "1", "0", "1", "80"],
        ["УДО", "0", "0", "0", "0"],
    ]
    text = "\n".join(p.text for p in word.paragraphs)
    assert (
        "В реестре МСОКО 3 образовательные организации (2 школы, 1 ДОО); численность обучающихся по реестру — 1\u2009080."
        in text
    )
    talents = table_rows(table_titled(word, "Показатели направления 3 по муниципалитету"))
    assert talents[0] == [
        "Показатель",
        "Ед.",
        "2023/2024",
        "2024/2025",
        "Изменение",
        "Цель",
        "Не достигают цели",
    ]
    assert talents[1] == [CATALOGUE.get(STAGE).title, "%", "20,0", "22,5", "+2,5", "25,0", "1 из 2"]
    assert (
        "значение муниципалитета за 2024/2025 учебный год — 22,5\xa0%; не достигают цели 1 из 2 организаций."
        in text
    )
    assert "Выводов управленческого цикла — 2 (действуют 1, сняты 1), адресных рекомендаций — 2." in text
    assert "Флаги года: Низкие результаты (ШНОР) — 1 организация." in text


def test_procedures_state_only_the_changes_beyond_chance(year):
    word = open_docx(render(build(year=year, org_code=None, viewer=DEPARTMENT), "docx"))

    assert "Оценочные процедуры по муниципалитету" in headings(word, 2)
    results = table_rows(table_titled(word, "Результаты оценочных процедур по муниципалитету"))
    assert results[1] == [
        "ВПР, Математика, 5 класс",
        "100",
        "80,0",
        "95,0",
        "40,0",
        "42,0",
        "успеваемость (p = 0,001)",
    ]
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert (
        "ВПР, Математика, 5 класс: успеваемость выросла с 80,0\xa0% до 95,0\xa0%; различие статистически значимо (p = 0,001)."
        in bullets
    )
    assert not any("качество знаний" in b and "ВПР" in b for b in bullets)


def test_the_cycle_sections_count_findings_recommendations_measures_and_road_maps(year):
    word = open_docx(render(build(year=year, org_code=None, viewer=DEPARTMENT), "docx"))

    findings = table_rows(table_titled(word, "Выводы 2024/2025 учебного года по направлениям"))
    assert findings[1:] == [["3. Способности и таланты", "2", "1", "1", "0", "2", "0"]]
    states = dict(
        table_rows(table_titled(word, "Адресные рекомендации 2024/2025 учебного года по состоянию"))[1:]
    )
    assert (states["Исполнена"], states["Просрочена"], states["Направлена"]) == ("1", "1", "0")
    measures = table_rows(table_titled(word, "Меры 2024/2025 учебного года и их эффективность"))
    assert measures[1] == [
        MEASURE,
        "01.10.2024–31.05.2099",
        "1",
        CATALOGUE.get(STAGE).title,
        "не оценена",
        "мера идёт до 31.05.2099",
    ]
    progress = table_rows(table_titled(word, "Исполнение дорожных карт"))
    assert progress[1] == ["Муниципальная дорожная карта", "2", "0", "0", "1", "1"]


def test_the_pdf_keeps_to_the_margins_and_building_twice_gives_the_same_document(year):
    first = build(year=year, org_code=None, viewer=DEPARTMENT)
    second = build(year=year, org_code=None, viewer=DEPARTMENT)
    data = render(first, "pdf")

    text = " ".join(pdf_text(data).split())
    assert "ЕЖЕГОДНЫЙ ОТЧЁТ О СОСТОЯНИИ СИСТЕМЫ ОБРАЗОВАНИЯ" in text
    assert "22,5" in text
    assert ink_outside(data, left_mm=12, right_mm=12) == []
    assert_same_document(first, second)


def test_the_command_and_who_may_download_it(year, tmp_path, client, specialist, school_user):
    path = tmp_path / "report.docx"
    assert main(["report", "annual-report", "--year", "2024/2025", "-o", str(path)]) == 0
    assert headings(open_docx(path.read_bytes()))[0] == "Введение"
    assert main(["report", "annual-report", "--year", "2030/2031", "-o", str(path)]) == 1

    url = reverse("documents:report", args=["annual-report"])
    client.force_login(specialist)
    response = client.get(url, {"format": "docx", "year": "2024/2025"})
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert (response.status_code, response["Content-Type"]) == (200, content_type)
    assert f"{url}?format=docx" in client.get(reverse("home")).content.decode()

    client.force_login(school_user)
    assert client.get(url).status_code == 403
    assert f"{url}?format=docx" not in client.get(reverse("home")).content.decode()

"""«Рекомендации руководителям ОО»: a letter per school with its findings and recommendations
(due date, addressee, state), never drafts; a school gets only its own letter.

2024/2025: school 0001 has a ШНОР finding (5 reasons) and three recommendations — sent (due
01.10.2099), approved (not yet sent: the school does not see it) and a draft (in no letter);
school 0002 one done recommendation with its report and one sent whose due date has passed;
the municipality one recommendation to the РМО.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from msoko.cli import main
from msoko.core.access import DEPARTMENT
from msoko.core.models import SchoolYear
from msoko.cycle.models import Addressee, Finding, Recommendation, Source, Status
from msoko.documents.recommendations import build
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

SENT = "Разработать программу перехода в эффективный режим работы"
APPROVED = "Провести педагогический совет по результатам ВПР"
DRAFT = "Черновик, который никто не утверждал"
DONE = "Организовать взаимопосещение уроков"
OVERDUE = "Направить учителей математики на курсы"
MUNICIPAL = "Провести семинар РМО учителей математики"
REASONS = [f"ВПР Математика {grade}: ниже минимума 40 %" for grade in range(4, 9)]


@pytest.fixture
def year(school_a, school_b) -> SchoolYear:
    year = factories.SchoolYearFactory(name="2024/2025", start_year=2024)
    finding = Finding.objects.create(
        school_year=year,
        organization=school_a,
        org_code="0001",
        source=Source.FLAG,
        code="low_results",
        direction=2,
        level=2,
        evidence="; ".join(REASONS),
        opened_on=dt.date(2025, 6, 1),
    )
    rows = [
        (school_a, finding, SENT, dt.date(2099, 10, 1), Status.SENT, ""),
        (school_a, finding, APPROVED, dt.date(2099, 11, 1), Status.APPROVED, ""),
        (school_a, finding, DRAFT, dt.date(2099, 12, 1), Status.DRAFT, ""),
        (school_b, None, DONE, dt.date(2025, 3, 1), Status.DONE, "Посещено 12 уроков, справка на сайте."),
        (school_b, None, OVERDUE, dt.date(2025, 2, 1), Status.SENT, ""),
    ]
    for organization, found, text, due_on, status, report in rows:
        Recommendation.objects.create(
            school_year=year,
            direction=2,
            finding=found,
            addressee=Addressee.ORGANIZATION,
            organization=organization,
            addressee_name=organization.name,
            text=text,
            due_on=due_on,
            status=status,
            report_text=report,
        )
    Recommendation.objects.create(
        school_year=year,
        direction=1,
        addressee=Addressee.ASSOCIATION,
        addressee_name="РМО учителей математики",
        text=MUNICIPAL,
        due_on=dt.date(2099, 9, 1),
        status=Status.SENT,
    )
    return year


def _text(word) -> str:
    return "\n".join(p.text for p in word.paragraphs)


def test_a_letter_per_school_with_findings_and_recommendations_but_no_drafts(year):
    word = open_docx(render(build(year=year, org_code=None, viewer=DEPARTMENT), "docx"))

    assert headings(word) == [
        "МБОУ «Средняя школа № 1» (код 0001)",
        "МБОУ «Гимназия № 2» (код 0002)",
        "Рекомендации по муниципалитету в целом",
    ]
    summary = table_rows(table_titled(word, "Адресные рекомендации по организациям"))
    assert summary[1:] == [["0001", "СШ № 1", "2", "0", "0"], ["0002", "Гимназия № 2", "2", "1", "1"]]
    text = _text(word)
    assert "Руководителю МБОУ «Средняя школа № 1»" in text
    assert (
        "Низкие результаты (ШНОР) (уровень 2): ВПР Математика 4: ниже минимума 40 %; ВПР Математика 5: "
        "ниже минимума 40 %; ВПР Математика 6: ниже минимума 40 %; и ещё 2 основания." in text
    )
    assert (
        f"1. {SENT}. Срок исполнения — до 01.10.2099. Исполнитель: МБОУ «Средняя школа № 1» (организация). "
        "Состояние: направлена." in text
    )
    assert f"2. {APPROVED}. Срок исполнения — до 01.11.2099." in text
    assert DRAFT not in text
    assert "Состояние: исполнена. Отчёт организации: Посещено 12 уроков, справка на сайте." in text
    assert f"{OVERDUE}. Срок исполнения — до 01.02.2025." in text
    assert "Состояние: просрочена. Срок исполнения истёк, отчёт не представлен." in text
    assert f"1. {MUNICIPAL}. Срок исполнения — до 01.09.2099. Исполнитель: РМО учителей математики" in text


def test_one_school_gets_only_its_letter(year):
    word = open_docx(render(build(year=year, org_code="0002", viewer=DEPARTMENT), "docx"))

    assert headings(word) == ["МБОУ «Гимназия № 2» (код 0002)"]
    assert SENT not in _text(word)
    assert MUNICIPAL not in _text(word)


def test_the_pdf_keeps_to_the_margins_and_building_twice_gives_the_same_document(year):
    first = build(year=year, org_code=None, viewer=DEPARTMENT)
    second = build(year=year, org_code=None, viewer=DEPARTMENT)
    data = render(first, "pdf")

    text = " ".join(pdf_text(data).split())
    assert "РЕКОМЕНДАЦИИ РУКОВОДИТЕЛЯМ ОО" in text
    assert "до 01.10.2099" in text
    assert ink_outside(data, left_mm=12, right_mm=12) == []
    assert_same_document(first, second)


def test_a_school_downloads_its_own_letter_of_what_was_sent_to_it(year, client, school_user, specialist):
    url = reverse("documents:report", args=["recommendations"])
    client.force_login(school_user)  # of 0001

    response = client.get(url, {"format": "docx", "year": "2024/2025"})

    assert response.status_code == 200
    word = open_docx(response.content)
    assert headings(word) == ["МБОУ «Средняя школа № 1» (код 0001)"]
    assert SENT in _text(word)
    assert APPROVED not in _text(word)  # approved but not sent: the school has not received it
    assert client.get(url, {"org": "0002"}).status_code == 403
    page = client.get(reverse("cycle:recommendations")).content.decode()
    assert f"{url}?format=docx" in page

    client.force_login(specialist)
    response = client.get(url, {"format": "pdf", "year": "2024/2025"})
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")


def test_the_command_writes_the_letters(year, tmp_path):
    path = tmp_path / "letters.docx"
    assert main(["report", "recommendations", "--year", "2024/2025", "--org", "0001", "-o", str(path)]) == 0
    assert headings(open_docx(path.read_bytes())) == ["МБОУ «Средняя школа № 1» (код 0001)"]
    assert main(["report", "recommendations", "--org", "9999", "-o", str(path)]) == 1


def test_a_year_without_recommendations_says_so(db):
    year = factories.SchoolYearFactory(name="2023/2024", start_year=2023)
    word = open_docx(render(build(year=year, org_code=None, viewer=DEPARTMENT), "docx"))

    assert "Утверждённых адресных рекомендаций организациям за 2023/2024 учебный год нет." in _text(word)

"""«Дорожные карты»: every road map with its progress, the overdue activities named in the text,
and a table of activities per section; opened as DOCX, PDF and XLSX.

The municipal plan has 3 activities: 1.1 due 01.09.2021 and not done (overdue), 1.2
«постоянно» (planned, never overdue), 2.1 done. The plan of school 0001 has 2: 1.1 overdue,
1.2 planned; that of school 0002 one planned activity.
"""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.cli import main
from msoko.core.access import DEPARTMENT
from msoko.documents.roadmap import build
from msoko.reports.documents import render
from msoko.roadmaps import services
from msoko.roadmaps.models import Activity, Status
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

HEAD = (
    "План мероприятий («Дорожная карта»)\n\n№ п/п\tМероприятия\tСроки\tОтветственные\tРезультаты исполнения\n"
)
MUNICIPAL = HEAD + (
    "1. Оценка качества\t\t\t\t\n"
    "1.1\tАнализ ВПР\tдо 01.09.2021\tОтдел образования\tСправка\n"
    "1.2\tСеминары РМО\tпостоянно\tРуководители РМО\tПланы РМО\n"
    "2. Педагоги\t\t\t\t\n"
    "2.1\tКурсы по дефицитам\tдо 01.12.2021\tИМЦ\tУдостоверения\n"
)
SCHOOL = HEAD + (
    "1. Раздел\t\t\t\t\n1.1\tПедсовет\tдо 01.09.2021\tДиректор\tПротокол\n1.2\tУроки\tпостоянно\tЗавуч\tСправка\n"
)
OTHER = HEAD + "1. Раздел\t\t\t\t\n1.1\tСобрание\tпостоянно\tДиректор\tПротокол\n"
TITLES = ("Муниципальная дорожная карта", "Дорожная карта СШ № 1", "Дорожная карта Гимназии № 2")


@pytest.fixture
def roadmaps(school_a, school_b):
    municipal = services.import_roadmap_text(MUNICIPAL, title=TITLES[0], organization=None, actor=None)
    services.import_roadmap_text(SCHOOL, title=TITLES[1], organization=school_a, actor=None)
    services.import_roadmap_text(OTHER, title=TITLES[2], organization=school_b, actor=None)
    done = Activity.objects.get(roadmap=municipal, number="2.1")
    services.set_status(activity=done, status=Status.DONE, actor=None)


def test_the_docx_has_the_progress_the_overdue_activities_and_a_table_per_section(roadmaps):
    word = open_docx(render(build(year=None, org_code=None, viewer=DEPARTMENT), "docx"))

    assert headings(word)[0] == "Сводка исполнения"
    assert set(headings(word)[1:]) == set(TITLES)
    assert "1. Оценка качества" in headings(word, 2)
    progress = table_rows(table_titled(word, "Исполнение дорожных карт"))
    assert progress[0] == ["Дорожная карта", "Всего", "Выполнено", "В работе", "Запланировано", "Просрочено"]
    assert ["Муниципальная дорожная карта", "3", "1", "0", "1", "1"] in progress
    assert ["Дорожная карта СШ № 1", "2", "0", "0", "1", "1"] in progress
    bullets = [p.text for p in word.paragraphs if p.style.name == "List Bullet"]
    assert (
        "1.1 Анализ ВПР (срок — «до 01.09.2021», ответственные: Отдел образования) — ПРОСРОЧЕНО." in bullets
    )
    section = table_rows(table_titled(word, "1. Оценка качества"))
    assert section[1:] == [
        ["1.1", "Анализ ВПР", "до 01.09.2021", "Отдел образования", "Справка", "просрочено"],
        ["1.2", "Семинары РМО", "постоянно", "Руководители РМО", "Планы РМО", "запланировано"],
    ]
    assert table_rows(table_titled(word, "2. Педагоги"))[1][5] == "выполнено"


def test_the_xlsx_counts_are_numbers(roadmaps):
    book = openpyxl.load_workbook(
        io.BytesIO(render(build(year=None, org_code=None, viewer=DEPARTMENT), "xlsx"))
    )

    rows = list(book["1 Исполнение дорожных карт"].values)
    assert ("Муниципальная дорожная карта", 3, 1, 0, 1, 1) in rows


def test_one_school_gets_its_own_road_map_only(roadmaps, client, school_user):
    word = open_docx(render(build(year=None, org_code="0001", viewer=DEPARTMENT), "docx"))
    assert headings(word) == ["Сводка исполнения", TITLES[1]]

    client.force_login(school_user)  # of 0001
    response = client.get(reverse("documents:report", args=["roadmap"]), {"format": "docx"})
    assert response.status_code == 200
    assert headings(open_docx(response.content)) == ["Сводка исполнения", TITLES[1]]
    assert client.get(reverse("documents:report", args=["roadmap"]), {"org": "0002"}).status_code == 403


def test_the_pdf_keeps_to_the_margins_and_building_twice_gives_the_same_document(roadmaps):
    first = build(year=None, org_code=None, viewer=DEPARTMENT)
    second = build(year=None, org_code=None, viewer=DEPARTMENT)
    data = render(first, "pdf")

    text = " ".join(pdf_text(data).split())
    assert "ДОРОЖНЫЕ КАРТЫ" in text
    assert "Курсы по дефицитам" in text
    assert ink_outside(data, left_mm=12, right_mm=12) == []
    assert_same_document(first, second)


def test_the_command_and_the_page(roadmaps, tmp_path, client, specialist):
    assert main(["report", "roadmap", "-o", str(tmp_path / "roadmaps.docx")]) == 0
    assert "Сводка исполнения" in headings(open_docx((tmp_path / "roadmaps.docx").read_bytes()))

    client.force_login(specialist)
    response = client.get(reverse("documents:report", args=["roadmap"]), {"format": "pdf"})
    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    page = client.get(reverse("roadmaps:dashboard")).content.decode()
    assert f"{reverse('documents:report', args=['roadmap'])}?format=docx" in page


def test_without_road_maps_the_document_says_so(db):
    word = open_docx(render(build(year=None, org_code=None, viewer=DEPARTMENT), "docx"))

    assert "Дорожных карт нет" in "\n".join(p.text for p in word.paragraphs)
    factories.OrganizationFactory(code="0009")
    assert build(year=None, org_code="0009", viewer=DEPARTMENT).data_version == "мероприятий нет"

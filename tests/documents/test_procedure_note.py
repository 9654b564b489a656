"""The analytic note of a procedure: opened as DOCX and PDF, checked against the database.

Data: ВПР, Математика, 4 класс, 2020/2021 (built-in scheme: 15 tasks, maximum 20, «3» from 6,
«4» from 10, «5» from 15), imported for two schools of 40 participants each:

* 0001: 10 × «5» (20 points), 10 × «4» (12), 10 × «3» (7), 10 × «2» (5)
  → success 30/40 = 75,0 %, quality 20/40 = 50,0 %;
* 0002: 30 × «5», 10 × «4» → success 100,0 %, quality 100,0 %;
* the municipality: 80 participants, success 70/80 = 87,5 %, quality 60/80 = 75,0 %.

Last year's stored municipal figures (2019/2020): 80 participants, success 95,0 %, quality 90,0 %.
Hand-computed tests (α = 0,05, analytics/significance.py):

* success 70/80 against 76/80: pooled 0.9125, se = 0.044678, z = −1.679, p = 0.093 — not a
  conclusion;
* quality 60/80 against 72/80: pooled 0.825, se = 0.060078, z = −2.497, p = 0.0125 — «p = 0,013»;
* quality of 0001 against 0002 (the rest): pooled 0.75, se = 0.096825, z = −5.16, p < 0,001;
* success of 0001 against the rest: 30/40 vs 40/40, pooled 0.875, se = 0.073951, z = −3.381,
  p = 0.00072, ×2 by Holm = 0.0014 — significant.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from msoko.assessments.models import Procedure
from msoko.assessments.services import ProcedureKey, import_results
from msoko.cli import main
from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.cycle.models import Addressee, Finding, Recommendation, Source, Status
from msoko.documents.procedure_note import procedure_note
from msoko.flags.models import Flag
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.runs import recompute_now
from msoko.reports.documents import render
from tests import factories
from tests.documents.document_checks import (
    assert_same_document,
    headings,
    ink_outside,
    open_docx,
    pdf_fonts,
    pdf_text,
    table_rows,
    table_titled,
)

pytestmark = pytest.mark.django_db

KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
LABELS = ["1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12"]
GOOD = [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2]  # 20 → «5»
MIDDLE = [1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1]  # 12 → «4»
THREE = [1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 7 → «3»
WEAK = [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]  # 5 → «2»
MARKS = {20: 5, 12: 4, 7: 3, 5: 2}
RECOMMENDATION = "Провести перепроверку работ ВПР по математике в 4 классах"


def _csv() -> bytes:
    header = [
        "Код ОО",
        "Класс",
        "Код участника",
        "Вариант",
        *LABELS,
        "Сумма баллов",
        "Отметка",
        "Отметка по журналу",
    ]
    lines = [";".join(header)]
    groups = [("0001", "4А", [GOOD, MIDDLE, THREE, WEAK]), ("0002", "4Б", [GOOD, GOOD, GOOD, MIDDLE])]
    for org, cls, kinds in groups:
        for k, scores in enumerate(kinds):
            for i in range(10):
                total = sum(scores)
                mark = MARKS[total]
                code = f"{org}-{k}-{i}"
                lines.append(
                    ";".join([org, cls, code, "1", *map(str, scores), str(total), str(mark), str(mark)])
                )
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def procedure(school_a, school_b, specialist) -> Procedure:
    import_results(content=_csv(), filename="results.csv", key=KEY, actor=specialist)
    year = SchoolYear.objects.get(name="2020/2021")
    recompute_now(school_year=year, reason="тест")  # the data version the note records
    previous = factories.SchoolYearFactory(name="2019/2020", start_year=2019)
    for code, value in (
        ("results.participants", 80),
        ("results.success_rate", 95.0),
        ("results.quality_rate", 90.0),
        ("results.mean_percent", 60.0),
    ):
        IndicatorValue.objects.create(
            code=code,
            org_code="МО",
            procedure="ВПР",
            subject="Математика",
            grade=4,
            school_year=previous,
            value=value,
        )
    Flag.objects.update_or_create(
        school_year=year,
        organization=school_a,
        kind="unobjective",
        defaults={"level": 3, "reasons": ["ВПР МА4 2020/2021: повысили отметку по журналу 40 % (16 из 40)"]},
    )
    finding, _ = Finding.objects.get_or_create(
        school_year=year,
        org_code="0001",
        code="unobjective",
        defaults={
            "organization": school_a,
            "source": Source.FLAG,
            "direction": 5,
            "opened_on": dt.date(2021, 6, 1),
        },
    )
    Recommendation.objects.create(
        school_year=year,
        direction=5,
        finding=finding,
        addressee=Addressee.ORGANIZATION,
        organization=school_a,
        addressee_name=school_a.name,
        text=RECOMMENDATION,
        due_on=dt.date(2021, 10, 1),
        status=Status.SENT,
    )
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021")


def _conclusions(word) -> list[str]:
    texts = [p.text for p in word.paragraphs]
    start = max(i for i, t in enumerate(texts) if t.endswith("Выводы"))
    return texts[start + 1 :]


def test_the_docx_has_the_sections_tables_and_numbers_of_the_database(procedure):
    word = open_docx(render(procedure_note(procedure), "docx"))

    assert headings(word) == [
        "1. Общие сведения",
        "2. Результаты выполнения работы",
        "3. Сравнение отметок с отметками по журналу",
        "4. Распределение первичных баллов",
        "5. Выполнение заданий",
        "6. Достижение планируемых результатов и дефициты",
        "7. Результаты по образовательным организациям",
        "8. Объективность результатов и низкие результаты",
        "9. Выводы",
    ]
    assert headings(word, 2) == ["Сравнение с прошлым годом"]
    marks = table_rows(table_titled(word, "Статистика по отметкам"))
    assert marks[1][:8] == ["Муниципалитет", "80", "12,5", "12,5", "25,0", "50,0", "87,5", "75,0"]
    schools = {
        row[0]: row
        for row in table_rows(table_titled(word, "Результаты по образовательным организациям"))[1:]
    }
    assert schools["0001"][2:5] == ["40", "75,0", "50,0"]
    assert schools["0002"][2:5] == ["40", "100,0", "100,0"]
    year = table_rows(table_titled(word, "Сравнение с прошлым годом"))
    assert year[1] == ["Успеваемость, %", "95,0", "87,5", "−7,5", "в пределах случайных колебаний"]
    assert year[2] == ["Качество знаний, %", "90,0", "75,0", "−15,0", "значимо, p = 0,013"]
    flags = table_rows(table_titled(word, "Флаги образовательных организаций"))
    assert flags[1][:4] == ["0001", "СШ № 1", "Признаки необъективности", "3"]
    # the department's style, named in the document
    normal = word.styles["Normal"].font
    assert (normal.name, normal.size.pt) == ("Times New Roman", 14)
    section = word.sections[0]
    assert [
        round(m.mm)
        for m in (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    ] == [20, 15, 20, 30]
    assert "TOC" in word.element.body.xml  # the table of contents is a Word field
    assert word.core_properties.version.startswith("2020/2021: пересчёт №")


def test_conclusions_state_only_the_differences_beyond_chance(procedure):
    word = open_docx(render(procedure_note(procedure), "docx"))
    text = "\n".join(_conclusions(word))

    assert "Качество знаний по муниципалитету снизилось с 90,0\xa0% до 75,0\xa0% (−15,0 п. п.)" in text
    assert "(p = 0,013)" in text
    assert "Успеваемость по муниципалитету" not in text  # p = 0.093: no sentence
    assert "Качество знаний статистически значимо ниже, чем в остальных ОО" in text
    assert "СШ № 1 (50,0\xa0% при 100,0\xa0% в остальных ОО" in text
    assert "Успеваемость статистически значимо ниже" in text  # Holm-adjusted p = 0.0014
    # the flag's conclusion carries the recommendation the cycle holds for it
    assert (
        f"СШ № 1 (уровень 3; рекомендация: «{RECOMMENDATION}» ({'МБОУ «Средняя школа № 1»'}, срок — 01.10.2021, направлена)"
        in text
    )


def test_the_pdf_embeds_a_times_compatible_serif_and_keeps_to_the_margins(procedure):
    data = render(procedure_note(procedure), "pdf")

    fonts = pdf_fonts(data)
    assert {name for name, _ in fonts} >= {"Liberation-Serif", "Liberation-Serif-Bold"}
    assert all(embedded for _, embedded in fonts)
    text = " ".join(pdf_text(data).split())
    assert "АНАЛИТИЧЕСКАЯ СПРАВКА" in text
    assert "87,5" in text
    assert "p = 0,013" in text
    # the left margin is 30 mm and the right 15 mm: nothing is drawn in the outer 12 mm
    assert ink_outside(data, left_mm=12, right_mm=12) == []


def test_building_again_on_the_same_data_gives_the_same_document(procedure):
    first, second = procedure_note(procedure), procedure_note(procedure)

    assert_same_document(first, second)


def test_a_school_note_compares_the_school_with_the_rest_of_the_municipality(procedure):
    word = open_docx(render(procedure_note(procedure, org_code="0002"), "docx"))

    assert "Результаты по образовательным организациям" not in "\n".join(headings(word))
    text = "\n".join(_conclusions(word))
    # 40/40 against 20/40: pooled 0.75, z = 5.16, p < 0,001
    assert (
        "Качество знаний в организации статистически значимо выше, чем в остальных ОО муниципалитета: 100,0\xa0% при 50,0\xa0% (p < 0,001)"
        in text
    )


def test_the_command_writes_docx_or_pdf_by_the_extension(procedure, tmp_path, capsys):
    args = [
        "report",
        "procedure-note",
        "--procedure",
        "ВПР",
        "--subject",
        "Математика",
        "--grade",
        "4",
        "--year",
        "2020/2021",
    ]
    assert main([*args, "-o", str(tmp_path / "note.docx")]) == 0
    assert headings(open_docx((tmp_path / "note.docx").read_bytes()))[0] == "1. Общие сведения"
    assert main([*args, "--school", "0001", "-o", str(tmp_path / "note.pdf")]) == 0
    assert (tmp_path / "note.pdf").read_bytes().startswith(b"%PDF")
    assert main([*args, "-o", str(tmp_path / "note.txt")]) == 2
    assert main([*args[:-1], "2021/2022", "-o", str(tmp_path / "x.pdf")]) == 1
    assert (
        AuditEvent.objects.filter(
            action=AuditAction.EXPORT, summary__contains="аналитическая справка"
        ).count()
        == 2
    )


def test_the_procedure_page_offers_the_note_to_whom_may_see_it(procedure, client, specialist, school_user):
    url = reverse("documents:procedure_note", args=[procedure.pk])
    client.force_login(specialist)
    response = client.get(url, {"format": "pdf"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    page = client.get(reverse("achievement:procedure_analysis", args=[procedure.pk]))
    assert url in page.content.decode()

    client.force_login(school_user)  # a user of school 0001
    assert client.get(url, {"school": "0002"}).status_code == 403
    own = client.get(url, {"format": "docx"})
    assert own.status_code == 200
    assert "СШ № 1 (код 0001)" in "\n".join(p.text for p in open_docx(own.content).paragraphs)

"""The analytic note of an exam, opened as DOCX and PDF and checked against the data.

ОГЭ, Математика, 2024/2025, two schools of 30 (annual mark = exam mark for everyone):

* 0001: 6 × «2», 12 × «3», 8 × «4», 4 × «5» → «2» 20,0 %, quality 12/30 = 40,0 %;
* 0002: 6 × «3», 12 × «4», 12 × «5» → «2» 0,0 %, quality 24/30 = 80,0 %;
* the municipality: 60, «2» 6/60 = 10,0 %, «3» 30,0 %, «4» 33,3 %, «5» 26,7 %, quality 60,0 %.

Hand-computed tests (α = 0,05):

* quality 0001 against 0002: pooled 0.6, se = sqrt(0.6 · 0.4 · 2/30) = 0.126491, z = −3.162,
  p = 0.00157, ×2 by Holm = 0.0031 — both schools named;
* «2» 6/30 against 0/30: an expected count 3 < 5, so Fisher: 2 · C(30,6)/C(60,6) =
  2 · 593775/50063860 = 0.02372, ×2 by Holm = 0.0474 < 0,05 — named;
* last year's quality 85,0 % of 60: 36/60 against 51/60, pooled 0.725, se = 0.081522,
  z = −3.067, p = 0.0022 → «снизилось с 85,0 % до 60,0 % (p = 0,002)»;
* the region's quality 50,0 %: 36/60 against 0.5, exact binomial p = 0.155 — no sentence.
"""

from __future__ import annotations

import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.services import import_gia
from msoko.cli import main
from msoko.core.models import SchoolYear
from msoko.documents.gia_note import gia_note
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.runs import recompute_now
from msoko.reports.documents import render
from tests import factories
from tests.documents.document_checks import (
    headings,
    ink_outside,
    open_docx,
    pdf_fonts,
    pdf_text,
    table_rows,
    table_titled,
)

pytestmark = pytest.mark.django_db
HEADER = (
    "Экзамен;Предмет;Код ОО;Код участника;Класс;Первичный балл;Тестовый балл;Отметка;"
    "Годовая отметка;Претендент на медаль"
)
PRIMARY = {2: 5, 3: 10, 4: 16, 5: 24}


def _oge_rows() -> list[str]:
    rows = []
    for org, counts in (("0001", {2: 6, 3: 12, 4: 8, 5: 4}), ("0002", {3: 6, 4: 12, 5: 12})):
        for mark, count in counts.items():
            rows.extend(
                f"ОГЭ;Математика;{org};{org}-{mark}-{i};9А;{PRIMARY[mark]};;{mark};{mark};"
                for i in range(count)
            )
    return rows


def _ege_rows() -> list[str]:
    rows = []
    for org, scores in (("0001", [20] * 5 + [60] * 20), ("0002", [85] * 10 + [70] * 15)):
        for i, score in enumerate(scores):
            rows.append(f"ЕГЭ;Русский язык;{org};{org}-e-{i};11А;{score // 2};{score};;;")
    return rows


@pytest.fixture
def exams(school_a, school_b):
    year = SchoolYear.get_by_name("2024/2025")
    content = "\n".join([HEADER, *_oge_rows(), *_ege_rows()]) + "\n"
    import_gia(content=content.encode(), filename="gia.csv", school_year=year, actor=None)
    recompute_now(school_year=year, reason="тест")
    previous = factories.SchoolYearFactory(name="2023/2024", start_year=2023)
    for code, org, value, stored_year in (
        ("gia.participants", "МО", 60, previous),
        ("gia.fail_rate", "МО", 10.0, previous),
        ("gia.quality_rate", "МО", 85.0, previous),
        ("gia.quality_rate", "Регион", 50.0, year),
        ("gia.fail_rate", "Регион", 10.0, year),
    ):
        IndicatorValue.objects.create(
            code=code,
            org_code=org,
            procedure="ОГЭ",
            subject="Математика",
            school_year=stored_year,
            value=value,
        )
    oge = Procedure.objects.get(kind="ОГЭ", subject="Математика", school_year=year)
    ege = Procedure.objects.get(kind="ЕГЭ", subject="Русский язык", school_year=year)
    return oge, ege


def _conclusions(word) -> str:
    texts = [p.text for p in word.paragraphs]
    start = max(i for i, t in enumerate(texts) if t.endswith("Выводы"))
    return "\n".join(texts[start + 1 :])


def test_the_oge_note_has_the_exam_figures_of_every_school(exams):
    oge, _ = exams
    word = open_docx(render(gia_note(oge), "docx"))

    assert headings(word) == [
        "1. Общие сведения",
        "2. Результаты экзамена",
        "3. Результаты по образовательным организациям",
        "4. Объективность результатов",
        "5. Выводы",
    ]
    municipality = table_rows(table_titled(word, "Результаты экзамена"))
    assert municipality[1] == ["МО", "Муниципалитет", "60", "10,0", "30,0", "33,3", "26,7", "60,0", "100,0"]
    schools = {
        r[0]: r for r in table_rows(table_titled(word, "Результаты по образовательным организациям"))[1:]
    }
    assert schools["0001"][2:4] == ["30", "20,0"]
    assert schools["0001"][7] == "40,0"
    assert schools["0002"][7] == "80,0"
    year = table_rows(table_titled(word, "Сравнение с прошлым годом и с регионом"))
    assert year[1] == ["Доля «2»", "10,0", "10,0", "0,0", "10,0"]
    assert year[2] == ["Качество", "85,0", "60,0", "−25,0", "50,0"]


def test_the_oge_conclusions_name_only_differences_beyond_chance(exams):
    oge, _ = exams
    text = _conclusions(open_docx(render(gia_note(oge), "docx")))

    assert "Качество по муниципалитету снизилось с 85,0\xa0% до 60,0\xa0% (p = 0,002)." in text
    assert "чем по региону" not in text  # p = 0.155
    assert (
        "Доля «2»: статистически значимо хуже остальных ОО муниципалитета (с поправкой Холма) — СШ № 1 (20,0\xa0% при 0,0\xa0% в остальных ОО)"
        in text
    )
    assert (
        "Качество: статистически значимо лучше остальных ОО муниципалитета (с поправкой Холма) — Гимназия № 2 (80,0\xa0% при 40,0\xa0% в остальных ОО)"
        in text
    )


def test_the_ege_note_of_a_school_as_pdf(exams, tmp_path):
    _, ege = exams
    data = render(gia_note(ege, org_code="0002"), "pdf")

    text = " ".join(pdf_text(data).split())
    # 0002: 25 participants, mean (10 · 85 + 15 · 70) / 25 = 76,0, 81–100: 10/25 = 40,0 %
    assert "Гимназия № 2 (код 0002)" in text
    assert "Средний тестовый балл — 76,0" in text
    assert "40,0" in text
    assert {name for name, _ in pdf_fonts(data)} >= {"Liberation-Serif"}
    assert ink_outside(data, left_mm=12, right_mm=12) == []


def test_the_command_writes_the_exam_note(exams, tmp_path):
    path = tmp_path / "oge.docx"
    args = ["report", "gia-note", "--exam", "ОГЭ", "--subject", "Математика", "--year", "2024/2025"]
    assert main([*args, "-o", str(path)]) == 0
    assert "ОГЭ по учебному предмету «Математика» сдавали 60 участников" in "\n".join(
        p.text for p in open_docx(path.read_bytes()).paragraphs
    )
    assert main([*args, "--school", "9999", "-o", str(path)]) == 1
    assert (
        main(
            [
                "report",
                "gia-note",
                "--exam",
                "ЕГЭ",
                "--subject",
                "Химия",
                "--year",
                "2024/2025",
                "-o",
                str(path),
            ]
        )
        == 1
    )

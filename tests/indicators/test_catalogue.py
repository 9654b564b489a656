"""The catalogue keeps its promises: fixed codes exist, codes are unique, every anchor is documented."""

import re
from pathlib import Path

import pytest

from msoko.indicators.catalogue import CATALOGUE, Catalogue, Indicator

DOCS = (Path(__file__).resolve().parents[2] / "docs" / "methodology.md").read_text(encoding="utf-8")
FIXED = [
    "results.participants",
    "results.success_rate",
    "results.quality_rate",
    "results.mean_percent",
    "results.marks_lowered",
    "results.marks_confirmed",
    "results.marks_raised",
    "gia.participants",
    "gia.fail_rate",
    "gia.quality_rate",
    "gia.mean_test_score",
    "gia.high_score_rate",
    "gia.annual_confirmed",
    "gia.medal_unconfirmed",
]


def test_the_fixed_codes_of_the_cli_contract_exist():
    assert set(FIXED) <= {i.code for i in CATALOGUE}


def test_every_methodology_anchor_is_in_the_docs():
    anchors = set(re.findall(r'<a id="([a-z0-9-]+)"></a>', DOCS))

    missing = {i.methodology for i in CATALOGUE} - anchors

    assert not missing


def test_a_code_cannot_be_registered_twice():
    catalogue = Catalogue()
    indicator = next(iter(CATALOGUE))
    catalogue.register(indicator)

    with pytest.raises(ValueError, match=re.escape(indicator.code)):
        catalogue.register(Indicator(**indicator.__dict__))


GIA_FILE = (
    "Экзамен;Предмет;Код ОО;Код участника;Класс;Первичный балл;Тестовый балл;Отметка;"
    "Годовая отметка;Претендент на медаль\n"
    "ОГЭ;Математика;0001;P1;9А;15;;4;4;\n"
    "ЕГЭ;Русский язык;0001;P2;11А;40;88;;5;да\n"
)


@pytest.mark.django_db
def test_every_computed_catalogue_indicator_is_produced(school_a):
    """One declaration per indicator: each computed entry of the catalogue comes out of the
    recompute on this small fixture (ВПР with journal marks, ОГЭ, ЕГЭ with a medal candidate)."""
    from msoko.assessments.services import (
        ProcedureKey,
        import_gia,
        import_marks,
        import_olympiad,
        import_results,
    )
    from msoko.core.models import SchoolYear
    from msoko.indicators.models import IndicatorValue
    from msoko.pipeline.runs import recompute_now
    from msoko.registry.services import import_courses, import_teachers
    from tests.assessments.conftest import GOOD, MIDDLE, csv_bytes, row

    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    import_results(
        content=csv_bytes([row("0001", "1", GOOD), row("0001", "2", MIDDLE, journal=5)]),
        filename="vpr.csv",
        key=key,
        actor=None,
    )
    import_gia(
        content=GIA_FILE.encode(),
        filename="gia.csv",
        school_year=SchoolYear.get_by_name("2020/2021"),
        actor=None,
    )
    year = SchoolYear.get_by_name("2020/2021")
    olympiad = (
        "Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус\n"
        "школьный;Математика;0001;O1;9;50;победитель\n"
        "муниципальный;Математика;0001;O1;9;40;победитель\n"
        "региональный;Математика;0001;O1;9;20;участник\n"
    )
    import_olympiad(content=olympiad.encode(), filename="o.csv", school_year=year, actor=None)
    teachers = (
        "Код педагога;Код ОО;Должность;Возраст;Квалификационная категория;Код наставника\n"
        "T1;0001;учитель;50;высшая;\nT2;0001;учитель;25;;T1\n"
    )
    import_teachers(content=teachers.encode(), filename="t.csv", school_year=year, actor=None)
    courses = (
        "Код педагога;Вид;Наименование;Часы;Дата;Результат, %;Дефициты\n"
        "T2;диагностика;Диагностика;;01.10.2020;40;Дроби\n"
        "T2;курсы;Курс;36;01.12.2020;;Дроби\n"
    )
    import_courses(content=courses.encode(), filename="c.csv", actor=None)
    from msoko.directions.methodical import services as methodical
    from msoko.registry.models import Teacher

    t1, t2 = Teacher.objects.filter(school_year=year).order_by("code")
    methodical.create_association(
        actor=None, level="rmo", name="РМО", subject="Математика", school_year=year, leader=t1, members=[t2]
    )
    practice = methodical.create_practice(
        actor=None,
        title="Практика",
        school_year=year,
        organization=t1.organization,
        link="https://example.org/p",
    )
    methodical.review_practice(actor=None, practice=practice, status="approved")
    marks = "Код ОО;Код участника;Класс;Предмет;Период;Отметка\n0001;1;4А;Математика;год;5\n"
    import_marks(content=marks.encode(), filename="m.csv", school_year=year, actor=None)
    recompute_now(school_year=None, reason="тест")

    produced = set(IndicatorValue.objects.values_list("code", flat=True))
    missing = [i.code for i in CATALOGUE.computed() if i.code not in produced]
    assert not missing, f"declared as computed but not produced: {missing}"
    assert (
        len(CATALOGUE.computed()) == 35
    )  # results 7, gia 7, marks 2, talents 7, career 2, teachers 4, principals 3, methodical 3


def test_every_direction_has_at_least_six_indicators_each_fully_declared():
    from collections import Counter

    per_direction = Counter(i.direction for i in CATALOGUE)
    assert sorted(per_direction) == list(range(1, 11))
    assert min(per_direction.values()) >= 6
    for indicator in CATALOGUE:
        assert indicator.title, indicator.code
        assert indicator.level, indicator.code
        # a declared (not yet computed) indicator says what it counts and which document names it
        if not indicator.computation:
            assert indicator.definition or indicator.source.name == "MONITORING", indicator.code


def test_the_catalogue_document_is_generated_from_the_catalogue():
    from msoko.directions.indicator_docs import catalogue_markdown

    doc = Path(__file__).resolve().parents[2] / "docs" / "indicators.md"
    assert doc.read_text(encoding="utf-8") == catalogue_markdown(), (
        "docs/indicators.md is stale: run msoko indicators doc -o docs/indicators.md"
    )


def test_a_target_of_a_year_and_the_standing_one():
    share = CATALOGUE.get("talents.regional_stage_share")

    assert share is not None
    assert share.target_for("2024/2025") == 25  # seed 001: 25 % of the municipal winners

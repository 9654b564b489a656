"""Import of `teachers`: registry checks, mentors, duplicates and updates within one school year."""

import pytest

from msoko.core.imports import ImportRejected
from msoko.core.models import SchoolYear
from msoko.registry.models import Teacher
from msoko.registry.services import import_teachers

pytestmark = pytest.mark.django_db
HEADER = "Код педагога;Код ОО;Должность;Предметы;Возраст;Педагогический стаж;Квалификационная категория;Код наставника"


@pytest.fixture
def year(db):
    return SchoolYear.get_by_name("2024/25")


def _import(text: str, year: SchoolYear):
    return import_teachers(content=text.encode(), filename="teachers.csv", school_year=year, actor=None)


def _errors(text: str, year: SchoolYear) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text, year)
    return [str(p) for p in error.value.problems]


def test_teachers_and_mentors_are_stored(school_a, year):
    _import(
        HEADER
        + '\nT1;0001;учитель;"Математика;  Информатика ";52;30;высшая;\nT2;0001;учитель;Математика;24;1;без категории;T1\n',
        year,
    )

    t1, t2 = Teacher.objects.order_by("code")
    assert (t1.subjects, t1.age, t1.experience_years, t1.category) == (
        "Математика; Информатика",
        52,
        30,
        "highest",
    )
    assert (t2.mentor, t2.category, t2.school_year.name) == (t1, "none", "2024/2025")


def test_each_teacher_error_rule(school_a, year):
    text = (
        HEADER
        + "\nT1;9999;учитель;;40;10;первая;\n"  # row 2: unknown organisation
        + "T2;0001;;;;;;\n"  # row 3: position empty
        + "T3;0001;учитель;;30;40;вторая;T3\n"  # row 4: bad category, self-mentor, experience > age
        + "T4;0001;учитель;;тридцать;;;T9\n"  # row 5: age not a number, unknown mentor
        + "T1;0001;учитель;;;;;\n"  # row 6: duplicate code
    )

    assert _errors(text, year) == [
        "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        "строка 3, столбец «Должность»: не заполнена обязательная ячейка",
        "строка 4, столбец «Квалификационная категория»: ожидается одно из значений: «без категории», «нет», "
        "«соответствие», «соответствие занимаемой должности», «СЗД», «первая», «высшая», получено «вторая»",
        "строка 4, столбец «Код наставника»: педагог не может быть наставником самому себе",
        "строка 4, столбец «Педагогический стаж»: стаж 40 лет больше возраста 30 лет",
        "строка 5, столбец «Возраст»: ожидается возраст в годах от 16 до 100, получено «тридцать»",
        "строка 5, столбец «Код наставника»: наставник с кодом «T9» не найден среди педагогов этого года",
        "строка 6, столбец «Код педагога»: код педагога «T1» повторяется: он уже указан в строке 2",
    ]


def test_cross_row_rules_run_when_cells_are_valid(school_a, year):
    text = (
        HEADER
        + "\nT1;9999;учитель;;40;10;первая;\n"
        + "T3;0001;учитель;;30;40;первая;T3\n"
        + "T4;0001;учитель;;;;;T9\n"
        + "T1;0001;учитель;;;;;\n"
    )

    assert _errors(text, year) == [
        "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        "строка 3, столбец «Код наставника»: педагог не может быть наставником самому себе",
        "строка 3, столбец «Педагогический стаж»: стаж 40 лет больше возраста 30 лет",
        "строка 4, столбец «Код наставника»: наставник с кодом «T9» не найден среди педагогов этого года",
        "строка 5, столбец «Код педагога»: код педагога «T1» повторяется: он уже указан в строке 2",
    ]


def test_reimport_updates_and_reports_changes(school_a, school_b, year):
    _import(HEADER + "\nT1;0001;учитель;;40;15;первая;\nT2;0001;учитель;;25;1;;\n", year)

    report = _import(HEADER + "\nT1;0001;учитель;;40;15;высшая;\nT2;0002;учитель;;25;1;;T1\n", year)

    assert (report.created, report.updated, report.unchanged) == (0, 2, 0)
    assert report.changes == [
        "T1: Квалификационная категория: «first» → «highest»",
        "T2: Код ОО: «" + str(school_a.pk) + "» → «" + str(school_b.pk) + "»; Код наставника: «—» → «T1»",
    ]
    assert Teacher.objects.get(code="T2").mentor.code == "T1"


def test_same_code_in_another_year_is_another_record(school_a, year):
    _import(HEADER + "\nT1;0001;учитель;;40;15;первая;\n", year)
    _import(HEADER + "\nT1;0001;учитель;;41;16;высшая;\n", SchoolYear.get_by_name("2025/2026"))

    assert sorted(Teacher.objects.values_list("school_year__name", "age")) == [
        ("2024/2025", 40),
        ("2025/2026", 41),
    ]

"""Import of `courses`: PD courses and diagnostics of teachers known to the registry, upserted."""

import datetime as dt
import io
from decimal import Decimal

import openpyxl
import pytest

from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, ImportStatus, SchoolYear
from msoko.registry.models import TeacherCourse
from msoko.registry.services import import_courses
from tests.factories import TeacherFactory

pytestmark = pytest.mark.django_db
HEADER = "Код педагога;Вид;Наименование;Часы;Дата;Результат, %;Дефициты"


@pytest.fixture
def teachers(school_a, school_b):
    old, new = SchoolYear.get_by_name("2023/2024"), SchoolYear.get_by_name("2024/2025")
    # T1 moved from school A to school B: its records belong to its latest organisation
    TeacherFactory(code="T1", organization=school_a, school_year=old)
    TeacherFactory(code="T1", organization=school_b, school_year=new)
    TeacherFactory(code="T2", organization=school_a, school_year=old)


def _import(content, filename="courses.csv", actor=None):
    if isinstance(content, str):
        content = content.encode()
    return import_courses(content=content, filename=filename, actor=actor)


def _errors(text) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text)
    return [str(p) for p in error.value.problems]


def _courses() -> list[tuple]:
    return sorted(
        TeacherCourse.objects.values_list(
            "teacher_code",
            "organization__code",
            "kind",
            "title",
            "hours",
            "date",
            "result_percent",
            "deficits",
        )
    )


def test_courses_and_diagnostics_are_stored(teachers):
    report = _import(
        HEADER
        + "\nT1;курсы;Функциональная грамотность;72;01.09.2024;;\n"
        + 'T2;Диагностика;Предметные компетенции: математика;;5.3.2025;64,5;"геометрия ;;  текстовые задачи"\n'
    )

    assert _courses() == [
        ("T1", "0002", "course", "Функциональная грамотность", 72, dt.date(2024, 9, 1), None, ""),
        (
            "T2",
            "0001",
            "diagnostics",
            "Предметные компетенции: математика",
            None,
            dt.date(2025, 3, 5),
            Decimal("64.50"),
            "геометрия; текстовые задачи",
        ),
    ]
    assert (report.created, report.updated, report.unchanged) == (2, 0, 0)
    assert set(TeacherCourse.objects.values_list("batch__kind", flat=True)) == {"courses"}


def test_each_courses_error_rule(teachers):
    text = (
        HEADER
        + "\nT9;курсы;Курс;36;01.09.2024;;\n"  # row 2: unknown teacher
        + "T1;семинар;Курс;36;01.09.2024;;\n"  # row 3: unknown kind
        + "T1;курсы;;-1;31.02.2024;;\n"  # row 4: title empty, negative hours, no such day
        + "T1;курсы;Курс;36;2024.09.01;80;дроби\n"  # row 5: date format; a result for a course (its deficits are fine)
        + "T1;диагностика;Диагностика;;01.10.2024;101;\n"  # row 6: result above 100
        + "T1;курсы;+Курс;36;01.09.2024;;\n"  # row 7: formula
        + "T2;курсы;Курс;36;01.09.2024;;\n"  # row 8
        + "T2;курсы;Курс;72;01.09.2024;;\n"  # row 9: the same teacher, kind, title and date
        + "T2;курсы;Курс;72;;;\n"  # row 10: date empty
    )

    assert _errors(text) == [
        "строка 2, столбец «Код педагога»: педагог с кодом «T9» не найден в реестре: сначала загрузите педагогов",
        "строка 3, столбец «Вид»: ожидается одно из значений: «курсы», «диагностика», получено «семинар»",
        "строка 4, столбец «Дата»: ожидается дата ДД.ММ.ГГГГ, получено «31.02.2024»",
        "строка 4, столбец «Наименование»: не заполнена обязательная ячейка",
        "строка 4, столбец «Часы»: ожидается целое число от 0 до 10000, получено «-1»",
        "строка 5, столбец «Дата»: ожидается дата ДД.ММ.ГГГГ, получено «2024.09.01»",
        "строка 5, столбец «Результат, %»: результат указывается только для диагностики",
        "строка 6, столбец «Результат, %»: ожидается процент от 0 до 100, получено «101»",
        "строка 7, столбец «Наименование»: ячейка начинается с «+»: формулы в текстовых ячейках не допускаются",
        "строка 9, столбец «Наименование»: та же запись (педагог, вид, наименование и дата) уже есть в строке 8",
        "строка 10, столбец «Дата»: не заполнена обязательная ячейка",
    ]
    assert (TeacherCourse.objects.count(), Batch.objects.count()) == (0, 0)
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_missing_required_header_is_reported(teachers):
    assert _errors("Код педагога;Вид;Наименование\nT1;курсы;Курс\n") == [
        "строка 1, столбец «Дата»: не найден обязательный столбец «Дата»"
    ]


def test_cp1251_csv_with_commas_and_only_required_columns(teachers):
    text = "Код педагога,Вид,Наименование,Дата\nT2,курсы,Наставничество,15.01.2025\n"

    _import(text.encode("cp1251"))

    assert _courses() == [("T2", "0001", "course", "Наставничество", None, dt.date(2025, 1, 15), None, "")]


def test_xlsx_with_a_title_row_and_date_cells(teachers):
    book = openpyxl.Workbook()
    book.active.append(["Повышение квалификации педагогов за 2024 год"])
    book.active.append(HEADER.split(";"))
    book.active.append(["T1", "курсы", "ФГОС", 36.0, dt.date(2024, 11, 20), None, None])
    book.active.append(["T2", "курсы", "ФГОС", 36, "2024-11-21 00:00:00", None, None])
    buffer = io.BytesIO()
    book.save(buffer)

    _import(buffer.getvalue(), filename="courses.xlsx")

    assert [(t, h, d) for t, _, _, _, h, d, _, _ in _courses()] == [
        ("T1", 36, dt.date(2024, 11, 20)),
        ("T2", 36, dt.date(2024, 11, 21)),
    ]


def test_reimport_updates_the_same_record_and_reports_changes(teachers):
    _import(HEADER + "\nT2;диагностика;Диагностика;;01.10.2024;50;дроби\nT1;курсы;Курс;36;01.09.2024;;\n")

    report = _import(
        HEADER
        + '\nT2;диагностика;Диагностика;;01.10.2024;55;"дроби; проценты"\nT1;курсы;Курс;36;01.09.2024;;\n'
    )

    assert TeacherCourse.objects.count() == 2
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.changes == [
        "T2, «Диагностика», 01.10.2024: Результат, %: «50.00» → «55.00»; Дефициты: «дроби» → «дроби; проценты»"
    ]
    assert TeacherCourse.objects.get(teacher_code="T2").deficits == "дроби; проценты"


def test_accepted_import_is_recorded_with_an_audit_row(teachers, specialist):
    report = _import(HEADER + "\nT1;курсы;Курс;36;01.09.2024;;\n", actor=specialist)

    record = ImportRecord.objects.get()
    assert (record.pk, record.kind, record.status, record.actor) == (
        report.record_id,
        "courses",
        ImportStatus.ACCEPTED,
        specialist,
    )
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).summary == (
        "Загрузка «повышение квалификации и диагностика педагогов» из файла «courses.csv»: добавлено 1, изменено 0, без изменений 0"
    )
    assert Batch.objects.get().import_record == record

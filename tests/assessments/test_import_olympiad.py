"""Import of `olympiad`: stages of ВсОШ as procedures, scores within the maximum, replacement."""

import io
from decimal import Decimal

import openpyxl
import pytest

from msoko.assessments.models import OlympiadResult, Procedure
from msoko.assessments.services import import_olympiad
from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, ImportStatus, SchoolYear

pytestmark = pytest.mark.django_db
HEADER = "Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Максимальный балл;Статус"


@pytest.fixture
def year(db):
    return SchoolYear.get_by_name("2024/2025")


def _import(content, year, filename="olymp.csv", actor=None):
    if isinstance(content, str):
        content = content.encode()
    return import_olympiad(content=content, filename=filename, school_year=year, actor=actor)


def _errors(text, year) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text, year)
    return [str(p) for p in error.value.problems]


def _results() -> list[tuple]:
    return sorted(
        OlympiadResult.objects.values_list(
            "procedure__kind",
            "procedure__subject",
            "organization__code",
            "participant_code",
            "grade",
            "score",
            "max_score",
            "status",
        )
    )


def test_results_of_every_stage_are_stored(school_a, school_b, year):
    report = _import(
        HEADER
        + "\nшкольный;Математика;0001;P1;9А;45,5;50;победитель\n"
        + "Муниципальный;Математика;0001;P1;9;30;;призер\n"
        + "региональный;Физика;0002;P2;11 Б;12;100;участник\n"
        + "заключительный;Физика;0002;P2;11;80,25;100;призёр\n",
        year,
    )

    assert _results() == [
        ("ВсОШ-заключительный", "Физика", "0002", "P2", 11, Decimal("80.25"), Decimal("100.00"), "призёр"),
        ("ВсОШ-муниципальный", "Математика", "0001", "P1", 9, Decimal("30.00"), None, "призёр"),
        ("ВсОШ-региональный", "Физика", "0002", "P2", 11, Decimal("12.00"), Decimal("100.00"), "участник"),
        ("ВсОШ-школьный", "Математика", "0001", "P1", 9, Decimal("45.50"), Decimal("50.00"), "победитель"),
    ]
    assert set(Procedure.objects.exclude(kind="ВПР").values_list("grade", "school_year__name")) == {
        (None, "2024/2025")
    }
    assert report.summary == [
        "Этапы и предметы: ВсОШ-школьный, Математика, 2024/2025; ВсОШ-муниципальный, Математика, 2024/2025; "
        "ВсОШ-региональный, Физика, 2024/2025; ВсОШ-заключительный, Физика, 2024/2025.",
        "Участий 4: победителей 1, призёров 2; организаций 2.",
    ]


def test_each_olympiad_error_rule(school_a, year):
    text = (
        HEADER
        + "\nшкольный;Математика;9999;P1;9;10;;участник\n"  # row 2: unknown organisation
        + "районный;Математика;0001;P2;9;10;;участник\n"  # row 3: unknown stage
        + "школьный;Математика;0001;P3;3;10;;лауреат\n"  # row 4: grade below 4, unknown status
        + "школьный;Математика;0001;P4;9;-1;0;участник\n"  # row 5: negative score, maximum 0
        + "школьный;Математика;0001;P5;9;55,5;50;призёр\n"  # row 6: score above the maximum
        + "школьный;Математика;0001;P6;девятый;;;участник\n"  # row 7: grade not a number, score empty
        + "школьный;Математика;0001;P1;10;10;;участник\n"  # row 8: P1 again at the same stage and subject
    )

    assert _errors(text, year) == [
        "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        "строка 3, столбец «Этап»: ожидается одно из значений: «школьный», «муниципальный», «региональный», "
        "«заключительный», получено «районный»",
        "строка 4, столбец «Класс»: ожидается класс от 4 до 11 (например, 9 или 9А), получено «3»",
        "строка 4, столбец «Статус»: ожидается одно из значений: «участник», «призёр», «призер», «победитель», получено «лауреат»",
        "строка 5, столбец «Баллы»: ожидается число от 0 до 99999, получено «-1»",
        "строка 5, столбец «Максимальный балл»: ожидается число больше 0, получено «0»",
        "строка 6, столбец «Баллы»: баллы 55,5 больше максимального балла 50",
        "строка 7, столбец «Баллы»: не заполнена обязательная ячейка",
        "строка 7, столбец «Класс»: ожидается класс от 4 до 11 (например, 9 или 9А), получено «девятый»",
        "строка 8, столбец «Код участника»: участник «P1» уже указан в строке 2 с тем же этапом и предметом",
    ]
    assert (
        OlympiadResult.objects.count(),
        Procedure.objects.exclude(kind="ВПР").count(),
        Batch.objects.count(),
    ) == (0, 0, 0)
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_missing_required_header_is_reported(school_a, year):
    assert _errors("Этап;Предмет;Код ОО;Код участника;Класс;Баллы\nшкольный;Химия;0001;P1;9;5\n", year) == [
        "строка 1, столбец «Статус»: не найден обязательный столбец «Статус»"
    ]


def test_cp1251_csv_with_commas_and_quoted_decimal_comma(school_a, year):
    text = (
        'Этап,Предмет,Код ОО,Код участника,Класс,Баллы,Статус\nшкольный,Химия,0001,0042,8,"17,5",участник\n'
    )

    _import(text.encode("cp1251"), year)

    assert _results() == [("ВсОШ-школьный", "Химия", "0001", "0042", 8, Decimal("17.50"), None, "участник")]


def test_xlsx_with_a_title_row(school_a, year):
    book = openpyxl.Workbook()
    book.active.append(["Протокол школьного этапа ВсОШ"])
    book.active.append(HEADER.split(";"))
    book.active.append(["школьный", "Биология", "0001", 77.0, 7.0, 12.5, 40, "победитель"])
    buffer = io.BytesIO()
    book.save(buffer)

    _import(buffer.getvalue(), year, filename="olymp.xlsx")

    assert _results() == [
        ("ВсОШ-школьный", "Биология", "0001", "77", 7, Decimal("12.50"), Decimal("40.00"), "победитель")
    ]


def test_reimport_replaces_the_same_stage_and_subject_of_the_same_organisations(school_a, school_b, year):
    _import(
        HEADER
        + "\nшкольный;Химия;0001;P1;9;10;;участник\nшкольный;Химия;0001;P2;9;20;;призёр\n"
        + "школьный;Химия;0002;P3;9;30;;победитель\nшкольный;Физика;0001;P1;9;5;;участник\n",
        year,
    )

    report = _import(HEADER + "\nшкольный;Химия;0001;P1;9;12;;участник\n", year)

    assert sorted(OlympiadResult.objects.values_list("procedure__subject", "participant_code", "score")) == [
        ("Физика", "P1", Decimal("5.00")),
        ("Химия", "P1", Decimal("12.00")),
        ("Химия", "P3", Decimal("30.00")),
    ]
    assert report.summary[-1] == "Заменены прежние результаты этих этапов и организаций: 2 строк."


def test_accepted_import_is_recorded_with_an_audit_row(school_a, specialist, year):
    report = _import(HEADER + "\nшкольный;Химия;0001;P1;9;10;;участник\n", year, actor=specialist)

    record = ImportRecord.objects.get()
    assert (record.pk, record.kind, record.status, record.actor, record.school_year) == (
        report.record_id,
        "olympiad",
        ImportStatus.ACCEPTED,
        specialist,
        year,
    )
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).summary.startswith(
        "Загрузка «всероссийская олимпиада школьников (протоколы этапов)» из файла «olymp.csv»"
    )
    assert Batch.objects.get().import_record == record

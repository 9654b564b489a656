"""Import of `marks`: journal marks of one school year, replaced per subject and period."""

import io

import openpyxl
import pytest

from msoko.assessments.models import JournalMark
from msoko.assessments.services import import_marks
from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, ImportStatus, SchoolYear

pytestmark = pytest.mark.django_db
HEADER = "Код ОО;Код участника;Класс;Предмет;Период;Отметка"


@pytest.fixture
def year(db):
    return SchoolYear.get_by_name("2024/2025")


def _import(content, year, filename="marks.csv", actor=None):
    if isinstance(content, str):
        content = content.encode()
    return import_marks(content=content, filename=filename, school_year=year, actor=actor)


def _errors(text, year) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text, year)
    return [str(p) for p in error.value.problems]


def _marks() -> list[tuple]:
    return sorted(
        JournalMark.objects.values_list(
            "organization__code", "participant_code", "class_name", "subject", "period", "mark"
        )
    )


def test_marks_are_stored_with_the_period_spelled_canonically(school_a, year):
    report = _import(
        HEADER
        + "\n0001;P1;5а;Математика;1 ЧЕТВЕРТЬ;4\n0001;P1;5А;Математика;Год;5\n0001;P2;5 Б;Физика;2 полугодие;3\n",
        year,
    )

    assert _marks() == [
        ("0001", "P1", "5А", "Математика", "1 четверть", 4),
        ("0001", "P1", "5А", "Математика", "год", 5),
        ("0001", "P2", "5Б", "Физика", "2 полугодие", 3),
    ]
    assert set(JournalMark.objects.values_list("school_year__name", flat=True)) == {"2024/2025"}
    assert report.summary == [
        "Учебный год 2024/2025: отметок 3, участников 2, организаций 1.",
        "Предметы: Математика, Физика; периоды: 1 четверть, 2 полугодие, год.",
    ]


def test_each_marks_error_rule(school_a, year):
    text = (
        HEADER
        + "\n9999;P1;5А;Математика;год;4\n"  # row 2: unknown organisation
        + "0001;;5А;Математика;год;4\n"  # row 3: participant empty
        + "0001;P3;5А;Математика;5 четверть;4\n"  # row 4: unknown period
        + "0001;P4;13;Математика;год;1\n"  # row 5: class name, mark
        + "0001;P5;5А;@Математика;год;4\n"  # row 6: formula
        + "0001;P6;5А;Математика;год;\n"  # row 7: mark empty
        + "0001;P6;5А;Математика;год;5\n"  # row 8: the same participant, subject and period
    )

    assert _errors(text, year) == [
        "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        "строка 3, столбец «Код участника»: не заполнена обязательная ячейка",
        "строка 4, столбец «Период»: ожидается одно из значений: «1 четверть», «2 четверть», «3 четверть», "
        "«4 четверть», «1 полугодие», «2 полугодие», «год», получено «5 четверть»",
        "строка 5, столбец «Класс»: ожидается класс: параллель от 1 до 11 и необязательная буква (5А, 11, 9 Б), получено «13»",
        "строка 5, столбец «Отметка»: ожидается отметка от 2 до 5, получено «1»",
        "строка 6, столбец «Предмет»: ячейка начинается с «@»: формулы в текстовых ячейках не допускаются",
        "строка 7, столбец «Отметка»: не заполнена обязательная ячейка",
        "строка 8, столбец «Код участника»: у участника «P6» уже есть отметка по предмету «Математика» за период «год» в строке 7",
    ]
    assert (JournalMark.objects.count(), Batch.objects.count()) == (0, 0)
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_missing_required_header_is_reported(school_a, year):
    assert _errors("Код ОО;Код участника;Класс;Предмет;Отметка\n0001;P1;5А;Математика;4\n", year) == [
        "строка 1, столбец «Период»: не найден обязательный столбец «Период»"
    ]


def test_cp1251_csv_with_commas(school_a, year):
    text = "Код ОО,Код участника,Класс,Предмет,Период,Отметка\n0001,00012,9В,Русский язык,3 четверть,3\n"

    _import(text.encode("cp1251"), year)

    assert _marks() == [("0001", "00012", "9В", "Русский язык", "3 четверть", 3)]


def test_xlsx_with_a_title_row(school_a, year):
    book = openpyxl.Workbook()
    book.active.append(["Отметки за 1 четверть"])
    book.active.append(HEADER.split(";"))
    book.active.append(["0001", 15.0, "7А", "Химия", "1 четверть", 5.0])
    buffer = io.BytesIO()
    book.save(buffer)

    _import(buffer.getvalue(), year, filename="marks.xlsx")

    assert _marks() == [("0001", "15", "7А", "Химия", "1 четверть", 5)]


def test_reimport_replaces_the_same_subjects_and_periods_of_the_same_organisations(school_a, school_b, year):
    _import(
        HEADER
        + "\n0001;P1;5А;Математика;год;4\n0001;P2;5А;Математика;год;3\n"
        + "0001;P1;5А;Математика;1 четверть;4\n0002;P9;5А;Математика;год;5\n",
        year,
    )
    other_year = SchoolYear.get_by_name("2023/2024")
    _import(HEADER + "\n0001;P1;4А;Математика;год;3\n", other_year)

    report = _import(HEADER + "\n0001;P1;5А;Математика;год;5\n", year)

    assert sorted(
        JournalMark.objects.values_list(
            "school_year__name", "organization__code", "participant_code", "period", "mark"
        )
    ) == [
        ("2023/2024", "0001", "P1", "год", 3),
        ("2024/2025", "0001", "P1", "1 четверть", 4),
        ("2024/2025", "0001", "P1", "год", 5),
        ("2024/2025", "0002", "P9", "год", 5),
    ]
    assert report.summary[-1] == "Заменены прежние отметки этих организаций по этим предметам и периодам: 2."


def test_accepted_import_is_recorded_with_an_audit_row(school_a, specialist, year):
    report = _import(HEADER + "\n0001;P1;5А;Математика;год;4\n", year, actor=specialist)

    record = ImportRecord.objects.get()
    assert (record.pk, record.kind, record.status, record.actor, record.rows) == (
        report.record_id,
        "marks",
        ImportStatus.ACCEPTED,
        specialist,
        1,
    )
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).summary.startswith(
        "Загрузка «отметки из электронного журнала» из файла «marks.csv»"
    )
    assert Batch.objects.get().import_record == record

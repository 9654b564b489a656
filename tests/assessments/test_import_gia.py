"""Import of `gia`: exam rules, registry checks, quarantine and replacement on re-import."""

import io

import openpyxl
import pytest

from msoko.assessments.models import GiaResult, Procedure
from msoko.assessments.services import import_gia
from msoko.core.imports import ImportRejected
from msoko.core.models import (
    AuditAction,
    AuditEvent,
    Batch,
    ImportRecord,
    ImportStatus,
    QuarantineRow,
    SchoolYear,
)

pytestmark = pytest.mark.django_db
HEADER = (
    "Экзамен;Предмет;Код ОО;Код участника;Класс;Первичный балл;Тестовый балл;Отметка;"
    "Годовая отметка;Претендент на медаль"
)


@pytest.fixture
def year(db):
    return SchoolYear.get_by_name("2024/2025")


def _import(content, year, filename="gia.csv", **options):
    if isinstance(content, str):
        content = content.encode()
    return import_gia(content=content, filename=filename, school_year=year, actor=None, **options)


def _errors(text, year, **options) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text, year, **options)
    return [str(p) for p in error.value.problems]


def _xlsx(rows) -> bytes:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_results_of_every_exam_are_stored_per_exam_and_subject(school_a, school_b, year):
    report = _import(
        HEADER
        + "\nОГЭ;Математика;0001;P1;9 а;15;;4;5;\n"
        + "ЕГЭ;Русский язык;0002;P2;11А;40;78;;5;да\n"
        + "ЕГЭ;Математика (базовая);0002;P2;11А;17;;5;5;да\n"
        + "гвэ-9;Математика;0001;P3;;6;;3;;нет\n",
        year,
    )

    rows = {
        (r.procedure.kind, r.procedure.subject, r.participant_code): (
            r.organization.code,
            r.class_name,
            r.primary_score,
            r.test_score,
            r.mark,
            r.annual_mark,
            r.medal_candidate,
        )
        for r in GiaResult.objects.select_related("procedure", "organization")
    }
    assert rows == {
        ("ОГЭ", "Математика", "P1"): ("0001", "9А", 15, None, 4, 5, False),
        ("ЕГЭ", "Русский язык", "P2"): ("0002", "11А", 40, 78, None, 5, True),
        ("ЕГЭ", "Математика (базовая)", "P2"): ("0002", "11А", 17, None, 5, 5, True),
        ("ГВЭ-9", "Математика", "P3"): ("0001", "", 6, None, 3, None, False),
    }
    assert set(Procedure.objects.exclude(kind="ВПР").values_list("grade", "school_year__name")) == {
        (None, "2024/2025")
    }
    assert report.summary == [
        "Экзамены и предметы: ГВЭ-9 — Математика; ЕГЭ — Математика (базовая), Русский язык; ОГЭ — Математика.",
        "Результатов 4, участников 3, организаций 2.",
    ]


def test_each_gia_error_rule(school_a, year):
    text = (
        HEADER
        + "\nОГЭ;Математика;9999;P1;9А;15;;4;;\n"  # row 2: unknown organisation
        + "ОГЭ-9;Математика;0001;P2;9А;15;;4;;\n"  # row 3: unknown exam
        + "ОГЭ;Математика;0001;P3;12Б;;;4;;\n"  # row 4: class name, primary score empty
        + "ОГЭ;Математика;0001;P4;9А;-1;;;1;может\n"  # row 5: negative score, mark missing, annual, medal
        + "ЕГЭ;Физика;0001;P5;11А;30;;;;\n"  # row 6: test score missing for ЕГЭ
        + "ЕГЭ;Физика;0001;P6;11А;30;101;;;\n"  # row 7: test score above 100
        + "ЕГЭ;Математика (базовая);0001;P7;11А;17;;;;\n"  # row 8: mark missing for basic maths
        + "ГВЭ-11;=HYPERLINK(1);0001;P8;11А;10;;6;;\n"  # row 9: formula, mark 6
        + "ОГЭ;Математика;0001;P1;9Б;12;;3;;\n"  # row 10: P1 again for ОГЭ in mathematics
    )

    assert _errors(text, year) == [
        "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        "строка 3, столбец «Экзамен»: ожидается одно из значений: «ОГЭ», «ЕГЭ», «ГВЭ-9», «ГВЭ-11», получено «ОГЭ-9»",
        "строка 4, столбец «Класс»: ожидается класс: параллель от 1 до 11 и необязательная буква (5А, 11, 9 Б), получено «12Б»",
        "строка 4, столбец «Первичный балл»: не заполнена обязательная ячейка",
        "строка 5, столбец «Годовая отметка»: ожидается отметка от 2 до 5, получено «1»",
        "строка 5, столбец «Отметка»: не заполнена отметка: для ОГЭ она обязательна",
        "строка 5, столбец «Первичный балл»: ожидается целое число от 0 до 1000, получено «-1»",
        "строка 5, столбец «Претендент на медаль»: ожидается одно из значений: «да», «нет», «1», «0», получено «может»",
        "строка 6, столбец «Тестовый балл»: не заполнен тестовый балл: для ЕГЭ он обязателен",
        "строка 7, столбец «Тестовый балл»: ожидается целое число от 0 до 100, получено «101»",
        "строка 8, столбец «Отметка»: не заполнена отметка: для ЕГЭ по предмету «Математика (базовая)» она обязательна",
        "строка 9, столбец «Отметка»: ожидается отметка от 2 до 5, получено «6»",
        "строка 9, столбец «Предмет»: ячейка начинается с «=»: формулы в текстовых ячейках не допускаются",
        "строка 10, столбец «Код участника»: участник «P1» уже указан в строке 2 с тем же экзаменом и предметом",
    ]
    assert (
        GiaResult.objects.count(),
        Procedure.objects.exclude(kind="ВПР").count(),
        Batch.objects.count(),
    ) == (0, 0, 0)
    record = ImportRecord.objects.get()
    assert (record.kind, record.status, record.summary["errors"]) == ("gia", ImportStatus.REJECTED, 14)
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_REJECTED).count() == 1


def test_missing_required_header_is_reported(school_a, year):
    assert _errors("Экзамен;Предмет;Код ОО;Класс\nОГЭ;Математика;0001;9А\n", year) == [
        "строка 1, столбец «Код участника»: не найден обязательный столбец «Код участника»",
        "строка 1, столбец «Первичный балл»: не найден обязательный столбец «Первичный балл»",
    ]


def test_empty_file_is_an_error(year):
    assert _errors("", year) == ["файл: файл пуст"]
    assert _errors(HEADER + "\n", year) == ["строка 2: в файле нет ни одной строки с данными"]


def test_test_score_of_oge_is_not_stored_and_the_user_is_told(school_a, year):
    report = _import(HEADER + "\nОГЭ;Математика;0001;P1;9А;15;15;4;;\n", year)

    assert GiaResult.objects.get().test_score is None
    assert report.notices == [
        "тестовый балл бывает только у ЕГЭ: в строках ОГЭ и ГВЭ он не используется (строк 1)"
    ]


def test_cp1251_csv_with_commas_keeps_leading_zeros(school_a, year):
    text = "Экзамен,Предмет,Код ОО,Код участника,Первичный балл,Отметка\nОГЭ,Русский язык,0001,007,25,4\n"

    _import(text.encode("cp1251"), year)

    result = GiaResult.objects.get()
    assert (result.organization, result.participant_code, result.primary_score) == (school_a, "007", 25)


def test_xlsx_with_a_title_row(school_a, year):
    content = _xlsx(
        [
            ["Результаты ЕГЭ 2025 года"],
            [],
            ["Экзамен", "Предмет", "Код ОО", "Код участника", "Первичный балл", "Тестовый балл"],
            ["ЕГЭ", "Химия", "0001", 123456.0, 30, "61"],
        ]
    )

    report = _import(content, year, filename="gia.xlsx")

    result = GiaResult.objects.get()
    assert (result.participant_code, result.primary_score, result.test_score) == ("123456", 30, 61)
    assert report.rows == 1


def test_reimport_replaces_the_same_exams_of_the_same_organisations(school_a, school_b, year):
    _import(
        HEADER
        + "\nОГЭ;Математика;0001;P1;;15;;4;;\nОГЭ;Математика;0001;P2;;5;;2;;\n"
        + "ОГЭ;Математика;0002;P3;;20;;5;;\nОГЭ;Русский язык;0001;P1;;30;;5;;\n",
        year,
    )

    report = _import(HEADER + "\nОГЭ;Математика;0001;P1;;16;;4;;\n", year)

    assert sorted(
        GiaResult.objects.values_list("procedure__subject", "participant_code", "primary_score")
    ) == [
        ("Математика", "P1", 16),
        ("Математика", "P3", 20),
        ("Русский язык", "P1", 30),
    ]
    assert report.summary[-1] == "Заменены прежние результаты этих экзаменов и организаций: 2 строк."
    assert report.details["replaced"] == 2


def test_quarantine_keeps_bad_rows_and_loads_the_rest(school_a, year):
    rows = [f"ОГЭ;Математика;0001;P{i};;{i};;3;;" for i in range(24)]
    rows.append("ОГЭ;Математика;0001;PX;;10;;7;;")  # row 26: 1 of 25 rows (4 %) is wrong

    report = _import(HEADER + "\n" + "\n".join(rows) + "\n", year, quarantine=True)

    assert GiaResult.objects.count() == 24
    kept = QuarantineRow.objects.get()
    assert (kept.row, kept.values["Код участника"], kept.errors) == (
        26,
        "PX",
        ["столбец «Отметка»: ожидается отметка от 2 до 5, получено «7»"],
    )
    assert kept.batch.import_record_id == report.record_id
    assert report.summary[-1].startswith("В карантин отложено строк: 1")


def test_quarantine_still_rejects_a_file_with_too_many_bad_rows(school_a, year):
    text = HEADER + "\nОГЭ;Математика;0001;P1;;10;;3;;\nОГЭ;Математика;0001;P2;;10;;7;;\n"

    errors = _errors(text, year, quarantine=True)

    assert errors[0] == (
        "файл: ошибочных строк 1 из 2 (50.0%) — больше допустимой доли 5%; файл отклонён целиком"
    )
    assert not GiaResult.objects.exists()


def test_accepted_import_is_recorded_with_an_audit_row(school_a, specialist, year):
    report = import_gia(
        content=(HEADER + "\nОГЭ;Математика;0001;P1;;15;;4;;\n").encode(),
        filename="gia.csv",
        school_year=year,
        actor=specialist,
    )

    record = ImportRecord.objects.get()
    assert (record.pk, record.kind, record.status, record.actor, record.school_year) == (
        report.record_id,
        "gia",
        ImportStatus.ACCEPTED,
        specialist,
        year,
    )
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.summary.startswith(
        "Загрузка «результаты ГИА (ОГЭ, ЕГЭ, ГВЭ)» из файла «gia.csv»: Экзамены и предметы: ОГЭ — Математика."
    )
    assert Batch.objects.get().import_record == record

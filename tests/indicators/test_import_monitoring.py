"""Import of `monitoring`: values of catalogue indicators reported by schools, upserted."""

import io
from decimal import Decimal

import openpyxl
import pytest

from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, ImportStatus
from msoko.indicators.models import MonitoringValue
from msoko.indicators.services import import_monitoring

pytestmark = pytest.mark.django_db
HEADER = "Код ОО;Показатель;Учебный год;Значение"
COVERAGE = "talents.additional_education_coverage"  # a percentage
VACANCIES = "teachers.vacancies"  # a count
PD_DONE = "principals.pd_completed"  # a flag


def _import(content, filename="monitoring.csv", actor=None):
    if isinstance(content, str):
        content = content.encode()
    return import_monitoring(content=content, filename=filename, actor=actor)


def _errors(text) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text)
    return [str(p) for p in error.value.problems]


def _values() -> list[tuple]:
    return sorted(
        MonitoringValue.objects.values_list(
            "organization__code", "indicator_code", "school_year__name", "value"
        )
    )


def test_values_are_stored_with_normalised_years(school_a, school_b):
    report = _import(
        HEADER
        + f"\n0001;{COVERAGE};2024/2025;87,5\n"
        + f"0001;{VACANCIES};2024-2025;2\n"
        + f"0002;{PD_DONE};2023/24;да\n"
        + f"0002;{COVERAGE.upper()};2023/2024;0\n"
    )

    assert _values() == [
        ("0001", COVERAGE, "2024/2025", Decimal("87.5")),
        ("0001", VACANCIES, "2024/2025", Decimal("2")),
        ("0002", PD_DONE, "2023/2024", Decimal("1")),
        ("0002", COVERAGE, "2023/2024", Decimal("0")),
    ]
    assert (report.created, report.updated, report.unchanged) == (4, 0, 0)


def test_each_monitoring_error_rule(school_a):
    text = (
        HEADER
        + f"\n9999;{COVERAGE};2024/2025;50\n"  # row 2: unknown organisation
        + "0001;talents.unknown;2024/2025;50\n"  # row 3: not in the catalogue
        + "0001;results.success_rate;2024/2025;50\n"  # row 4: computed by the system
        + f"0001;{COVERAGE};2024/2026;50\n"  # row 5: not a school year
        + f"0001;{COVERAGE};2024/2025;100,5\n"  # row 6: percentage above 100
        + f"0001;{PD_DONE};2024/2025;2\n"  # row 7: a flag is 0 or 1
        + f"0001;{VACANCIES};2024/2025;-1\n"  # row 8: a count is a whole number ≥ 0
        + f"0001;{VACANCIES};2023/2024;много\n"  # row 9: not a number
        + f"0001;{VACANCIES};2022-23;\n"  # row 10: value empty
        + f"0001;{COVERAGE};2024-2025;40\n"  # row 11: row 6 again (the same year, spelled otherwise)
        + "0001;=cmd;2024/2025;1\n"  # row 12: formula
    )

    assert _errors(text) == [
        "строка 2, столбец «Код ОО»: организация с кодом «9999» не найдена в реестре",
        "строка 3, столбец «Показатель»: показатель «talents.unknown» не найден среди показателей мониторинга (список кодов: msoko indicators list)",
        "строка 4, столбец «Показатель»: показатель «results.success_rate» вычисляется системой по результатам и не загружается из мониторинга",
        "строка 5, столбец «Учебный год»: ожидается учебный год вида 2024/2025, получено «2024/2026»",
        "строка 6, столбец «Значение»: ожидается процент от 0 до 100, получено «100,5»",
        "строка 7, столбец «Значение»: ожидается 0 или 1 (нет или да), получено «2»",
        "строка 8, столбец «Значение»: ожидается целое число не меньше 0, получено «-1»",
        "строка 9, столбец «Значение»: ожидается число, получено «много»",
        "строка 10, столбец «Значение»: не заполнена обязательная ячейка",
        f"строка 11, столбец «Показатель»: значение показателя «{COVERAGE}» за 2024/2025 для этой организации уже указано в строке 6",
        "строка 12, столбец «Показатель»: код не может начинаться с «=» (похоже на формулу)",
    ]
    assert (MonitoringValue.objects.count(), Batch.objects.count()) == (0, 0)
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_missing_required_header_is_reported(school_a):
    assert _errors(f"Код ОО;Показатель;Значение\n0001;{COVERAGE};5\n") == [
        "строка 1, столбец «Учебный год»: не найден обязательный столбец «Учебный год»"
    ]


def test_cp1251_csv_with_commas_and_decimal_comma(school_a):
    text = f'Код ОО,Показатель,Учебный год,Значение\n0001,{COVERAGE},2024/2025,"33,3"\n'

    _import(text.encode("cp1251"))

    assert _values() == [("0001", COVERAGE, "2024/2025", Decimal("33.3"))]


def test_xlsx_with_a_title_row(school_a):
    book = openpyxl.Workbook()
    book.active.append(["Мониторинг ОО, форма 1"])
    book.active.append(HEADER.split(";"))
    book.active.append(["0001", VACANCIES, "2024/2025", 3.0])
    buffer = io.BytesIO()
    book.save(buffer)

    _import(buffer.getvalue(), filename="monitoring.xlsx")

    assert _values() == [("0001", VACANCIES, "2024/2025", Decimal("3"))]


def test_reimport_updates_values_and_reports_changes(school_a):
    _import(HEADER + f"\n0001;{COVERAGE};2024/2025;80\n0001;{VACANCIES};2024/2025;2\n")

    report = _import(HEADER + f"\n0001;{COVERAGE};2024/2025;82,5\n0001;{VACANCIES};2024/2025;2\n")

    assert _values() == [
        ("0001", COVERAGE, "2024/2025", Decimal("82.5")),
        ("0001", VACANCIES, "2024/2025", Decimal("2")),
    ]
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.changes == [f"0001, {COVERAGE}, 2024/2025: «80» → «82,5»"]


def test_accepted_import_is_recorded_with_an_audit_row(school_a, specialist):
    report = _import(HEADER + f"\n0001;{COVERAGE};2024/2025;80\n", actor=specialist)

    record = ImportRecord.objects.get()
    assert (record.pk, record.kind, record.status, record.actor, record.school_year.name) == (
        report.record_id,
        "monitoring",
        ImportStatus.ACCEPTED,
        specialist,
        "2024/2025",
    )
    assert AuditEvent.objects.get(action=AuditAction.IMPORT).summary == (
        "Загрузка «значения показателей из мониторинговых форм» из файла «monitoring.csv»: добавлено 1, изменено 0, без изменений 0"
    )
    assert Batch.objects.get().import_record == record


def test_an_optional_comment_column_is_read_not_reported_as_unused(school_a):
    without = _import(HEADER + f"\n0001;{COVERAGE};2024/2025;80\n")
    with_comment = _import(
        HEADER + f";Комментарий\n0001;{COVERAGE};2024/2025;81;по данным навигатора\n"
        f"0001;{VACANCIES};2024/2025;2;\n"
    )

    assert without.notices == []
    assert with_comment.notices == []  # an unknown column would be «не используется и пропущен»
    assert _values() == [
        ("0001", COVERAGE, "2024/2025", Decimal("81")),
        ("0001", VACANCIES, "2024/2025", Decimal("2")),
    ]


def test_a_comment_is_checked_like_any_text_cell(school_a):
    too_long = "а" * 1001

    errors = _errors(
        HEADER + f";Комментарий\n0001;{COVERAGE};2024/2025;80;=HYPERLINK(1)\n"
        f"0001;{VACANCIES};2024/2025;2;{too_long}\n"
    )

    assert errors == [
        "строка 2, столбец «Комментарий»: ячейка начинается с «=»: формулы в текстовых ячейках не допускаются",
        "строка 3, столбец «Комментарий»: текст длиннее 1000 символов",
    ]
    assert MonitoringValue.objects.count() == 0


def test_the_comment_reaches_the_checked_rows():
    from msoko.core.imports import read_checked
    from msoko.core.models import parse_school_year
    from msoko.indicators.importers import monitoring

    content = (HEADER + f";Примечание\n0001;{COVERAGE};2024/2025;80;  с  учётом филиала \n").encode()

    checked = read_checked(
        content,
        filename="m.csv",
        fmt=monitoring,
        check=lambda rows, shown: monitoring.check_values(
            rows, org_codes={"0001": 7}, parse_year=parse_school_year, shown=shown
        ),
    )

    assert checked.frame.select("org_id", "indicator", "value", "comment").rows() == [
        (7, COVERAGE, 80.0, "с учётом филиала")
    ]

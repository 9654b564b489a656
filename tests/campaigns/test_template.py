"""The XLSX template: pre-filled with the organisation, the indicators, the year and the
campaign; filled with openpyxl and uploaded back into the draft, all or nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from msoko.collection.campaigns import services
from msoko.collection.campaigns.models import State
from msoko.core.imports import ImportRejected
from tests.campaigns.conftest import COVERAGE, PD_DONE, VACANCIES

pytestmark = pytest.mark.django_db


def _book(content: bytes):
    return openpyxl.load_workbook(io.BytesIO(content))


def _save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _rows(sheet):
    return [list(r) for r in sheet.iter_rows(min_row=5, values_only=True)]


def test_the_template_names_the_organisation_indicators_year_and_campaign(form_a, school_user):
    services.save_value(actor=school_user, submission=form_a, code=VACANCIES, text="3", comment="две ставки")

    book = _book(services.template_workbook(form_a))

    sheet = book["Мониторинг"]
    assert [c.value for c in sheet[4]] == [
        "Код ОО",
        "Показатель",
        "Наименование показателя",
        "Единица",
        "Учебный год",
        "Значение",
        "Комментарий",
    ]
    assert _rows(sheet) == [
        [
            "0001",
            COVERAGE,
            "Доля обучающихся, охваченных дополнительным образованием",
            "%",
            "2024/2025",
            None,
            None,
        ],
        ["0001", VACANCIES, "Число вакансий педагогов", "чел.", "2024/2025", 3, "две ставки"],
        [
            "0001",
            PD_DONE,
            "Руководитель прошёл повышение квалификации за 3 года",
            "да/нет",
            "2024/2025",
            None,
            None,
        ],
    ]
    mark = book["msoko"]
    assert mark.sheet_state == "hidden"
    assert (mark["A1"].value, mark["B1"].value) == ("campaign", form_a.campaign_id)
    assert book.defined_names["msoko_campaign"].attr_text == "msoko!$B$1"


def test_a_filled_template_lands_in_the_draft(form_a, school_user):
    book = _book(services.template_workbook(form_a))
    sheet = book["Мониторинг"]
    sheet["F5"], sheet["G5"] = "92,5", "с учётом филиала"
    sheet["F6"] = 4
    sheet["F7"] = "да"

    done = services.upload_template(actor=school_user, content=_save(book), filename="форма.xlsx")

    assert (done.submission.pk, done.values, done.notices) == (form_a.pk, 3, [])
    form_a.refresh_from_db()
    assert form_a.state == State.DRAFT
    assert sorted(form_a.values.values_list("indicator_code", "value", "comment")) == [
        (PD_DONE, Decimal("1"), ""),
        (COVERAGE, Decimal("92.5"), "с учётом филиала"),
        (VACANCIES, Decimal("4"), ""),
    ]


def test_empty_rows_of_the_template_leave_the_draft_as_it_was(form_a, school_user):
    services.save_value(actor=school_user, submission=form_a, code=COVERAGE, text="50")
    book = _book(services.template_workbook(form_a))
    book["Мониторинг"]["F5"] = None  # the saved 50 removed from the file, and nothing else filled
    book["Мониторинг"]["F6"] = 1

    services.upload_template(actor=school_user, content=_save(book), filename="форма.xlsx")

    assert dict(form_a.values.values_list("indicator_code", "value")) == {
        COVERAGE: Decimal("50"),
        VACANCIES: Decimal("1"),
    }


def test_errors_are_listed_by_row_and_column_and_nothing_is_written(form_a, school_user, school_b):
    book = _book(services.template_workbook(form_a))
    sheet = book["Мониторинг"]
    sheet["F5"] = 120  # percent above 100
    sheet["A6"], sheet["F6"] = "0002", 2  # another school's code
    sheet["F7"] = "да"
    sheet.append(["0001", "upbringing.offences_count", "", "", "2024/2025", 1, ""])  # not in the form
    sheet.append(["0001", VACANCIES, "", "", "2023/2024", 1, ""])  # another year

    with pytest.raises(ImportRejected) as error:
        services.upload_template(actor=school_user, content=_save(book), filename="форма.xlsx")

    assert [str(p) for p in error.value.problems] == [
        "строка 5, столбец «Значение»: ожидается процент от 0 до 100, получено «120»",
        "строка 6, столбец «Код ОО»: ожидается код своей организации 0001, получено «0002»",
        "строка 8, столбец «Показатель»: показатель «upbringing.offences_count» не входит в форму кампании «Дополнительное образование и кадры»",
        "строка 9, столбец «Учебный год»: ожидается учебный год кампании 2024/2025, получено «2023/2024»",
    ]
    assert not form_a.values.exists()


def test_a_file_not_made_from_the_template_needs_the_campaign_chosen(form_a, school_user):
    content = f"Код ОО;Показатель;Учебный год;Значение;Комментарий\n0001;{VACANCIES};2024/2025;5;\n".encode()

    with pytest.raises(ImportRejected) as error:
        services.upload_template(actor=school_user, content=content, filename="m.csv")
    done = services.upload_template(
        actor=school_user, content=content, filename="m.csv", campaign=form_a.campaign
    )

    assert str(error.value.problems[0]).startswith("файл: в файле нет отметки кампании")
    assert done.values == 1
    assert form_a.values.get().value == Decimal("5")


def test_a_sent_form_takes_no_upload(form_a, school_user):
    services.fill_submission(
        actor=school_user, submission=form_a, values={COVERAGE: 1, VACANCIES: 1, PD_DONE: False}
    )
    services.submit_submission(actor=school_user, submission=form_a)
    book = _book(services.template_workbook(form_a))
    book["Мониторинг"]["F6"] = 9

    with pytest.raises(ImportRejected) as error:
        services.upload_template(actor=school_user, content=_save(book), filename="форма.xlsx")

    assert [p.message for p in error.value.problems] == [
        "Форма отправлена в отдел образования: изменить её можно, только если её вернут на доработку."
    ]
    assert form_a.values.get(indicator_code=VACANCIES).value == Decimal("1")

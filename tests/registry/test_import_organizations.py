"""Import of the `organizations` registry: validation rules, all-or-nothing, update in place."""

from decimal import Decimal

import pytest

from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, ImportRecord
from msoko.core.uploads import stored_path
from msoko.registry.models import Municipality, Organization
from msoko.registry.services import import_organizations
from tests.real_data import ALTAI, real_data

pytestmark = pytest.mark.django_db
LOGINS = ALTAI / "registry/logins.xlsx"

HEADER = (
    "Код ОО;Наименование;Краткое наименование;Тип;Муниципалитет;Местность;Численность обучающихся;"
    "Доля малообеспеченных семей, %;Доля родителей с высшим образованием, %;Доля обучающихся с ОВЗ, %;"
    "Доля обучающихся, для которых русский язык не родной, %"
)


def _import(text: str, *, encoding: str = "utf-8", filename: str = "orgs.csv", actor=None):
    return import_organizations(content=text.encode(encoding), filename=filename, actor=actor)


def _errors(text: str) -> list[str]:
    with pytest.raises(ImportRejected) as error:
        _import(text)
    return [str(p) for p in error.value.problems]


def test_full_row_is_stored_with_every_field():
    _import(HEADER + "\n0042;МБОУ «СОШ № 42»;СОШ № 42;школа;Северный район;село;312;25,5;30;4;1,5\n")

    org = Organization.objects.get(code="0042")
    assert (org.name, org.short_name, org.kind, org.locality, org.students_count) == (
        "МБОУ «СОШ № 42»",
        "СОШ № 42",
        "school",
        "rural",
        312,
    )
    assert org.municipality.name == "Северный район"
    assert (
        org.low_income_share,
        org.higher_education_parents_share,
        org.sen_share,
        org.non_native_russian_share,
    ) == (
        Decimal("25.50"),
        Decimal("30.00"),
        Decimal("4.00"),
        Decimal("1.50"),
    )


def test_defaults_type_school_and_the_deployment_municipality(settings):
    settings.MSOKO_MUNICIPALITY = "Город N"

    _import("Код ОО;Наименование\n7;Школа\n", encoding="cp1251")

    org = Organization.objects.get(code="7")
    assert (org.kind, org.municipality.name) == ("school", "Город N")


def test_each_error_is_listed_with_row_column_and_value():
    text = (
        "Реестр организаций\n"
        + HEADER
        + "\n"
        + "0001;;;;;;;;;;\n"  # row 3: name empty
        + "0002;Школа;;лагерь;;хутор;-5;120;abc;;\n"  # row 4: four bad cells
        + "=0003;Школа;;;;;;;;;\n"  # row 5: formula in a code
        + "0004;+Школа;;;;;;;;;\n"  # row 6: formula in text
        + "0002;Школа 2;;;;;;;;;\n"  # row 7: duplicate code
    )

    assert _errors(text) == [
        "строка 3, столбец «Наименование»: не заполнена обязательная ячейка",
        "строка 4, столбец «Доля малообеспеченных семей, %»: ожидается процент от 0 до 100, получено «120»",
        "строка 4, столбец «Доля родителей с высшим образованием, %»: ожидается процент от 0 до 100, получено «abc»",
        "строка 4, столбец «Местность»: ожидается одно из значений: «город», «село», «городская», «сельская», "
        "получено «хутор»",
        "строка 4, столбец «Тип»: ожидается одно из значений: «школа», «ОО», «ДОО», «УДО», получено «лагерь»",
        "строка 4, столбец «Численность обучающихся»: ожидается целое число от 0 до 100000, получено «-5»",
        "строка 5, столбец «Код ОО»: код не может начинаться с «=» (похоже на формулу)",
        "строка 6, столбец «Наименование»: ячейка начинается с «+»: формулы в текстовых ячейках не допускаются",
        "строка 7, столбец «Код ОО»: код ОО «0002» повторяется: он уже указан в строке 4",
    ]


def test_missing_required_header_rejects_the_file():
    assert _errors("Код ОО;Название\n0001;Школа\n") == [
        "строка 1, столбец «Наименование»: не найден обязательный столбец «Наименование»"
    ]


def test_header_only_file_is_rejected():
    assert _errors("Код ОО;Наименование\n") == ["строка 2: в файле нет ни одной строки с данными"]


def test_one_bad_row_means_nothing_is_written():
    with pytest.raises(ImportRejected):
        _import("Код ОО;Наименование;Тип\n0001;Хорошая школа;школа\n0002;Плохая;завод\n")

    assert not Organization.objects.exists()


def test_reimport_updates_in_place_and_reports_what_changed():
    _import("Код ОО;Наименование;Численность обучающихся\n0001;Школа № 1;300\n0002;Школа № 2;200\n")

    report = _import(
        "Код ОО;Наименование;Численность обучающихся\n0001;Школа № 1;300\n0002;Гимназия № 2;210\n"
    )

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert report.changes == [
        "0002: Наименование: «Школа № 2» → «Гимназия № 2»; Численность обучающихся: «200» → «210»"
    ]
    assert Organization.objects.count() == 2
    assert Organization.objects.get(code="0002").name == "Гимназия № 2"


def test_columns_absent_from_the_file_keep_their_values():
    _import("Код ОО;Наименование;Доля обучающихся с ОВЗ, %\n0001;Школа;7\n")

    report = _import("Код ОО;Наименование\n0001;Школа\n")

    assert report.unchanged == 1
    assert Organization.objects.get(code="0001").sen_share == Decimal("7.00")


def test_accepted_import_is_recorded_with_the_raw_file_and_an_audit_row(specialist):
    content = "Код ОО;Наименование\n0001;Школа\n"

    report = _import(content, actor=specialist)

    record = ImportRecord.objects.get(pk=report.record_id)
    assert (record.kind, record.status, record.rows, record.actor) == (
        "organizations",
        "accepted",
        1,
        specialist,
    )
    assert stored_path(record.sha256).read_bytes() == content.encode()
    event = AuditEvent.objects.get(action=AuditAction.IMPORT)
    assert event.actor == specialist
    assert "добавлено 1" in event.summary


def test_rejected_import_is_recorded_and_audited_but_writes_no_data(specialist):
    with pytest.raises(ImportRejected):
        _import("Код ОО;Наименование\n0001;\n", actor=specialist)

    record = ImportRecord.objects.get()
    assert (record.status, record.summary["errors"]) == ("rejected", 1)
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_REJECTED, actor=specialist).count() == 1
    assert not Organization.objects.exists()


@real_data
def test_real_fis_oko_school_list_is_accepted():
    content = LOGINS.read_bytes()

    report = import_organizations(content=content, filename="logins.xlsx", actor=None)

    # logins.xlsx: 692 schools in 70 municipalities (shared/data/real/altai-vpr/SOURCE.md)
    assert (report.rows, report.created) == (692, 692)
    assert Municipality.objects.filter(organizations__isnull=False).distinct().count() == 70
    assert Organization.objects.filter(code__startswith="sch22").count() > 600

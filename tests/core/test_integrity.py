"""Integrity: reading and rejecting never create data; re-imports keep what a file does not
give; accounts follow the same login rules everywhere."""

from __future__ import annotations

import pytest

from msoko.assessments.services import import_gia
from msoko.cli import main
from msoko.core.imports import ImportRejected
from msoko.core.models import ImportRecord, ImportStatus, SchoolYear, User
from msoko.registry.models import Municipality, Organization
from msoko.registry.services import import_organizations

pytestmark = pytest.mark.django_db
GIA_HEADER = (
    "Экзамен;Предмет;Код ОО;Код участника;Класс;Первичный балл;Тестовый балл;Отметка;"
    "Годовая отметка;Претендент на медаль\n"
)


def test_a_rejected_upload_creates_no_school_year(school_a):
    year = SchoolYear(name="2030/2031", start_year=2030)  # not saved: the form only names it

    with pytest.raises(ImportRejected):
        import_gia(
            content=(GIA_HEADER + "ОГЭ;Математика;9999;P1;9А;15;;4;;\n").encode(),
            filename="gia.csv",
            school_year=year,
            actor=None,
        )

    assert not SchoolYear.objects.filter(name="2030/2031").exists()
    record = ImportRecord.objects.get()
    assert (record.status, record.school_year) == (ImportStatus.REJECTED, None)
    assert record.summary["params"]["year"] == "2030/2031"  # still replayable


def test_an_accepted_upload_creates_its_school_year_with_its_data(school_a):
    report = import_gia(
        content=(GIA_HEADER + "ОГЭ;Математика;0001;P1;9А;15;;4;4;\n").encode(),
        filename="gia.csv",
        school_year=SchoolYear(name="2030/2031", start_year=2030),
        actor=None,
    )

    year = SchoolYear.objects.get(name="2030/2031")
    assert ImportRecord.objects.get(pk=report.record_id).school_year == year


def test_an_export_of_an_unknown_year_is_refused_and_creates_nothing(capsys):
    assert main(["export", "flags", "--year", "2031/2032"]) == 1

    assert "учебный год 2031/2032 не найден" in capsys.readouterr().err
    assert not SchoolYear.objects.filter(name="2031/2032").exists()


def test_a_registry_file_without_the_municipality_keeps_each_schools(settings):
    settings.MSOKO_MUNICIPALITY = "Город по умолчанию"
    import_organizations(
        content="Код ОО;Наименование;Муниципалитет\n0001;Школа 1;Район А\n".encode(),
        filename="orgs.csv",
        actor=None,
    )

    import_organizations(
        content="Код ОО;Наименование\n0001;Школа № 1 (новое имя)\n0002;Новая школа\n".encode(),
        filename="orgs.csv",
        actor=None,
    )

    assert Organization.objects.get(code="0001").municipality.name == "Район А"
    assert Organization.objects.get(code="0001").name == "Школа № 1 (новое имя)"
    assert Organization.objects.get(code="0002").municipality.name == "Город по умолчанию"
    assert Municipality.objects.count() == 2


def test_createuser_refuses_a_login_the_admin_would_refuse(capsys):
    code = main(["createuser", "bad login!", "--role", "specialist", "--password", "Длинный-пароль-42"])

    assert code == 1
    assert "логин «bad login!»: Введите правильное имя пользователя" in capsys.readouterr().err
    assert not User.objects.filter(username="bad login!").exists()

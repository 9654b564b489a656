"""The upload page, the import history with its downloads, and the audit log page."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent, ImportRecord, ImportStatus
from msoko.registry.models import Organization, Teacher

pytestmark = pytest.mark.django_db

GOOD_ORGS = "Код ОО;Наименование\n0100;Школа\n"
BAD_ORGS = "Код ОО;Наименование\n0100;Школа\n0100;Другая школа\n"


def _upload(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="text/csv")


def test_import_page_loads_organizations_and_shows_the_summary(client, specialist):
    client.force_login(specialist)

    response = client.post(
        reverse("registry:import"), {"kind": "organizations", "file": _upload("orgs.csv", GOOD_ORGS)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл «orgs.csv» загружен" in html
    assert "добавлено 1" in html
    assert Organization.objects.filter(code="0100").exists()
    assert ImportRecord.objects.get().actor == specialist


def test_import_page_shows_the_error_table_for_a_bad_file(client, specialist):
    client.force_login(specialist)

    response = client.post(
        reverse("registry:import"), {"kind": "organizations", "file": _upload("bad.csv", BAD_ORGS)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл отклонён целиком, ничего не записано" in html
    for header in ("Строка", "Столбец", "Значение", "Ошибка"):
        assert f">{header}</th>" in html
    assert "повторяется" in html
    assert not Organization.objects.filter(code="0100").exists()
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED


def test_teacher_import_requires_a_school_year(client, specialist, school_a):
    client.force_login(specialist)
    content = "Код педагога;Код ОО;Должность\nT1;0001;учитель\n"

    response = client.post(
        reverse("registry:import"), {"kind": "teachers", "file": _upload("t.csv", content)}
    )

    assert "Для загрузки педагогов укажите учебный год" in response.content.decode()
    assert not Teacher.objects.exists()


def test_teacher_import_with_a_school_year(client, specialist, school_a):
    client.force_login(specialist)
    content = "Код педагога;Код ОО;Должность\nT1;0001;учитель\n"

    response = client.post(
        reverse("registry:import"),
        {"kind": "teachers", "school_year": "2024-25", "file": _upload("t.csv", content)},
    )

    assert "Файл «t.csv» загружен" in response.content.decode()
    teacher = Teacher.objects.get(code="T1")
    assert teacher.school_year.name == "2024/2025"
    assert teacher.organization == school_a


def test_import_template_is_a_csv_with_the_format_headers(client, specialist):
    client.force_login(specialist)

    response = client.get(reverse("registry:import_template", args=["organizations"]))

    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").startswith("Код ОО;Наименование;")


def test_import_history_lists_uploads(client, specialist):
    client.force_login(specialist)
    client.post(reverse("registry:import"), {"kind": "organizations", "file": _upload("orgs.csv", GOOD_ORGS)})

    html = client.get(reverse("imports")).content.decode()

    assert "orgs.csv" in html
    assert "загружен" in html
    assert "добавлено 1" in html


def test_downloading_a_stored_file_writes_an_export_audit_event(client, specialist):
    client.force_login(specialist)
    client.post(reverse("registry:import"), {"kind": "organizations", "file": _upload("orgs.csv", GOOD_ORGS)})
    rec = ImportRecord.objects.get()

    response = client.get(reverse("import_file", args=[rec.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == GOOD_ORGS.encode("utf-8")
    assert "orgs.csv" in response["Content-Disposition"]
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == specialist
    assert event.object_id == str(rec.pk)


def test_download_of_a_missing_record_is_404(client, specialist):
    client.force_login(specialist)

    assert client.get(reverse("import_file", args=[999])).status_code == 404
    assert not AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_audit_page_filters_by_action_and_login(client, specialist, methodologist):
    client.force_login(methodologist)
    client.force_login(specialist)
    client.post(reverse("registry:import"), {"kind": "organizations", "file": _upload("orgs.csv", GOOD_ORGS)})

    by_action = client.get(reverse("audit"), {"action": "import"}).content.decode()
    by_login = client.get(reverse("audit"), {"login": "metod"}).content.decode()

    assert "orgs.csv" in by_action
    assert "Вход в систему" not in by_action
    assert "Вход в систему" in by_login
    assert "orgs.csv" not in by_login


def test_a_csv_line_over_the_csv_modules_field_limit_is_a_recorded_rejection_not_a_500(client, specialist):
    client.force_login(specialist)
    content = 'Код ОО;Наименование\n0100;Шк"ола\n0101;' + "ж" * 200_000 + "\n"

    response = client.post(
        reverse("registry:import"), {"kind": "organizations", "file": _upload("long.csv", content)}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "Файл отклонён целиком, ничего не записано" in html
    assert "в ячейке допустимо не больше 32 767 знаков (предел Excel)" in html
    record = ImportRecord.objects.get()
    assert record.status == ImportStatus.REJECTED
    assert record.summary["first_errors"][0].startswith(
        "строка 3: в ячейке допустимо не больше 32 767 знаков"
    )

"""One import pipeline: the registry of kinds feeds the command line, the web and replay;
a school's foreign rows are refused before anything is written."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from msoko.cli import build_parser
from msoko.core.imports.kinds import import_kinds
from msoko.core.models import AuditAction, AuditEvent, Batch, ImportRecord, ImportStatus
from msoko.indicators.models import MonitoringValue

pytestmark = pytest.mark.django_db
MONITORING = "Код ОО;Показатель;Учебный год;Значение\n{rows}"
VACANCIES = "teachers.vacancies"


def _monitoring(*rows: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("monitoring.csv", MONITORING.format(rows="\n".join(rows)).encode())


def test_the_command_line_offers_every_registered_kind():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices["import"]._subparsers._group_actions[0].choices

    assert {k.code for k in import_kinds()} <= set(commands)
    assert len(import_kinds()) >= 10  # results, ГИА, marks, olympiad, teachers, courses, monitoring …


def test_the_web_offers_every_kind_the_command_line_has(client, specialist):
    client.force_login(specialist)

    for kind in import_kinds():
        page = client.get(reverse("upload_kind", args=[kind.code]))
        assert page.status_code == 200, kind.code
        html = page.content.decode()
        assert (kind.title[0].upper() + kind.title[1:]) in html
        for param in kind.params:
            if param.web:
                assert f'name="{param.name}"' in html, (kind.code, param.name)


def test_a_school_is_offered_only_the_kinds_it_may_load(client, school_user):
    client.force_login(school_user)

    html = client.get(reverse("upload")).content.decode()

    offered = {k.code for k in import_kinds() if reverse("upload_kind", args=[k.code]) in html}
    assert offered == {"results", "marks", "monitoring"}
    assert client.get(reverse("upload_kind", args=["organizations"])).status_code == 404


def test_the_methodologist_loads_nothing(client, methodologist):
    client.force_login(methodologist)

    assert client.get(reverse("upload")).status_code == 403


def test_the_web_form_loads_a_file_through_the_pipeline(client, specialist, school_a):
    client.force_login(specialist)

    response = client.post(
        reverse("upload_kind", args=["monitoring"]), {"file": _monitoring(f"0001;{VACANCIES};2024/2025;2")}
    )

    assert "Файл «monitoring.csv» загружен" in response.content.decode()
    assert MonitoringValue.objects.get().value == 2
    record = ImportRecord.objects.get()
    assert (record.kind, record.status, record.actor) == ("monitoring", ImportStatus.ACCEPTED, specialist)


def test_a_school_file_with_another_schools_row_is_refused_before_writing(
    client, school_user, school_a, school_b
):
    client.force_login(school_user)

    response = client.post(
        reverse("upload_kind", args=["monitoring"]),
        {"file": _monitoring(f"0001;{VACANCIES};2024/2025;2", f"0002;{VACANCIES};2024/2025;3")},
    )

    html = response.content.decode()
    assert "Файл отклонён целиком, ничего не записано" in html
    assert "Файл содержит результаты других организаций: 0002" in html
    assert not MonitoringValue.objects.exists()
    assert not Batch.objects.exists()
    assert ImportRecord.objects.get().status == ImportStatus.REJECTED
    assert AuditEvent.objects.filter(action=AuditAction.IMPORT_REJECTED).count() == 1
    assert not AuditEvent.objects.filter(action=AuditAction.IMPORT).exists()


def test_a_bad_parameter_is_a_form_error_not_an_import(client, specialist):
    client.force_login(specialist)

    response = client.post(
        reverse("upload_kind", args=["marks"]),
        {"file": SimpleUploadedFile("marks.csv", b"x"), "year": "2024-25-26"},
    )

    assert "ожидается учебный год вида 2024/2025" in response.content.decode()
    assert not ImportRecord.objects.exists()


def test_replay_goes_through_the_same_pipeline(specialist, school_a):
    from msoko.core.imports.replay import replay_import
    from msoko.indicators.services import import_monitoring

    first = import_monitoring(
        content=MONITORING.format(rows=f"0001;{VACANCIES};2024/2025;2").encode(),
        filename="m.csv",
        actor=specialist,
    )
    again = replay_import(record_id=first.record_id, actor=specialist)

    assert again.kind == "monitoring"
    assert again.unchanged == 1
    assert ImportRecord.objects.filter(kind="monitoring", status=ImportStatus.ACCEPTED).count() == 2

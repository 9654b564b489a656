"""`msoko cleanup`: kept files of old rejected imports are removed, their records stay."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from msoko.cli import main
from msoko.core.models import AuditAction, AuditEvent, ImportRecord, ImportStatus
from msoko.core.retention import remove_expired_rejected_files
from msoko.core.uploads import store_upload, stored_path

pytestmark = pytest.mark.django_db


def _import(content: bytes, *, status: str, days_ago: int) -> ImportRecord:
    rec = ImportRecord.objects.create(
        kind="organizations",
        filename=f"{status}-{days_ago}.csv",
        sha256=store_upload(content),
        size=len(content),
        status=status,
        summary={"errors": 1} if status == ImportStatus.REJECTED else {},
    )
    ImportRecord.objects.filter(pk=rec.pk).update(at=timezone.now() - dt.timedelta(days=days_ago))
    rec.refresh_from_db()
    return rec


def test_an_old_rejected_file_is_removed_and_its_record_kept(settings):
    settings.MSOKO_REJECTED_FILES_DAYS = 30
    old = _import(b"junk", status=ImportStatus.REJECTED, days_ago=31)

    result = remove_expired_rejected_files(actor=None)

    assert (result.files, result.size, result.records) == (1, 4, 1)
    assert not stored_path(old.sha256).exists()
    old.refresh_from_db()
    assert old.summary == {"errors": 1, "file_removed": timezone.localdate().isoformat()}
    event = AuditEvent.objects.get(action=AuditAction.DELETE)
    assert event.summary.startswith("Удалено исходных файлов отклонённых загрузок старше 30 дн.: 1")


@pytest.mark.parametrize(
    ("_case", "status", "days_ago"),
    [
        ("shared_with_an_accepted_import", ImportStatus.ACCEPTED, 400),
        ("shared_with_a_recent_rejection", ImportStatus.REJECTED, 2),
    ],
)
def test_a_file_another_import_still_needs_is_kept(settings, _case, status, days_ago):
    settings.MSOKO_REJECTED_FILES_DAYS = 30
    old = _import(b"same bytes", status=ImportStatus.REJECTED, days_ago=90)
    _import(b"same bytes", status=status, days_ago=days_ago)

    result = remove_expired_rejected_files(actor=None)

    assert (result.files, result.records) == (0, 0)
    assert stored_path(old.sha256).exists()
    assert not AuditEvent.objects.filter(action=AuditAction.DELETE).exists()


def test_a_rejection_within_the_period_keeps_its_file(settings):
    settings.MSOKO_REJECTED_FILES_DAYS = 30
    recent = _import(b"junk", status=ImportStatus.REJECTED, days_ago=29)

    assert remove_expired_rejected_files(actor=None).files == 0
    assert stored_path(recent.sha256).exists()


def test_running_again_changes_nothing_and_finishes_an_interrupted_run(settings):
    settings.MSOKO_REJECTED_FILES_DAYS = 30
    old = _import(b"junk", status=ImportStatus.REJECTED, days_ago=31)
    remove_expired_rejected_files(actor=None)
    # an interrupted run marked the record but left the file behind
    store_upload(b"junk")

    again = remove_expired_rejected_files(actor=None)

    assert (again.files, again.records) == (1, 0)
    assert not stored_path(old.sha256).exists()


def test_msoko_cleanup_prints_what_it_removed(settings, capsys):
    settings.MSOKO_REJECTED_FILES_DAYS = 7
    settings.MSOKO_STUDENT_DATA_YEARS = 50
    _import(b"junk", status=ImportStatus.REJECTED, days_ago=8)

    code = main(["cleanup"])

    assert code == 0
    assert capsys.readouterr().out == (
        "Удалено исходных файлов отклонённых загрузок старше 7 дн.: 1 (0,0 МБ); "
        "загрузок в истории с удалённым файлом: 1 (сами записи сохранены).\n"
        "Данных обучающихся старше 50 учебных лет (MSOKO_STUDENT_DATA_YEARS) нет.\n"
    )


def test_the_history_says_the_file_was_removed_and_its_download_is_404(client, specialist, settings):
    settings.MSOKO_REJECTED_FILES_DAYS = 30
    old = _import(b"junk", status=ImportStatus.REJECTED, days_ago=31)
    remove_expired_rejected_files(actor=None)
    client.force_login(specialist)

    html = client.get(reverse("imports")).content.decode()
    download = client.get(reverse("import_file", args=[old.pk]))

    assert "rejected-31.csv <span" in html
    assert "(файл удалён по сроку хранения)" in html
    assert reverse("import_file", args=[old.pk]) not in html
    assert download.status_code == 404

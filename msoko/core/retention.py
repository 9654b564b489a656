"""Retention of the kept files of rejected imports (`msoko cleanup`).

A rejected file is kept for ``MSOKO_REJECTED_FILES_DAYS`` so the attempt can be checked and
replayed, then removed; its import record stays, marked as having lost its file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from msoko.core.audit import record
from msoko.core.models import AuditAction, ImportRecord, ImportStatus, User
from msoko.core.uploads import megabytes, stored_path


@dataclass
class Cleanup:
    days: int
    files: int = 0
    size: int = 0
    records: int = 0

    def lines(self) -> list[str]:
        return [
            f"Удалено исходных файлов отклонённых загрузок старше {self.days} дн.: {self.files} "
            f"({megabytes(self.size)}); загрузок в истории с удалённым файлом: {self.records} "
            "(сами записи сохранены)."
        ]


def remove_expired_rejected_files(*, actor: User | None, now: dt.datetime | None = None) -> Cleanup:
    """Delete the kept files of imports rejected more than MSOKO_REJECTED_FILES_DAYS ago.

    Files are kept by content (core/uploads.py), so a file stays while any accepted import, or a
    rejection still within the period, has the same content. The import records stay in the
    history with ``file_removed`` (the date) in their summary. Safe to run again: a file left
    behind by an interrupted run is removed by the next one.
    """
    days = settings.MSOKO_REJECTED_FILES_DAYS
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    expired = ImportRecord.objects.filter(status=ImportStatus.REJECTED, at__lt=cutoff)
    still_needed = set(
        ImportRecord.objects.filter(Q(status=ImportStatus.ACCEPTED) | Q(at__gte=cutoff)).values_list(
            "sha256", flat=True
        )
    )
    hashes = set(expired.values_list("sha256", flat=True)) - still_needed
    result = Cleanup(days=days)
    for sha256 in sorted(hashes):
        path = stored_path(sha256)
        if path.is_file():
            result.size += path.stat().st_size
            path.unlink()
            result.files += 1
    removed_on = timezone.localdate(now).isoformat()
    with transaction.atomic():
        records = list(expired.filter(sha256__in=hashes).exclude(summary__has_key="file_removed"))
        for rec in records:
            rec.summary = {**rec.summary, "file_removed": removed_on}
        ImportRecord.objects.bulk_update(records, ["summary"])
        result.records = len(records)
        if result.files or result.records:
            record(
                actor=actor,
                actor_name="msoko" if actor is None else "",
                action=AuditAction.DELETE,
                summary=result.lines()[0],
                details={
                    "days": days,
                    "files": result.files,
                    "bytes": result.size,
                    "records": result.records,
                },
            )
    return result

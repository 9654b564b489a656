"""Retention (`msoko cleanup`): kept files of rejected imports, and pupil-level data of old years.

A rejected file is kept for ``MSOKO_REJECTED_FILES_DAYS`` so the attempt can be checked and
replayed, then removed; its import record stays, marked as having lost its file.

Pupil-level rows are kept for ``MSOKO_STUDENT_DATA_YEARS`` school years. Apps that hold such
rows declare how to remove a year's (:func:`holds_student_data`); the core removes the year's
quarantine and uploaded files itself. The year keeps its computed figures and is closed: no
import or recompute touches it again.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from msoko.core.audit import record
from msoko.core.models import AuditAction, ImportRecord, ImportStatus, QuarantineRow, SchoolYear, User
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


@dataclass(frozen=True)
class StudentData:
    """Pupil-level rows an app keeps: ``remove(year)`` deletes the year's and returns how many."""

    title: str
    remove: Callable[[SchoolYear], int]


_holders: list[StudentData] = []


def holds_student_data(title: str, remove: Callable[[SchoolYear], int]) -> None:
    """Declare rows about pupils (called from an app's ``ready``)."""
    if all(holder.title != title for holder in _holders):
        _holders.append(StudentData(title, remove))


@dataclass
class YearRemoval:
    year: str
    removed: dict[str, int] = field(default_factory=dict)
    files: int = 0

    def line(self) -> str:
        parts = [f"{title}: {count}" for title, count in self.removed.items() if count]
        what = "; ".join(parts) if parts else "строк нет"
        return (
            f"{self.year}: данные обучающихся удалены по сроку хранения ({what}; исходных файлов: "
            f"{self.files}); рассчитанные показатели и флаги сохранены."
        )


def expired_school_years(*, today: dt.date | None = None) -> list[SchoolYear]:
    """Years older than the MSOKO_STUDENT_DATA_YEARS last ones (the current year counted)."""
    current = SchoolYear.start_of(today or timezone.localdate())
    oldest_kept = current - settings.MSOKO_STUDENT_DATA_YEARS + 1
    return list(
        SchoolYear.objects.filter(start_year__lt=oldest_kept, student_data_removed__isnull=True).order_by(
            "start_year"
        )
    )


def remove_expired_student_data(*, actor: User | None, today: dt.date | None = None) -> list[YearRemoval]:
    """Delete the pupil-level rows, quarantine and uploaded files of every expired year.

    One transaction per year; the uploaded files go after it commits (a file another kept
    year's import also brought stays). Safe to run again.
    """
    today = today or timezone.localdate()
    done = []
    for year in expired_school_years(today=today):
        result = YearRemoval(year=year.name)
        with transaction.atomic():
            for holder in _holders:
                result.removed[holder.title] = holder.remove(year)
            result.removed["строки карантина"] = QuarantineRow.objects.filter(
                batch__school_year=year
            ).delete()[0]
            records = list(
                ImportRecord.objects.filter(school_year=year).exclude(summary__has_key="file_removed")
            )
            for rec in records:
                rec.summary = {**rec.summary, "file_removed": today.isoformat()}
            ImportRecord.objects.bulk_update(records, ["summary"])
            SchoolYear.objects.filter(pk=year.pk).update(student_data_removed=today)
            hashes = {rec.sha256 for rec in records} - set(
                ImportRecord.objects.exclude(school_year=year)
                .exclude(summary__has_key="file_removed")
                .values_list("sha256", flat=True)
            )
            record(
                actor=actor,
                actor_name="msoko" if actor is None else "",
                action=AuditAction.DELETE,
                summary=f"Удалены данные обучающихся {year.name} учебного года по сроку хранения",
                obj=year,
                details={"years_kept": settings.MSOKO_STUDENT_DATA_YEARS, "removed": result.removed},
            )
        for sha256 in sorted(hashes):
            path = stored_path(sha256)
            if path.is_file():
                path.unlink()
                result.files += 1
        done.append(result)
    return done

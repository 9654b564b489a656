"""Use cases of the core: users, and the retention of the files of rejected imports."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from msoko.core.audit import record
from msoko.core.models import AuditAction, ImportRecord, ImportStatus, Role, User
from msoko.core.uploads import megabytes, stored_path


class UserRejected(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def create_user(
    *,
    login: str,
    role: str,
    org_code: str | None,
    password: str,
    actor: User | None,
    check_password: bool = True,
) -> User:
    """Create a user of a role; a `school` user must be bound to an organisation in the registry."""
    from msoko.registry.models import Organization

    problems = []
    if User.objects.filter(username=login).exists():
        problems.append(f"пользователь «{login}» уже существует")
    organization = None
    if role == Role.SCHOOL and not org_code:
        problems.append("для роли school укажите код организации: --org КОД")
    if org_code:
        organization = Organization.objects.filter(code=org_code).first()
        if organization is None:
            problems.append(f"организация с кодом «{org_code}» не найдена в реестре")
    candidate = User(username=login, role=role, organization=organization)
    if check_password:
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            problems += [f"пароль: {m}" for m in error.messages]
    if problems:
        raise UserRejected(problems)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.is_staff = role == Role.ADMIN
        candidate.is_superuser = role == Role.ADMIN
        candidate.save()
        record(
            actor=actor,
            action=AuditAction.USER_CREATED,
            summary=f"Создан пользователь «{login}» с ролью «{candidate.get_role_display()}»",
            obj=candidate,
        )
    return candidate


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

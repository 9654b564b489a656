"""Writes of the bank of best practices: a practice with its file, and the department's review."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from msoko.core import audit
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.directions.methodical.models import (
    Practice,
    PracticeStatus,
    can_manage_methodical,
)
from msoko.directions.methodical.rules import (
    MethodicalRejected,
    file_problem,
    practice_problems,
)
from msoko.directions.methodical.services._common import acting_user, registers_changed, system_name
from msoko.registry.models import Organization, Teacher


def create_practice(
    *,
    actor: User | None,
    title: str,
    school_year: SchoolYear,
    organization: Organization | None = None,
    author_code: str = "",
    author: Teacher | None = None,
    subject: str = "",
    theme: str = "",
    direction: int = 8,
    description: str = "",
    file: File | None = None,
    link: str = "",
) -> Practice:
    """A new practice, on review. ``file`` is any Django ``File`` with a name (an upload, a
    ``ContentFile(data, name="…pdf")``); it is stored under ``practices/``."""
    _check_practice(file=file, has_file=file is not None, link=link)
    with _atomic_keeping_files() as stored:
        practice = Practice(
            title=title,
            school_year=school_year,
            organization=organization,
            author_code=author_code,
            author=author or _author_in_registry(author_code, school_year, organization),
            subject=subject,
            theme=theme,
            direction=direction,
            description=description,
            link=link,
            created_by=acting_user(actor),
        )
        if file is not None:
            practice.file.save(file.name, file, save=False)
            stored.append(practice.file.name)
        practice.save()
        registers_changed(practice.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.CREATE,
            summary=f"Методическая работа: в банк практик внесена «{practice.title}» ({_where(practice)})",
            obj=practice,
            details={"file": practice.file_name, "link": link},
        )
    return practice


def update_practice(
    *,
    actor: User | None,
    practice: Practice,
    title: str,
    school_year: SchoolYear,
    organization: Organization | None,
    author_code: str,
    author: Teacher | None = None,
    subject: str,
    theme: str,
    direction: int,
    description: str,
    link: str,
    file: File | None = None,
    remove_file: bool = False,
) -> Practice:
    """Change a practice. A new ``file`` replaces the stored one; a change made by a school to a
    practice already reviewed sends it back for review (the department approved other text)."""
    old_file = practice.file.name if practice.file else ""
    keeps_file = bool(old_file) and not remove_file
    _check_practice(file=file, has_file=file is not None or keeps_file, link=link)
    fields = {
        "title": title,
        "school_year": school_year,
        "organization": organization,
        "author_code": author_code,
        "author": author or _author_in_registry(author_code, school_year, organization),
        "subject": subject,
        "theme": theme,
        "direction": direction,
        "description": description,
        "link": link,
    }
    changed = [name for name, value in fields.items() if getattr(practice, name) != value]
    with _atomic_keeping_files() as stored:
        for name, value in fields.items():
            setattr(practice, name, value)
        if file is not None:
            practice.file.save(file.name, file, save=False)
            stored.append(practice.file.name)
            changed.append("file")
        elif remove_file and old_file:
            practice.file = ""
            changed.append("file")
        # the system (actor None) and the department edit without a new review
        reset = (
            bool(changed)
            and practice.status != PracticeStatus.PENDING
            and actor is not None
            and not can_manage_methodical(actor)
        )
        if reset:
            practice.status, practice.reviewed_by, practice.reviewed_at = PracticeStatus.PENDING, None, None
        practice.save()
        if old_file and "file" in changed:
            _delete_on_commit(old_file)
        registers_changed(practice.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Методическая работа: изменена практика «{practice.title}» ({_where(practice)})"
            + ("; возвращена на рассмотрение" if reset else ""),
            obj=practice,
            details={"fields": changed, "status_reset": reset},
        )
    return practice


def delete_practice(*, actor: User | None, practice: Practice) -> None:
    with transaction.atomic():
        registers_changed(practice.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.DELETE,
            summary=f"Методическая работа: из банка практик удалена «{practice.title}» ({_where(practice)})",
            obj=practice,
            details={"status": practice.status, "file": practice.file_name},
        )
        if practice.file:
            _delete_on_commit(practice.file.name)
        practice.delete()


def review_practice(*, actor: User | None, practice: Practice, status: str, comment: str = "") -> Practice:
    """The department's decision on a practice: approved or rejected (a rejection says why)."""
    if actor is not None and not can_manage_methodical(actor):
        raise PermissionDenied("Рассматривать практики может только отдел образования.")
    if status not in (PracticeStatus.APPROVED, PracticeStatus.REJECTED):
        raise MethodicalRejected({"status": "Практику можно одобрить или отклонить."})
    if status == PracticeStatus.REJECTED and not comment.strip():
        raise MethodicalRejected({"comment": "Укажите, почему практика отклонена."})
    with transaction.atomic():
        previous = practice.status
        practice.status = status
        practice.reviewed_by = acting_user(actor)
        practice.reviewed_at = timezone.now()
        practice.review_comment = comment.strip()
        practice.save(update_fields=["status", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
        verb = "одобрена" if status == PracticeStatus.APPROVED else "отклонена"
        registers_changed(practice.school_year)
        audit.record(
            actor=actor,
            actor_name=system_name(actor),
            action=AuditAction.UPDATE,
            summary=f"Методическая работа: практика «{practice.title}» ({_where(practice)}) {verb}",
            obj=practice,
            details={"status": status, "previous": previous, "comment": practice.review_comment},
        )
    return practice


def _check_practice(*, file: File | None, has_file: bool, link: str) -> None:
    problems = practice_problems(has_file=has_file, link=link)
    if file is not None:
        problem = file_problem(name=file.name, size=file.size, head=_head(file))
        if problem:
            problems["file"] = problem
    if problems:
        raise MethodicalRejected(problems)


def _head(file: File) -> bytes:
    file.seek(0)
    head = file.read(8)
    file.seek(0)
    return head


def _author_in_registry(
    code: str, school_year: SchoolYear, organization: Organization | None
) -> Teacher | None:
    """The registry's teacher of that code and year (of the practice's school, if it has one)."""
    if not code:
        return None
    teachers = Teacher.objects.filter(code=code, school_year=school_year)
    if organization is not None:
        teachers = teachers.filter(organization=organization)
    return teachers.first()


def _where(practice: Practice) -> str:
    code = practice.organization.code if practice.organization else "муниципальная"
    return f"{code}, {practice.school_year}"


def _delete_on_commit(name: str) -> None:
    transaction.on_commit(lambda: default_storage.delete(name))


@contextmanager
def _atomic_keeping_files() -> Iterator[list[str]]:
    """A transaction whose stored files go too when it fails (storage is not transactional)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            yield stored
    except BaseException:
        for name in stored:
            default_storage.delete(name)
        raise

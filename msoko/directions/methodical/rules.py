"""What makes an association or a practice valid, in one place: the forms show these messages
next to their fields and the services refuse the same cases (the demo loader calls them too)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from msoko.core.uploads import MB, megabytes
from msoko.directions.methodical.models import Level

#: what the bank accepts: documents, presentations, tables and archives of materials
ALLOWED_EXTENSIONS = ("pdf", "docx", "pptx", "xlsx", "zip")
#: a practice's materials are a document or a presentation, not a video archive
MAX_FILE_BYTES = 20 * MB
#: the first bytes of each kind: Office files are ZIP archives, PDF starts with its marker
SIGNATURES = {
    "pdf": b"%PDF",
    "docx": b"PK\x03\x04",
    "pptx": b"PK\x03\x04",
    "xlsx": b"PK\x03\x04",
    "zip": b"PK\x03\x04",
}


class MethodicalRejected(ValueError):
    """A write that breaks a rule of the registers; the message is for the user, in Russian."""

    def __init__(self, problems: dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(problems.values()))


def file_problem(*, name: str, size: int, head: bytes) -> str | None:
    """Why a practice's file is refused, or None. ``head`` is the file's first bytes."""
    extension = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if extension not in ALLOWED_EXTENSIONS:
        allowed = ", ".join(ALLOWED_EXTENSIONS)
        return f"Ожидается файл {allowed}, загружен «{name}»."
    if size > MAX_FILE_BYTES:
        limit = megabytes(MAX_FILE_BYTES)
        return f"Файл практики может занимать не больше {limit}, а «{name}» — {megabytes(size)}."
    if not head.startswith(SIGNATURES[extension]):
        return f"Файл «{name}» не является файлом {extension.upper()}: он повреждён или переименован."
    return None


def association_problems(
    *, level: str, organization: Any, school_year: Any, leader: Any, members: Iterable[Any]
) -> dict[str, str]:
    """Field → message for an association that breaks a rule; empty when it is valid.

    A РМО belongs to no school; a ШМО to exactly one, and its people are that school's teachers.
    Every teacher row is of the association's school year (teachers are registered per year).
    """
    problems: dict[str, str] = {}
    if level == Level.MUNICIPAL and organization is not None:
        problems["organization"] = "У РМО нет организации: районное объединение ведёт отдел образования."
    if level == Level.SCHOOL and organization is None:
        problems["organization"] = "Укажите школу, в которой работает ШМО."
    if leader is not None:
        problem = _teacher_problem(leader, level=level, organization=organization, school_year=school_year)
        if problem:
            problems["leader"] = f"Руководитель {problem}"
    wrong = [
        f"{t.code} ({why})"
        for t in members
        if (
            why := _teacher_problem(
                t, level=level, organization=organization, school_year=school_year, short=True
            )
        )
    ]
    if wrong:
        problems["members"] = "Участники не подходят объединению: " + "; ".join(wrong) + "."
    return problems


def _teacher_problem(
    teacher: Any, *, level: str, organization: Any, school_year: Any, short: bool = False
) -> str:
    if teacher.school_year_id != school_year.pk:
        if short:
            return f"педагог {teacher.school_year} учебного года"
        return f"{teacher.code} — педагог {teacher.school_year} учебного года, а объединение — {school_year}."
    if level == Level.SCHOOL and organization is not None and teacher.organization_id != organization.pk:
        if short:
            return "педагог другой организации"
        return f"{teacher.code} — педагог другой организации, а ШМО работает в {organization.code}."
    return ""


def practice_problems(*, has_file: bool, link: str) -> dict[str, str]:
    if not has_file and not link:
        return {"file": "Приложите файл или укажите ссылку на материалы практики."}
    return {}


def date_problem(*, day: dt.date | None, month: int | None, school_year: Any) -> str | None:
    """A plan line is dated by a day or a month; the day falls within the school year."""
    if day is None and month is None:
        return "Укажите дату или месяц мероприятия."
    if day is None:
        return None
    start = dt.date(school_year.start_year, 9, 1)
    end = dt.date(school_year.start_year + 1, 8, 31)
    if not start <= day <= end:
        return f"Дата {day:%d.%m.%Y} вне {school_year} учебного года ({start:%d.%m.%Y}–{end:%d.%m.%Y})."
    if month is not None and month != day.month:
        return "Дата и месяц не совпадают: укажите что-то одно."
    return None

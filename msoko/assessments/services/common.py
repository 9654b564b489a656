"""What every import service of this app shares: procedure keys, progress callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from msoko.assessments.models import Procedure
from msoko.core.models import SchoolYear

DEFAULT_MAX_INVALID_SHARE = 0.05
Progress = Callable[[str], None]


def silent(step: str) -> None:
    return None


@dataclass(frozen=True)
class ProcedureKey:
    kind: str
    subject: str
    grade: int | None
    school_year: str  # «2024/2025»

    def __str__(self) -> str:
        grade = f", {self.grade} класс" if self.grade else ""
        return f"{self.kind}, {self.subject}{grade}, {self.school_year}"


def procedure_for(key: ProcedureKey) -> Procedure:
    year = SchoolYear.get_by_name(key.school_year)
    procedure, _ = Procedure.objects.get_or_create(
        kind=key.kind, subject=key.subject, grade=key.grade, school_year=year
    )
    return procedure

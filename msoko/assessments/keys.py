"""What names a procedure in files, commands and forms: kind, subject, grade, school year."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ProcedureKey:
    kind: str
    subject: str
    grade: int | None
    school_year: str  # «2024/2025»

    def __str__(self) -> str:
        grade = f", {self.grade} класс" if self.grade else ""
        return f"{self.kind}, {self.subject}{grade}, {self.school_year}"

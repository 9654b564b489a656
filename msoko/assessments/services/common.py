"""What every import service of this app shares: procedure keys, progress callbacks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from msoko.assessments.models import Batch, Procedure, QuarantineRow
from msoko.core.models import SchoolYear
from msoko.tabular.problems import ROW

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


def keep_in_quarantine(batch: Batch, raw: pl.DataFrame, problems: pl.DataFrame) -> None:
    """Keep every invalid row whole, with its errors, in the batch's quarantine."""
    messages = (
        problems.with_columns(pl.format("столбец «{}»: {}", "column", "message").alias("text"))
        .group_by(ROW)
        .agg(pl.col("text"))
    )
    rows = raw.join(messages, on=ROW, how="inner").sort(ROW)
    headers = [h for h in raw.columns if h != ROW and not h.startswith("__empty")]
    QuarantineRow.objects.bulk_create(
        QuarantineRow(
            batch=batch,
            row=row[ROW],
            values={h: row[h] for h in headers},
            errors=list(row["text"]),
        )
        for row in rows.iter_rows(named=True)
    )

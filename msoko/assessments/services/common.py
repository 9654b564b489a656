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


def keep_in_quarantine(
    batch: Batch, raw: pl.DataFrame, problems: pl.DataFrame, *, keys: pl.DataFrame | None = None
) -> None:
    """Keep every invalid row whole, with its errors, in the batch's quarantine.

    ``keys`` (ROW, org_code, participant_code as written) lets a corrected file be matched
    to the quarantined rows later.
    """
    messages = (
        problems.with_columns(pl.format("столбец «{}»: {}", "column", "message").alias("text"))
        .group_by(ROW)
        .agg(pl.col("text"))
    )
    headers = [h for h in raw.columns if h != ROW and not h.startswith("__empty")]
    rows = raw.join(messages, on=ROW, how="inner").sort(ROW)
    if keys is None:
        keys = pl.DataFrame(schema={ROW: pl.Int64, "org_code": pl.String, "participant_code": pl.String})
    rows = rows.join(
        keys.select(
            ROW, pl.col("org_code").alias("__org"), pl.col("participant_code").alias("__participant")
        ),
        on=ROW,
        how="left",
    )
    QuarantineRow.objects.bulk_create(
        QuarantineRow(
            batch=batch,
            row=row[ROW],
            values={h: row[h] for h in headers},
            headers=headers,
            errors=list(row["text"]),
            org_code=(row["__org"] or "")[:40],
            participant_code=(row["__participant"] or "")[:40],
        )
        for row in rows.iter_rows(named=True)
    )


def procedure_ids(procedures: dict[tuple[str, str], Procedure], first: str, second: str) -> pl.Expr:
    """`procedure_id` of each row from its (``first``, ``second``) pair, e.g. exam and subject."""
    ids = {f"{a}\x1f{b}": p.pk for (a, b), p in procedures.items()}
    return (
        pl.concat_str(first, second, separator="\x1f")
        .replace_strict(ids, return_dtype=pl.Int64)
        .alias("procedure_id")
    )

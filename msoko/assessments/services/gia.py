"""Import of `gia` files (ОГЭ, ЕГЭ, ГВЭ) with quarantine and atomic replacement."""

from __future__ import annotations

from typing import Any

import polars as pl

from msoko.assessments.importers import gia as gia_format
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import GiaResult, Procedure
from msoko.assessments.services.common import procedure_for, procedure_ids
from msoko.core.bulk import bulk_insert
from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.imports.kinds import Invalid, Prepared, Progress, silent
from msoko.core.imports.run import DEFAULT_MAX_INVALID_SHARE, run_import
from msoko.core.models import Batch, SchoolYear, User
from msoko.registry.selectors import organization_code_map
from msoko.tabular.problems import ROW, ImportProblem, TableRejected
from msoko.tabular.reading import read_table


def import_gia(
    *,
    content: bytes,
    filename: str,
    school_year: SchoolYear,
    actor: User | None,
    quarantine: bool = False,
    max_invalid_share: float = DEFAULT_MAX_INVALID_SHARE,
    progress: Progress = silent,
) -> ImportReport:
    """Load a `gia` file of one school year; replace the earlier results of its exams and organisations.

    Strict by default: any invalid row rejects the file. With ``quarantine`` the valid rows
    are loaded and the invalid ones are kept whole in the batch's quarantine, unless they
    exceed ``max_invalid_share`` of the rows.
    """
    params = {"year": school_year.name, "quarantine": quarantine, "max_invalid_share": max_invalid_share}
    return run_import(
        "gia", content=content, filename=filename, params=params, actor=actor, progress=progress
    )


def read_gia(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    """Read and check a `gia` file (the import kind's read); nothing is written."""
    progress("чтение файла")
    try:
        table = read_table(
            content, filename=filename, required=gia_format.REQUIRED, sheet_names=gia_format.SHEET_NAMES
        )
    except TableRejected as error:
        raise ImportRejected(error.problems) from error
    progress("проверка строк")
    codes = organization_code_map()
    parsed = gia_format.parse_gia(table, org_codes=codes)
    if parsed.structural:
        raise ImportRejected(parsed.structural, parsed.notices)
    if parsed.rows.height == 0:
        raise ImportRejected(
            [ImportProblem(table.header_row + 1, "", "", "в файле нет ни одной строки с данными")]
        )
    bad = parsed.bad_rows
    valid = parsed.rows.filter(~pl.col(ROW).is_in(bad.implode()))
    invalid = None
    if bad.len():
        named = (
            parsed.rows.filter(pl.col(ROW).is_in(bad.implode()))
            .get_column("org_id")
            .drop_nulls()
            .unique()
            .to_list()
        )
        invalid = Invalid(
            count=bad.len(), problems=parsed.problems, raw=table.frame, organization_ids=frozenset(named)
        )
    return Prepared(
        rows=parsed.rows.height,
        organization_ids=frozenset(valid.get_column("org_id").unique().to_list()),
        data=valid,
        school_year=SchoolYear.named(params["year"]),
        notices=parsed.notices,
        invalid=invalid,
        title=f"ГИА {params['year']}",
    )


def store_gia(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    """Replace the earlier results of the file's exams and organisations (in the import's transaction)."""
    valid: pl.DataFrame = prepared.data
    school_year = prepared.school_year
    progress("запись результатов")
    pairs = valid.select("exam", "subject").unique().sort("exam", "subject").rows()
    procedures = {
        (exam, subject): procedure_for(ProcedureKey(exam, subject, None, school_year.name))
        for exam, subject in pairs
    }
    org_ids = sorted(prepared.organization_ids)
    replaced, _ = GiaResult.objects.filter(
        procedure__in=procedures.values(), organization_id__in=org_ids
    ).delete()
    bulk_insert(GiaResult, _gia_columns(valid, batch=batch, procedures=procedures))
    participants = valid.get_column("participant").n_unique()
    summary = [
        "Экзамены и предметы: " + _exams_line(pairs) + ".",
        f"Результатов {valid.height}, участников {participants}, организаций {len(org_ids)}.",
    ]
    if replaced:
        summary.append(f"Заменены прежние результаты этих экзаменов и организаций: {replaced} строк.")
    return ImportReport(
        kind="gia",
        filename="",
        rows=prepared.rows,
        created=valid.height,
        notices=prepared.notices,
        summary=summary,
        details={
            "procedure_ids": sorted(p.pk for p in procedures.values()),
            "participants": participants,
            "organizations": len(org_ids),
            "replaced": replaced,
        },
    )


def _exams_line(pairs: list[tuple[str, str]]) -> str:
    by_exam: dict[str, list[str]] = {}
    for exam, subject in pairs:
        by_exam.setdefault(exam, []).append(subject)
    return "; ".join(f"{exam} — {', '.join(subjects)}" for exam, subjects in by_exam.items())


def _gia_columns(
    valid: pl.DataFrame, *, batch: Batch, procedures: dict[tuple[str, str], Procedure]
) -> pl.DataFrame:
    return valid.select(
        pl.lit(batch.pk).alias("batch_id"),
        procedure_ids(procedures, "exam", "subject"),
        pl.col("org_id").alias("organization_id"),
        pl.col("participant").alias("participant_code"),
        "class_name",
        "primary_score",
        "test_score",
        "mark",
        "annual_mark",
        "medal_candidate",
    )

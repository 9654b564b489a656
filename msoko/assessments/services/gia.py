"""Import of `gia` files (ОГЭ, ЕГЭ, ГВЭ) with quarantine and atomic replacement."""

from __future__ import annotations

import polars as pl
from django.db import transaction

from msoko.assessments.importers import gia as gia_format
from msoko.assessments.models import Batch, GiaResult, Procedure
from msoko.assessments.services.common import (
    DEFAULT_MAX_INVALID_SHARE,
    ProcedureKey,
    Progress,
    keep_in_quarantine,
    procedure_for,
    procedure_ids,
    silent,
)
from msoko.core.bulk import bulk_insert
from msoko.core.imports import ImportRejected, ImportReport, record_acceptance, record_rejection
from msoko.core.models import SchoolYear, User
from msoko.indicators.tasks import schedule_recompute
from msoko.registry.selectors import organization_code_map
from msoko.tabular.problems import ROW, ImportProblem, TableRejected, problems_from_frame
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
    try:
        progress("чтение файла")
        try:
            table = read_table(
                content, filename=filename, required=gia_format.REQUIRED, sheet_names=gia_format.SHEET_NAMES
            )
        except TableRejected as error:
            raise ImportRejected(error.problems) from error
        progress("проверка строк")
        parsed = gia_format.parse_gia(table, org_codes=organization_code_map())
        if parsed.structural:
            raise ImportRejected(parsed.structural, parsed.notices)
        total_rows = parsed.rows.height
        if total_rows == 0:
            raise ImportRejected(
                [ImportProblem(table.header_row + 1, "", "", "в файле нет ни одной строки с данными")]
            )
        bad = parsed.bad_rows
        if bad.len() and (not quarantine or bad.len() / total_rows > max_invalid_share):
            problems = problems_from_frame(parsed.problems.head(1000))
            if quarantine:
                problems.insert(0, _too_many(bad.len(), total_rows, max_invalid_share))
            raise ImportRejected(problems, parsed.notices, total=parsed.problems.height)
    except ImportRejected as error:
        record_rejection(
            error,
            kind="gia",
            content=content,
            filename=filename,
            actor=actor,
            school_year=school_year,
            params={
                "year": school_year.name,
                "quarantine": quarantine,
                "max_invalid_share": max_invalid_share,
            },
        )
        raise

    valid = parsed.rows.filter(~pl.col(ROW).is_in(bad.implode()))
    progress("запись результатов")
    with transaction.atomic():
        pairs = valid.select("exam", "subject").unique().sort("exam", "subject").rows()
        procedures = {
            (exam, subject): procedure_for(ProcedureKey(exam, subject, None, school_year.name))
            for exam, subject in pairs
        }
        org_ids = valid.get_column("org_id").unique().to_list()
        replaced, _ = GiaResult.objects.filter(
            procedure__in=procedures.values(), organization_id__in=org_ids
        ).delete()
        batch = Batch.objects.create(
            kind="gia",
            procedure=next(iter(procedures.values())) if len(procedures) == 1 else None,
            school_year=school_year,
            rows=valid.height,
            organizations=len(org_ids),
            quarantined=bad.len(),
        )
        bulk_insert(GiaResult, _gia_columns(valid, batch=batch, procedures=procedures))
        if bad.len():
            keep_in_quarantine(batch, table.frame, parsed.problems)
        participants = valid.get_column("participant").n_unique()
        summary = [
            "Экзамены и предметы: " + _exams_line(pairs) + ".",
            f"Результатов {valid.height}, участников {participants}, организаций {len(org_ids)}.",
        ]
        if replaced:
            summary.append(f"Заменены прежние результаты этих экзаменов и организаций: {replaced} строк.")
        if bad.len():
            summary.append(
                f"В карантин отложено строк: {bad.len()} (пакет №{batch.pk}); "
                "их можно исправить и дозагрузить."
            )
        report = ImportReport(
            kind="gia",
            filename=filename,
            rows=total_rows,
            created=valid.height,
            notices=parsed.notices,
            summary=summary,
            details={
                "procedure_ids": sorted(p.pk for p in procedures.values()),
                "batch_id": batch.pk,
                "participants": participants,
                "organizations": len(org_ids),
                "replaced": replaced,
                "quarantined": bad.len(),
            },
        )
        record_acceptance(
            report,
            content=content,
            actor=actor,
            school_year=school_year,
            params={
                "year": school_year.name,
                "quarantine": quarantine,
                "max_invalid_share": max_invalid_share,
            },
        )
        schedule_recompute(school_year=school_year, reason=f"загрузка ГИА №{report.record_id}")
        batch.import_record_id = report.record_id
        batch.save(update_fields=["import_record"])
    return report


def _too_many(bad: int, total: int, limit: float) -> ImportProblem:
    return ImportProblem(
        0,
        "",
        "",
        f"ошибочных строк {bad} из {total} ({bad / total:.1%}) — больше допустимой доли {limit:.0%}; "
        "файл отклонён целиком",
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

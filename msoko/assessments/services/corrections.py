"""Corrected quarantined rows, loaded into the batch they were taken out of (spec: quarantine)."""

from __future__ import annotations

import io

import polars as pl
from django.db import transaction

from msoko.assessments.models import Batch, QuarantineRow, ResultCoverage, ResultData
from msoko.assessments.selectors import encode_block
from msoko.assessments.services.common import ProcedureKey
from msoko.assessments.services.results import import_params, read_results_file, stored_columns, supersede
from msoko.core.imports import ImportRejected, ImportReport, record_acceptance, record_rejection
from msoko.core.models import SchoolYear, User
from msoko.indicators.tasks import schedule_recompute
from msoko.tabular.columns import problem_rows
from msoko.tabular.problems import ImportProblem, problems_from_frame


def load_corrections(
    *, content: bytes, filename: str, key: ProcedureKey, actor: User | None, batch_id: int
) -> ImportReport:
    """Load the corrected rows of a batch's quarantine into that batch; all or nothing.

    Every row must be valid and must be one of the batch's unresolved quarantined rows
    (matched by organisation and participant code as written); its organisation's data must
    still be current in this batch, or not yet loaded anywhere newer.
    """
    year = SchoolYear.get_by_name(key.school_year)
    try:
        batch = _batch(batch_id, key)
        scheme, _, parsed = read_results_file(content, filename=filename, key=key)
        waiting = pl.DataFrame(
            list(
                QuarantineRow.objects.filter(batch=batch, resolved=False).values_list(
                    "id", "org_code", "participant_code"
                )
            ),
            schema={"quarantine_id": pl.Int64, "org_code": pl.String, "participant_code": pl.String},
            orient="row",
        )
        keyed = parsed.keys.join(waiting, on=["org_code", "participant_code"], how="left")
        unknown = problem_rows(
            keyed,
            pl.col("quarantine_id").is_null(),
            column="Код участника",
            value=pl.col("participant_code"),
            message=pl.format(
                "участника «{}» организации «{}» нет среди неисправленных строк карантина пакета №{}",
                pl.col("participant_code"),
                pl.col("org_code"),
                pl.lit(batch.pk),
            ),
        )
        problems = pl.concat([parsed.problems, unknown])
        if problems.height:
            raise ImportRejected(
                problems_from_frame(problems.head(1000)), parsed.notices, total=problems.height
            )
    except ImportRejected as error:
        record_rejection(
            error,
            kind="results",
            content=content,
            filename=filename,
            actor=actor,
            school_year=year,
            params={**import_params(key), "into_batch": batch_id},
        )
        raise

    rows = parsed.rows
    per_org = rows.group_by("org_id").agg(
        participants=(~pl.col("absent")).sum(), absent=pl.col("absent").sum()
    )
    with transaction.atomic():
        block = ResultData.objects.select_for_update().get(batch=batch)
        merged = pl.concat(
            [pl.read_ipc(io.BytesIO(bytes(block.data))), stored_columns(rows)], how="vertical_relaxed"
        )
        block.data, block.rows = encode_block(merged), merged.height
        block.save(update_fields=["data", "rows"])
        for org_id, participants, absent in per_org.iter_rows():
            coverage = ResultCoverage.objects.filter(batch=batch, organization_id=org_id).first()
            if coverage is None:  # every row of this organisation had been quarantined
                supersede(batch.procedure, [org_id])
                ResultCoverage.objects.create(
                    batch=batch,
                    procedure=batch.procedure,
                    organization_id=org_id,
                    participants=participants,
                    absent=absent,
                )
            else:
                coverage.participants += participants
                coverage.absent += absent
                coverage.save(update_fields=["participants", "absent"])
        resolved = QuarantineRow.objects.filter(pk__in=keyed["quarantine_id"].to_list()).update(resolved=True)
        batch.rows += rows.height
        batch.quarantined -= resolved
        batch.save(update_fields=["rows", "quarantined"])
        report = ImportReport(
            kind="results",
            filename=filename,
            rows=rows.height,
            created=rows.height,
            notices=parsed.notices,
            summary=[
                f"Процедура: {scheme.procedure}.",
                f"Исправленные строки дозагружены в пакет №{batch.pk}: {rows.height}; "
                f"в карантине осталось строк: {batch.quarantined}.",
            ],
            details={
                "procedure_id": scheme.procedure_id,
                "batch_id": batch.pk,
                "corrected": rows.height,
                "quarantined": batch.quarantined,
            },
        )
        record_acceptance(
            report,
            content=content,
            actor=actor,
            school_year=year,
            params={**import_params(key), "into_batch": batch_id},
        )
        schedule_recompute(school_year=year, reason=f"дозагрузка исправленных строк №{report.record_id}")
    return report


def _batch(batch_id: int, key: ProcedureKey) -> Batch:
    batch = Batch.objects.filter(pk=batch_id, kind="results").select_related("procedure__school_year").first()
    problem = None
    if batch is None:
        problem = f"пакет загрузки результатов №{batch_id} не найден"
    elif str(
        ProcedureKey(
            batch.procedure.kind,
            batch.procedure.subject,
            batch.procedure.grade,
            batch.procedure.school_year.name,
        )
    ) != str(key):
        problem = f"пакет №{batch_id} относится к процедуре «{batch.procedure}», а не «{key}»"
    elif not ResultData.objects.filter(batch=batch).exists():
        problem = f"результаты пакета №{batch_id} уже заменены более новой загрузкой"
    elif ResultCoverage.objects.filter(batch=batch, active=False).exists():
        problem = (
            f"часть результатов пакета №{batch_id} заменена более новой загрузкой: загрузите файл заново"
        )
    if problem:
        raise ImportRejected([ImportProblem(0, "", "", problem)])
    return batch

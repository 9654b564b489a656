"""Corrected quarantined rows, loaded into the batch they were taken out of (spec: quarantine).

The `results` kind with ``into_batch``: the import pipeline runs :func:`read_corrections`
and :func:`store_corrections` instead of the plain read and store.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import polars as pl

from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Procedure, ResultCoverage, ResultData
from msoko.assessments.selectors import batch_procedure, encode_block
from msoko.assessments.services.results import key_of, read_results_file, stored_columns, supersede
from msoko.assessments.services.schemes import WorkScheme
from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.models import Batch, QuarantineRow, User
from msoko.tabular.columns import problem_rows
from msoko.tabular.problems import ImportProblem, problems_from_frame


def read_corrections(
    content: bytes, *, filename: str, params: dict[str, Any], progress: Progress
) -> Prepared:
    """Read corrected quarantined rows of a batch (``params["into_batch"]``); nothing is written.

    Every row must be valid and must be one of the batch's unresolved quarantined rows
    (matched by organisation and participant code as written); its organisation's data must
    still be current in this batch, or not yet loaded anywhere newer.
    """
    key = key_of(params)
    batch, procedure = _batch(int(params["into_batch"]), key)
    scheme, _, parsed = read_results_file(content, filename=filename, key=key, progress=progress)
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
    org_ids = parsed.rows["org_id"].drop_nulls().unique().to_list()
    replaced = replaced_organizations(batch, procedure.pk, org_ids)
    superseded = problem_rows(
        parsed.rows,
        pl.col("org_id").is_in(list(replaced)),
        column="Код ОО",
        value=pl.col("org_code"),
        message=pl.col("org_id").replace_strict(replaced, default="", return_dtype=pl.String),
    )
    problems = pl.concat([parsed.problems, unknown, superseded])
    if problems.height:
        raise ImportRejected(problems_from_frame(problems.head(1000)), parsed.notices, total=problems.height)
    rows = parsed.rows
    return Prepared(
        rows=rows.height,
        organization_ids=frozenset(rows["org_id"].unique().to_list()),
        data=Corrections(scheme=scheme, rows=rows, quarantine_ids=keyed["quarantine_id"].to_list()),
        school_year=scheme.school_year,
        notices=parsed.notices,
        title=str(key),
        batch=batch,
    )


@dataclass
class Corrections:
    scheme: WorkScheme
    rows: pl.DataFrame
    quarantine_ids: list[int]


def store_corrections(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    """Add the corrected rows to the batch's block and coverage; mark their quarantine resolved."""
    data: Corrections = prepared.data
    rows, procedure = data.rows, data.scheme.saved().procedure
    per_org = rows.group_by("org_id").agg(
        participants=(~pl.col("absent")).sum(), absent=pl.col("absent").sum()
    )
    # checked again under the import's lock: another load may have changed the batch since the read
    block = ResultData.objects.select_for_update().filter(batch=batch).first()
    waiting = QuarantineRow.objects.filter(pk__in=data.quarantine_ids, resolved=False).count()
    replaced = replaced_organizations(batch, procedure.pk, per_org["org_id"].to_list())
    if block is None or replaced or waiting != len(set(data.quarantine_ids)):
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    f"пакет №{batch.pk} изменился, пока файл проверялся (строки уже дозагружены или "
                    "результаты заменены новой загрузкой): откройте пакет и загрузите файл заново",
                )
            ]
        )
    merged = pl.concat(
        [pl.read_ipc(io.BytesIO(bytes(block.data))), stored_columns(rows)], how="vertical_relaxed"
    )
    block.data, block.rows = encode_block(merged), merged.height
    block.save(update_fields=["data", "rows"])
    for org_id, participants, absent in per_org.iter_rows():
        coverage = ResultCoverage.objects.filter(batch=batch, organization_id=org_id).first()
        if coverage is None:  # every row of this organisation had been quarantined
            supersede(procedure, [org_id])
            ResultCoverage.objects.create(
                batch=batch,
                procedure=procedure,
                organization_id=org_id,
                participants=participants,
                absent=absent,
            )
        else:
            coverage.participants += participants
            coverage.absent += absent
            coverage.save(update_fields=["participants", "absent"])
    resolved = QuarantineRow.objects.filter(pk__in=data.quarantine_ids).update(resolved=True)
    batch.rows += rows.height
    batch.quarantined -= resolved
    batch.save(update_fields=["rows", "quarantined"])
    return ImportReport(
        kind="results",
        filename="",
        rows=rows.height,
        created=rows.height,
        notices=prepared.notices,
        summary=[
            f"Процедура: {procedure}.",
            f"Исправленные строки дозагружены в пакет №{batch.pk}: {rows.height}; "
            f"в карантине осталось строк: {batch.quarantined}.",
        ],
        details={
            "procedure_id": procedure.pk,
            "batch_id": batch.pk,
            "corrected": rows.height,
            "quarantined": batch.quarantined,
        },
    )


def replaced_organizations(batch: Batch, procedure_id: int, org_ids: list[int]) -> dict[int, str]:
    """Organisations whose results in the batch's procedure a newer load has replaced, with why.

    Only they cannot take corrected rows into the batch: another school's upload into the same
    procedure does not touch this batch's other organisations. An organisation none of whose
    rows reached the batch (all quarantined) is replaced when a later batch holds its results.
    """
    coverage = ResultCoverage.objects.filter(procedure_id=procedure_id, organization_id__in=org_ids)
    rows = list(coverage.values_list("organization_id", "organization__code", "batch_id", "active"))
    in_batch = {org for org, _, batch_id, _ in rows if batch_id == batch.pk}
    out: dict[int, str] = {}
    for org, code, batch_id, active in rows:
        replaced_here = batch_id == batch.pk and not active
        newer_elsewhere = org not in in_batch and batch_id > batch.pk and active
        if replaced_here or newer_elsewhere:
            out[org] = (
                f"результаты организации «{code}» в этой процедуре уже заменены более новой загрузкой: "
                f"исправленные строки нельзя дозагрузить в пакет №{batch.pk} — загрузите файл заново"
            )
    return out


def _batch(batch_id: int, key: ProcedureKey) -> tuple[Batch, Procedure]:
    batch = Batch.objects.filter(pk=batch_id, kind="results").first()
    procedure = batch_procedure(batch) if batch is not None else None
    problem = None
    if batch is None or procedure is None:
        problem = f"пакет загрузки результатов №{batch_id} не найден"
    elif str(
        ProcedureKey(procedure.kind, procedure.subject, procedure.grade, procedure.school_year.name)
    ) != str(key):
        problem = f"пакет №{batch_id} относится к процедуре «{procedure}», а не «{key}»"
    elif not ResultData.objects.filter(batch=batch).exists():
        problem = f"результаты пакета №{batch_id} уже заменены более новой загрузкой"
    if problem:
        raise ImportRejected([ImportProblem(0, "", "", problem)])
    return batch, procedure

"""Import of `olympiad` files (ВсОШ protocols of any stage), all or nothing."""

from __future__ import annotations

from typing import Any

import polars as pl

from msoko.assessments.importers import olympiad as olympiad_format
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import OlympiadResult, Procedure
from msoko.assessments.services.common import procedure_for, procedure_ids, read_yearly_rows
from msoko.core.bulk import bulk_insert
from msoko.core.imports import ImportReport
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import Batch, SchoolYear, User


def import_olympiad(
    *, content: bytes, filename: str, school_year: SchoolYear, actor: User | None
) -> ImportReport:
    """Load olympiad protocols of one school year.

    Each stage × subject is a procedure; a re-import replaces the earlier rows of the same
    procedures and organisations.
    """
    return run_import(
        "olympiad", content=content, filename=filename, params={"year": school_year.name}, actor=actor
    )


def read_olympiad(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    return read_yearly_rows(
        content,
        filename=filename,
        year=params["year"],
        fmt=olympiad_format,
        check=olympiad_format.check_olympiad,
        title="ВсОШ",
    )


def store_olympiad(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    frame: pl.DataFrame = prepared.data
    school_year = prepared.school_year
    pairs = frame.select("stage", "subject").unique().rows()
    order = list(olympiad_format.STAGES.values())
    pairs.sort(key=lambda pair: (order.index(pair[0]), pair[1]))
    procedures = {
        (stage, subject): procedure_for(ProcedureKey(stage, subject, None, school_year.name))
        for stage, subject in pairs
    }
    org_ids = sorted(prepared.organization_ids)
    replaced, _ = OlympiadResult.objects.filter(
        procedure__in=procedures.values(), organization_id__in=org_ids
    ).delete()
    bulk_insert(OlympiadResult, _olympiad_columns(frame, batch=batch, procedures=procedures))
    count = dict(frame.get_column("status").value_counts().iter_rows())
    summary = [
        "Этапы и предметы: " + "; ".join(str(p) for p in procedures.values()) + ".",
        f"Участий {frame.height}: победителей {count.get('победитель', 0)}, "
        f"призёров {count.get('призёр', 0)}; организаций {len(org_ids)}.",
    ]
    if replaced:
        summary.append(f"Заменены прежние результаты этих этапов и организаций: {replaced} строк.")
    return ImportReport(
        kind="olympiad",
        filename="",
        rows=frame.height,
        created=frame.height,
        notices=prepared.notices,
        summary=summary,
        details={
            "procedure_ids": sorted(p.pk for p in procedures.values()),
            "organizations": len(org_ids),
            "replaced": replaced,
        },
    )


def _olympiad_columns(
    frame: pl.DataFrame, *, batch: Batch, procedures: dict[tuple[str, str], Procedure]
) -> pl.DataFrame:
    return frame.select(
        pl.lit(batch.pk).alias("batch_id"),
        procedure_ids(procedures, "stage", "subject"),
        pl.col("org_id").alias("organization_id"),
        pl.col("participant").alias("participant_code"),
        "grade",
        "score",
        "max_score",
        "status",
    )

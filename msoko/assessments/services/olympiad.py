"""Import of `olympiad` files (ВсОШ protocols of any stage), all or nothing."""

from __future__ import annotations

import polars as pl
from django.db import transaction

from msoko.assessments.importers import olympiad as olympiad_format
from msoko.assessments.models import Batch, OlympiadResult, Procedure
from msoko.assessments.services.common import ProcedureKey, procedure_for, procedure_ids
from msoko.core.bulk import bulk_insert
from msoko.core.imports import ImportReport, read_checked, record_acceptance, rejection_recorded
from msoko.core.models import SchoolYear, User
from msoko.registry.selectors import organization_code_map


def import_olympiad(
    *, content: bytes, filename: str, school_year: SchoolYear, actor: User | None
) -> ImportReport:
    """Load olympiad protocols of one school year.

    Each stage × subject is a procedure; a re-import replaces the earlier rows of the same
    procedures and organisations.
    """
    with rejection_recorded(
        kind="olympiad",
        content=content,
        filename=filename,
        actor=actor,
        school_year=school_year,
        params={"year": school_year.name},
    ):
        checked = read_checked(
            content,
            filename=filename,
            fmt=olympiad_format,
            check=lambda rows, shown: olympiad_format.check_olympiad(
                rows, org_codes=organization_code_map(), shown=shown
            ),
        )
    frame, notices = checked.frame, checked.notices

    with transaction.atomic():
        pairs = frame.select("stage", "subject").unique().rows()
        order = list(olympiad_format.STAGES.values())
        pairs.sort(key=lambda pair: (order.index(pair[0]), pair[1]))
        procedures = {
            (stage, subject): procedure_for(ProcedureKey(stage, subject, None, school_year.name))
            for stage, subject in pairs
        }
        org_ids = frame.get_column("org_id").unique().to_list()
        replaced, _ = OlympiadResult.objects.filter(
            procedure__in=procedures.values(), organization_id__in=org_ids
        ).delete()
        batch = Batch.objects.create(
            kind="olympiad",
            procedure=next(iter(procedures.values())) if len(procedures) == 1 else None,
            school_year=school_year,
            rows=frame.height,
            organizations=len(org_ids),
        )
        bulk_insert(OlympiadResult, _olympiad_columns(frame, batch=batch, procedures=procedures))
        statuses = frame.get_column("status").value_counts()
        count = dict(statuses.iter_rows())
        summary = [
            "Этапы и предметы: " + "; ".join(str(p) for p in procedures.values()) + ".",
            f"Участий {frame.height}: победителей {count.get('победитель', 0)}, "
            f"призёров {count.get('призёр', 0)}; организаций {len(org_ids)}.",
        ]
        if replaced:
            summary.append(f"Заменены прежние результаты этих этапов и организаций: {replaced} строк.")
        report = ImportReport(
            kind="olympiad",
            filename=filename,
            rows=frame.height,
            created=frame.height,
            notices=notices,
            summary=summary,
            details={
                "procedure_ids": sorted(p.pk for p in procedures.values()),
                "batch_id": batch.pk,
                "organizations": len(org_ids),
                "replaced": replaced,
            },
        )
        record_acceptance(
            report, content=content, actor=actor, school_year=school_year, params={"year": school_year.name}
        )
        batch.import_record_id = report.record_id
        batch.save(update_fields=["import_record"])
    return report


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

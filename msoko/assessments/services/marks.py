"""Import of `marks` files: term and annual marks from the electronic journal, all or nothing."""

from __future__ import annotations

from functools import reduce
from operator import or_
from typing import Any

import polars as pl
from django.db.models import Q

from msoko.assessments.importers import marks as marks_format
from msoko.assessments.models import JournalMark
from msoko.assessments.services.common import read_yearly_rows
from msoko.core.bulk import bulk_insert
from msoko.core.imports import ImportReport
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import Batch, SchoolYear, User


def import_marks(
    *, content: bytes, filename: str, school_year: SchoolYear, actor: User | None
) -> ImportReport:
    """Load the journal marks of one school year.

    A re-import replaces the earlier marks of the same organisations in the same subjects and
    periods, so a corrected file never leaves duplicates behind.
    """
    return run_import(
        "marks", content=content, filename=filename, params={"year": school_year.name}, actor=actor
    )


def read_marks(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    return read_yearly_rows(
        content,
        filename=filename,
        year=params["year"],
        fmt=marks_format,
        check=marks_format.check_marks,
        title="Отметки",
    )


def store_marks(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    frame: pl.DataFrame = prepared.data
    school_year = prepared.school_year
    org_ids = sorted(prepared.organization_ids)
    pairs = frame.select("subject", "period").unique().sort("subject", "period").rows()
    replaced, _ = (
        JournalMark.objects.filter(school_year=school_year, organization_id__in=org_ids)
        .filter(reduce(or_, (Q(subject=s, period=p) for s, p in pairs)))
        .delete()
    )
    bulk_insert(
        JournalMark,
        frame.select(
            pl.lit(batch.pk).alias("batch_id"),
            pl.lit(school_year.pk).alias("school_year_id"),
            pl.col("org_id").alias("organization_id"),
            pl.col("participant").alias("participant_code"),
            "class_name",
            "subject",
            "period",
            "mark",
        ),
    )
    subjects = sorted({s for s, _ in pairs})
    used = {period for _, period in pairs}
    periods = [p for p in marks_format.PERIODS.values() if p in used]
    summary = [
        f"Учебный год {school_year}: отметок {frame.height}, участников "
        f"{frame.select('org_id', 'participant').n_unique()}, организаций {len(org_ids)}.",
        f"Предметы: {', '.join(subjects)}; периоды: {', '.join(periods)}.",
    ]
    if replaced:
        summary.append(f"Заменены прежние отметки этих организаций по этим предметам и периодам: {replaced}.")
    return ImportReport(
        kind="marks",
        filename="",
        rows=frame.height,
        created=frame.height,
        notices=prepared.notices,
        summary=summary,
        details={"organizations": len(org_ids), "replaced": replaced},
    )

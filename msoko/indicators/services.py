"""Use cases that write indicator data: the import of values schools report in monitoring forms."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import polars as pl

from msoko.core.imports import ImportReport, read_checked
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import Batch, SchoolYear, User, parse_school_year
from msoko.indicators.importers import monitoring as monitoring_format
from msoko.indicators.models import MonitoringValue
from msoko.registry.selectors import organization_code_map

_PLACES = Decimal("0.0001")


def import_monitoring(*, content: bytes, filename: str, actor: User | None) -> ImportReport:
    """Add or update monitoring values, one per organisation × indicator × school year; all or nothing."""
    return run_import("monitoring", content=content, filename=filename, params={}, actor=actor)


def read_monitoring(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    checked = read_checked(
        content,
        filename=filename,
        fmt=monitoring_format,
        check=lambda rows, shown: monitoring_format.check_values(
            rows, org_codes=organization_code_map(), parse_year=parse_school_year, shown=shown
        ),
    )
    frame = checked.frame
    names = frame.get_column("school_year").unique().to_list()
    return Prepared(
        rows=frame.height,
        organization_ids=frozenset(frame.get_column("org_id").unique().to_list()),
        data=frame,
        school_year=SchoolYear.named(names[0]) if len(names) == 1 else None,
        notices=checked.notices,
        title="Мониторинг",
    )


def store_monitoring(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    frame: pl.DataFrame = prepared.data
    report = ImportReport(kind="monitoring", filename="", rows=frame.height, notices=prepared.notices)
    years = {name: SchoolYear.get_by_name(name) for name in frame.get_column("school_year").unique()}
    org_ids = sorted(prepared.organization_ids)
    existing = {
        (v.organization_id, v.indicator_code, v.school_year_id): v
        for v in MonitoringValue.objects.filter(
            organization_id__in=org_ids,
            indicator_code__in=frame.get_column("indicator").unique().to_list(),
            school_year__in=years.values(),
        )
    }
    to_create, to_update = [], []
    for row in frame.iter_rows(named=True):
        year = years[row["school_year"]]
        number = Decimal(str(round(row["value"], 4))).quantize(_PLACES)
        current = existing.get((row["org_id"], row["indicator"], year.pk))
        if current is None:
            to_create.append(
                MonitoringValue(
                    organization_id=row["org_id"],
                    indicator_code=row["indicator"],
                    school_year=year,
                    value=number,
                    batch=batch,
                )
            )
        elif current.value != number:
            report.changes.append(
                f"{row['org_code']}, {row['indicator']}, {year}: "
                f"«{_plain(current.value)}» → «{_plain(number)}»"
            )
            current.value, current.batch = number, batch
            to_update.append(current)
        else:
            report.unchanged += 1
    MonitoringValue.objects.bulk_create(to_create, batch_size=1000)
    MonitoringValue.objects.bulk_update(to_update, ["value", "batch"], batch_size=500)
    report.created, report.updated = len(to_create), len(to_update)
    return report


def _plain(number: Decimal) -> str:
    """«12,5» for Decimal('12.5000'), as a Russian user writes it."""
    return format(number.normalize(), "f").replace(".", ",")


def store_collected(
    *, kind: str, title: str, school_year: SchoolYear, values: list[tuple[int, str, float]]
) -> Batch:
    """Values collected without a file — a campaign's accepted form, a survey's aggregates — into
    the same store the `monitoring` import writes: one per organisation × indicator × year, a
    newer value replacing the older. ``values`` are (organisation id, indicator code, value).
    Call inside the caller's transaction; the caller queues the recompute."""
    batch = Batch.objects.create(
        kind=kind,
        title=title[:200],
        school_year=school_year,
        rows=len(values),
        organizations=len({org_id for org_id, _, _ in values}),
    )
    existing = {
        (v.organization_id, v.indicator_code): v
        for v in MonitoringValue.objects.filter(
            school_year=school_year,
            organization_id__in={org_id for org_id, _, _ in values},
            indicator_code__in={code for _, code, _ in values},
        )
    }
    to_create, to_update = [], []
    for org_id, code, number in values:
        value = Decimal(str(round(number, 4))).quantize(_PLACES)
        current = existing.get((org_id, code))
        if current is None:
            to_create.append(
                MonitoringValue(
                    organization_id=org_id,
                    indicator_code=code,
                    school_year=school_year,
                    value=value,
                    batch=batch,
                )
            )
        elif current.value != value or current.batch_id != batch.pk:
            current.value, current.batch = value, batch
            to_update.append(current)
    MonitoringValue.objects.bulk_create(to_create, batch_size=1000)
    MonitoringValue.objects.bulk_update(to_update, ["value", "batch"], batch_size=500)
    return batch


def remove_collected(*, school_year: SchoolYear, organization_ids: list[int], codes: list[str]) -> int:
    """Withdraw collected values (a form returned for rework, a survey that fell under its
    minimum of answers); the number removed."""
    removed, _ = MonitoringValue.objects.filter(
        school_year=school_year, organization_id__in=organization_ids, indicator_code__in=codes
    ).delete()
    return removed

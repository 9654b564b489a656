"""The region's and Russia's figures of a procedure: imported from a file or typed into a form.

A file or a form replaces every figure of the levels it gives (a file with only region rows
leaves Russia's figures as they were), so a corrected file is simply loaded again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from msoko.assessments.importers import reference as reference_format
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Procedure, ReferenceOrigin, ReferenceScope, ReferenceValue
from msoko.assessments.services.results import import_params, key_of
from msoko.core import audit
from msoko.core.imports import ImportRejected, ImportReport, read_checked
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import AuditAction, SchoolYear, User
from msoko.tabular.problems import ImportProblem

MARK_METRICS = ("p2", "p3", "p4", "p5")


def metric_title(metric: str) -> str:
    """``p2`` → «Отметка 2», ``task:5.1`` → «Задание 5.1»: the spelling the file format accepts."""
    return f"Отметка {metric[1:]}" if metric in MARK_METRICS else f"Задание {metric.removeprefix('task:')}"


def procedure_metrics(procedure: Procedure) -> list[str]:
    """Every figure a procedure can have: the four mark shares, then its tasks in scheme order."""
    scheme = getattr(procedure, "scheme", None)
    labels = list(scheme.tasks.values_list("label", flat=True)) if scheme else []
    return [*MARK_METRICS, *(f"task:{label}" for label in labels)]


def import_reference(*, content: bytes, filename: str, key: ProcedureKey, actor: User | None) -> ImportReport:
    """Replace the region's and/or Russia's figures of an existing procedure; all or nothing."""
    return run_import("reference", content=content, filename=filename, params=import_params(key), actor=actor)


def read_reference(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    procedure = _existing_procedure(key_of(params))
    labels = [m.removeprefix("task:") for m in procedure_metrics(procedure) if m.startswith("task:")]
    frame = read_checked(
        content,
        filename=filename,
        fmt=reference_format,
        check=lambda rows, shown: reference_format.check_values(rows, task_labels=labels, shown=shown),
    ).frame
    values: dict[str, dict[str, float]] = {
        scope: {} for scope in frame.get_column("scope").unique().to_list()
    }
    for scope, metric, value in frame.select("scope", "metric", "value").iter_rows():
        values[scope][metric] = value
    return Prepared(
        rows=frame.height,
        organization_ids=frozenset(),
        data=(procedure, values),
        school_year=procedure.school_year,
        title=str(procedure),
    )


def store_reference(
    prepared: Prepared, *, batch: None, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    procedure, values = prepared.data
    created, removed = _replace(procedure, values, actor=actor)
    return ImportReport(
        kind="reference",
        filename="",
        rows=prepared.rows,
        created=created,
        updated=removed,
        summary=[
            f"{ReferenceScope(scope).label}: значений {len(metrics)}"
            for scope, metrics in sorted(values.items())
        ]
        + ([f"Прежних значений заменено: {removed}."] if removed else []),
    )


def link_reference_record(prepared: Prepared, record_id: int) -> None:
    """The stored figures point at the import that brought them."""
    procedure, values = prepared.data
    ReferenceValue.objects.filter(
        procedure=procedure, scope__in=values, origin=ReferenceOrigin.ENTERED
    ).update(import_record_id=record_id)


def save_reference(
    *, procedure: Procedure, values: Mapping[str, Mapping[str, float | None]], actor: User | None
) -> int:
    """Replace the figures of each given level with the non-empty ones of the form; returns how
    many are stored. The change is audited."""
    kept = {scope: {m: v for m, v in metrics.items() if v is not None} for scope, metrics in values.items()}
    with transaction.atomic():
        created, removed = _replace(procedure, kept, actor=actor)
        audit.record(
            actor=actor,
            action=AuditAction.UPDATE,
            summary=f"Значения региона и России: {procedure} (записано {created}, было {removed})",
            obj=procedure,
            details={scope: dict(metrics) for scope, metrics in kept.items()},
        )
    return created


def _replace(
    procedure: Procedure, values: Mapping[str, Mapping[str, float]], *, actor: User | None
) -> tuple[int, int]:
    # the figures a regional export computed stay: an entered one takes precedence on the pages
    removed, _ = ReferenceValue.objects.filter(
        procedure=procedure, scope__in=list(values), origin=ReferenceOrigin.ENTERED
    ).delete()
    rows = [
        ReferenceValue(
            procedure=procedure,
            scope=scope,
            metric=metric,
            value=round(float(value), 2),
            updated_by=actor if actor is not None and actor.is_authenticated else None,
        )
        for scope, metrics in values.items()
        for metric, value in metrics.items()
    ]
    ReferenceValue.objects.bulk_create(rows)
    return len(rows), removed


def _existing_procedure(key: ProcedureKey) -> Procedure:
    procedure = (
        Procedure.objects.select_related("school_year", "scheme")
        .filter(
            kind=key.kind,
            subject=key.subject,
            grade=key.grade,
            school_year__in=SchoolYear.objects.filter(name=key.school_year),
        )
        .first()
    )
    if procedure is None:
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    f"процедура «{key}» не найдена: сначала загрузите её описание работы или результаты",
                )
            ]
        )
    return procedure

"""The one function every import goes through, whoever starts it (command line, web, replay).

Read and check the file (nothing written); refuse it whole when it must be refused — recorded
as a rejected import; then, in one transaction: the batch, the kind's store, the quarantine,
the acceptance record and, through ``record_acceptance``, the hand-off to the recompute.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import connection, transaction

from msoko.core.imports.kinds import ImportKind, Prepared, Progress, import_kind, silent
from msoko.core.imports.records import (
    ImportRejected,
    ImportReport,
    record_acceptance,
    rejection_recorded,
)
from msoko.core.models import Batch, QuarantineRow, SchoolYear, User
from msoko.tabular.problems import ROW, ImportProblem, problems_from_frame

DEFAULT_MAX_INVALID_SHARE = 0.05


def run_import(
    code: str,
    *,
    content: bytes,
    filename: str,
    params: dict[str, Any] | None = None,
    actor: User | None,
    progress: Progress = silent,
) -> ImportReport:
    """Load ``content`` as the kind ``code``; raises :class:`ImportRejected` (recorded) or
    returns the report of what was stored."""
    kind = import_kind(code)
    if kind is None:
        raise ImportRejected([ImportProblem(0, "", "", f"неизвестный вид загрузки «{code}»")])
    params = _with_defaults(kind, params or {})
    year = kind.school_year(params)
    with rejection_recorded(
        kind=code, content=content, filename=filename, actor=actor, school_year=year, params=params
    ):
        _refuse_closed_year(year)
        _refuse_department_params(kind, params, actor)
        prepared = kind.read(content, filename=filename, params=params, progress=progress)
        _refuse_closed_year(prepared.school_year)
        _refuse_too_many_invalid(kind, prepared, params)
        _refuse_other_organisations(actor, prepared)
    progress("запись")
    with transaction.atomic():
        _one_writer_per_kind(kind.code)
        if prepared.school_year is not None and prepared.school_year.pk is None:
            prepared.school_year = SchoolYear.get_by_name(prepared.school_year.name)  # kept with the data
        elif prepared.school_year is None and params.get("year"):
            prepared.school_year = SchoolYear.get_by_name(str(params["year"]))
        batch = prepared.batch or (_new_batch(kind, prepared, params) if kind.batch else None)
        report: ImportReport = kind.store(
            prepared, batch=batch, params=params, actor=actor, progress=progress
        )
        report.kind, report.filename = kind.code, filename
        if prepared.invalid is not None and prepared.invalid.count and batch is not None:
            keep_in_quarantine(
                batch, prepared.invalid.raw, prepared.invalid.problems, keys=prepared.invalid.keys
            )
            report.summary.append(
                f"В карантин отложено строк: {prepared.invalid.count} (пакет №{batch.pk}); "
                "их можно исправить и дозагрузить."
            )
        if batch is not None:
            report.details.setdefault("batch_id", batch.pk)
            report.details.setdefault("quarantined", prepared.invalid.count if prepared.invalid else 0)
        record_acceptance(
            report,
            content=content,
            actor=actor,
            school_year=prepared.school_year,
            params=params,
            affects=kind.affects,
        )
        if kind.recorded is not None:
            kind.recorded(prepared, report.record_id)
        if batch is not None and batch.import_record_id is None:
            batch.import_record_id = report.record_id
            batch.save(update_fields=["import_record"])
    return report


def _one_writer_per_kind(code: str) -> None:
    """Stores replace rows (delete, then insert): two imports of one kind at once would not see
    each other's rows. PostgreSQL: a transaction lock per kind (SQLite's write transactions
    already take the one database lock when they begin)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [f"msoko-import:{code}"])


def _with_defaults(kind: ImportKind, params: dict[str, Any]) -> dict[str, Any]:
    out = {p.name: p.default for p in kind.params if p.default is not None}
    out |= {k: v for k, v in params.items() if v is not None}
    return out


def _refuse_too_many_invalid(kind: ImportKind, prepared: Prepared, params: dict[str, Any]) -> None:
    """Strict by default: any invalid row rejects the file. With ``quarantine`` the valid rows
    are loaded and the invalid ones set aside, unless they exceed ``max_invalid_share``."""
    invalid = prepared.invalid
    if invalid is None or not invalid.count:
        return
    quarantine = bool(params.get("quarantine")) and kind.quarantine
    limit = float(params.get("max_invalid_share", DEFAULT_MAX_INVALID_SHARE))
    share = invalid.count / prepared.rows
    if quarantine and share <= limit:
        return
    problems = problems_from_frame(invalid.problems.head(1000))
    if quarantine:
        problems.insert(
            0,
            ImportProblem(
                0,
                "",
                "",
                f"ошибочных строк {invalid.count} из {prepared.rows} ({share:.1%}) — больше допустимой "
                f"доли {limit:.0%}; файл отклонён целиком",
            ),
        )
    raise ImportRejected(problems, prepared.notices, total=invalid.problems.height)


def _refuse_other_organisations(actor: User | None, prepared: Prepared) -> None:
    """A school loads only its own rows: checked on the parsed rows, before anything is written."""
    if actor is None or not actor.is_authenticated or actor.sees_all_organizations:
        return
    named = set(prepared.organization_ids)
    if prepared.invalid is not None:
        named |= prepared.invalid.organization_ids
    foreign_ids = named - {actor.organization_id}
    codes: set[str] = set()
    if foreign_ids:
        organizations = User._meta.get_field("organization").related_model  # the registry's, by name
        codes |= set(organizations.objects.filter(pk__in=foreign_ids).values_list("code", flat=True))
    if codes:
        listed = ", ".join(sorted(codes))
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "Код ОО",
                    listed,
                    f"Файл содержит результаты других организаций: {listed}. "
                    "Загрузите файл только со строками своей организации.",
                )
            ]
        )


def _refuse_department_params(kind: ImportKind, params: dict[str, Any], actor: User | None) -> None:
    """A school's user loads its own rows: a department-only option (a regional export) is not
    theirs to set."""
    if actor is None or not actor.is_authenticated or actor.sees_all_organizations:
        return
    for param in kind.params:
        if param.department_only and params.get(param.name) not in (None, False, ""):
            raise ImportRejected(
                [ImportProblem(0, "", "", f"«{param.label}» загружает только отдел образования")]
            )


def _refuse_closed_year(year: SchoolYear | None) -> None:
    """A year whose pupil data retention removed keeps its figures as they were computed."""
    if year is not None and year.pk is not None and year.student_data_removed is not None:
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    f"данные обучающихся {year.name} учебного года удалены "
                    f"{year.student_data_removed:%d.%m.%Y} по сроку хранения; загрузка в этот год "
                    "закрыта, его показатели сохранены",
                )
            ]
        )


def _new_batch(kind: ImportKind, prepared: Prepared, params: dict[str, Any]) -> Batch:
    invalid = prepared.invalid.count if prepared.invalid else 0
    stored = prepared.stored_rows if prepared.stored_rows is not None else prepared.rows - invalid
    return Batch.objects.create(
        kind=kind.code,
        title=prepared.title[:200],
        params=params,
        school_year=prepared.school_year,
        rows=stored,
        organizations=len(prepared.organization_ids),
        quarantined=invalid,
    )


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

"""Import of `results` files (ВПР, НИКО, РКР, МОП) with quarantine and atomic replacement."""

from __future__ import annotations

import polars as pl
from django.db import transaction

from msoko.assessments.importers import results as results_format
from msoko.assessments.models import Batch, Procedure, ResultCoverage, ResultData, Scheme
from msoko.assessments.selectors import encode_block, work_shape
from msoko.assessments.services.common import (
    DEFAULT_MAX_INVALID_SHARE,
    ProcedureKey,
    Progress,
    keep_in_quarantine,
    silent,
)
from msoko.assessments.services.schemes import scheme_for
from msoko.core.imports import ImportRejected, ImportReport, record_acceptance, record_rejection
from msoko.core.models import SchoolYear, User
from msoko.indicators.tasks import schedule_recompute
from msoko.registry.models import OrganizationAlias
from msoko.registry.selectors import organization_code_map
from msoko.tabular.problems import ROW, ImportProblem, TableRejected, problems_from_frame
from msoko.tabular.reading import Table, read_table


def import_results(
    *,
    content: bytes,
    filename: str,
    key: ProcedureKey,
    actor: User | None,
    quarantine: bool = False,
    max_invalid_share: float = DEFAULT_MAX_INVALID_SHARE,
    progress: Progress = silent,
    into_batch: int | None = None,
) -> ImportReport:
    """Load a `results` file of one procedure; replace the earlier results of its organisations.

    Strict by default: any invalid row rejects the file. With ``quarantine`` the valid rows
    are loaded and the invalid ones are kept whole in the batch's quarantine, unless they
    exceed ``max_invalid_share`` of the rows. ``into_batch`` loads corrected quarantined rows
    into that batch instead (``corrections.load_corrections``).
    """
    if into_batch is not None:
        from msoko.assessments.services.corrections import load_corrections

        return load_corrections(content=content, filename=filename, key=key, actor=actor, batch_id=into_batch)
    year = SchoolYear.get_by_name(key.school_year)
    try:
        scheme, table, parsed = read_results_file(content, filename=filename, key=key, progress=progress)
        total_rows = parsed.rows.height
        bad = parsed.bad_rows
        if bad.len() and (not quarantine or bad.len() / total_rows > max_invalid_share):
            problems = problems_from_frame(parsed.problems.head(1000))
            if quarantine:
                problems.insert(
                    0,
                    ImportProblem(
                        0,
                        "",
                        "",
                        (
                            f"ошибочных строк {bad.len()} из {total_rows} ({bad.len() / total_rows:.1%}) — "
                            "больше допустимой "
                            f"доли {max_invalid_share:.0%}; файл отклонён целиком"
                        ),
                    ),
                )
            raise ImportRejected(problems, parsed.notices, total=parsed.problems.height)
    except ImportRejected as error:
        record_rejection(
            error,
            kind="results",
            content=content,
            filename=filename,
            actor=actor,
            school_year=year,
            params=import_params(key, quarantine=quarantine, max_invalid_share=max_invalid_share),
        )
        raise

    valid = parsed.rows.filter(~pl.col(ROW).is_in(bad.implode()))
    procedure = scheme.procedure
    progress("запись результатов")
    per_org = (
        valid.group_by("org_id")
        .agg(participants=(~pl.col("absent")).sum(), absent=pl.col("absent").sum())
        .sort("org_id")
    )
    with transaction.atomic():
        replaced = supersede(procedure, per_org["org_id"].to_list())
        for code, org_id in parsed.aliases.items():
            OrganizationAlias.objects.get_or_create(code=code, defaults={"organization_id": org_id})
        batch = Batch.objects.create(
            kind="results",
            procedure=procedure,
            school_year=procedure.school_year,
            rows=valid.height,
            organizations=per_org.height,
            quarantined=bad.len(),
        )
        ResultData.objects.create(batch=batch, rows=valid.height, data=encode_block(stored_columns(valid)))
        ResultCoverage.objects.bulk_create(
            ResultCoverage(
                batch=batch,
                procedure=procedure,
                organization_id=org_id,
                participants=participants,
                absent=absent,
            )
            for org_id, participants, absent in per_org.iter_rows()
        )
        if bad.len():
            keep_in_quarantine(batch, table.frame, parsed.problems, keys=parsed.keys)
        participants = int(per_org["participants"].sum())
        summary = [
            f"Процедура: {procedure}.",
            f"Участников с результатом {participants}, отсутствовали {valid.height - participants}, "
            f"организаций {per_org.height}.",
        ]
        if replaced:
            summary.append(f"Заменены прежние результаты этих организаций: участников {replaced}.")
        if bad.len():
            summary.append(
                f"В карантин отложено строк: {bad.len()} (пакет №{batch.pk}); "
                "их можно исправить и дозагрузить."
            )
        report = ImportReport(
            kind="results",
            filename=filename,
            rows=total_rows,
            created=valid.height,
            notices=parsed.notices,
            summary=summary,
            details={
                "procedure_id": procedure.pk,
                "batch_id": batch.pk,
                "participants": participants,
                "organizations": per_org.height,
                "replaced": replaced,
                "quarantined": bad.len(),
            },
        )
        record_acceptance(
            report,
            content=content,
            actor=actor,
            school_year=procedure.school_year,
            params=import_params(key, quarantine=quarantine, max_invalid_share=max_invalid_share),
        )
        batch.import_record_id = report.record_id
        batch.save(update_fields=["import_record"])
        schedule_recompute(
            school_year=procedure.school_year, reason=f"загрузка результатов №{report.record_id}"
        )
    return report


def import_params(key: ProcedureKey, **options: object) -> dict[str, object]:
    """The import's arguments besides the file, kept with its record so it can be replayed."""
    return {
        "procedure": key.kind,
        "subject": key.subject,
        "grade": key.grade,
        "year": key.school_year,
        **options,
    }


def read_results_file(
    content: bytes, *, filename: str, key: ProcedureKey, progress: Progress = silent
) -> tuple[Scheme, Table, results_format.ParsedResults]:
    """Find the scheme, read the file and validate every row; structural problems reject it."""
    scheme = scheme_for(key)
    if scheme is None:
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    f"нет описания работы «{key}»: загрузите его (msoko import scheme ФАЙЛ.yaml) "
                    "или выберите другую процедуру",
                )
            ]
        )
    progress("чтение файла")
    try:
        table = read_table(
            content, filename=filename, layouts=results_format.LAYOUTS, sheet_names=results_format.SHEET_NAMES
        )
    except TableRejected as error:
        raise ImportRejected(error.problems) from error
    progress("проверка строк")
    parsed = results_format.parse_results(table, shape=work_shape(scheme), org_codes=organization_code_map())
    if parsed.structural:
        raise ImportRejected(parsed.structural, parsed.notices)
    if parsed.rows.height == 0:
        raise ImportRejected(
            [ImportProblem(table.header_row + 1, "", "", "в файле нет ни одной строки с данными")]
        )
    return scheme, table, parsed


def supersede(procedure: Procedure, org_ids: list[int]) -> int:
    """Turn the earlier current data of these organisations inactive; drop blocks nothing uses.

    Returns how many participants with a result the earlier data held.
    """
    earlier = ResultCoverage.objects.filter(procedure=procedure, active=True, organization_id__in=org_ids)
    replaced = sum(earlier.values_list("participants", flat=True))
    batch_ids = set(earlier.values_list("batch_id", flat=True))
    earlier.update(active=False)
    # a block none of whose organisations is current any more is only history: the raw file is kept
    ResultData.objects.filter(batch_id__in=batch_ids).exclude(batch__coverage__active=True).delete()
    return replaced


def stored_columns(valid: pl.DataFrame) -> pl.DataFrame:
    return valid.select(
        "org_id",
        "class_name",
        pl.col("participant").alias("participant_code"),
        "variant",
        "absent",
        "scores",
        "total",
        "mark",
        "journal_mark",
        "sex",
    )

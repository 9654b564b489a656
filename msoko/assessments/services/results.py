"""Import of `results` files (ВПР, НИКО, РКР, МОП) with quarantine and atomic replacement."""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from msoko.assessments.importers import results as results_format
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Procedure, ResultCoverage, ResultData
from msoko.assessments.selectors import encode_block, subject_list
from msoko.assessments.services.region import link_region_record, region_figures, store_region_figures
from msoko.assessments.services.schemes import WorkScheme, find_scheme
from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.imports.kinds import Invalid, Prepared, Progress, silent
from msoko.core.imports.run import DEFAULT_MAX_INVALID_SHARE, run_import
from msoko.core.models import Batch, User
from msoko.registry.models import OrganizationAlias
from msoko.registry.selectors import organization_code_map
from msoko.tabular.problems import ROW, ImportProblem, TableRejected
from msoko.tabular.reading import Table, read_table_parts


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
    regional: bool = False,
) -> ImportReport:
    """Load a `results` file of one procedure; replace the earlier results of its organisations.

    Strict by default: any invalid row rejects the file. With ``quarantine`` the valid rows
    are loaded and the invalid ones are kept whole in the batch's quarantine, unless they
    exceed ``max_invalid_share`` of the rows. ``into_batch`` loads corrected quarantined rows
    into that batch instead (``corrections``). ``regional``: the file is the region's export
    (services/region.py).
    """
    params = import_params(key, quarantine=quarantine, max_invalid_share=max_invalid_share)
    if regional:
        params["regional"] = True
    if into_batch is not None:
        params["into_batch"] = into_batch
    return run_import(
        "results", content=content, filename=filename, params=params, actor=actor, progress=progress
    )


@dataclass
class RegionPart:
    """What a regional export says beyond our rows: the region's figures and the other
    municipalities' rows, counted."""

    figures: dict[str, float]  # metric → value (services/region.py)
    participants: int  # with a result, over the whole file
    other_rows: int
    other_organizations: int
    other_invalid: int


@dataclass
class ResultRows:
    """What a checked `results` file stores: its valid rows and their organisations."""

    scheme: WorkScheme
    valid: pl.DataFrame
    per_org: pl.DataFrame  # org_id, participants, absent
    aliases: dict[str, int]
    region: RegionPart | None = None


def read_results(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    """Read and check a `results` file (the import kind's read); nothing is written."""
    key = key_of(params)
    regional = bool(params.get("regional"))
    scheme, source, parsed = read_results_file(
        content, filename=filename, key=key, progress=progress, regional=regional, keep_keys=False
    )
    bad = parsed.bad_rows
    # the usual file has no bad row: its rows are stored as parsed, not copied by a filter
    valid = parsed.rows.filter(~pl.col(ROW).is_in(bad.implode())) if bad.len() else parsed.rows
    # the two columns alone, streamed: an eager group-by over the whole frame of a million
    # parsed rows (in parts) copied every column of it first, +145 MB at the import's peak
    per_org = (
        valid.lazy()
        .select("org_id", "absent")
        .group_by("org_id")
        .agg(participants=(~pl.col("absent")).sum(), absent=pl.col("absent").sum())
        .sort("org_id")
        .collect(engine="streaming")
    )
    invalid = None
    if bad.len():
        raw = source.raw_rows(bad)
        keys = results_format.written_keys(
            raw, org_code=parsed.headers["org_code"], participant=parsed.headers["participant"]
        )
        codes = organization_code_map()
        named = (
            keys.get_column("org_code")
            .replace_strict(codes, default=None, return_dtype=pl.Int64)
            .drop_nulls()
        )
        invalid = Invalid(
            count=bad.len(),
            problems=parsed.problems,
            raw=raw,
            keys=keys,
            organization_ids=frozenset(named.to_list()),
        )
    region = _region_part(scheme, valid, parsed.others, progress) if parsed.others is not None else None
    return Prepared(
        rows=parsed.rows.height,  # a regional file: our rows (the share of invalid rows counts them)
        organization_ids=frozenset(per_org["org_id"].to_list()),
        data=ResultRows(scheme, valid, per_org, parsed.aliases, region),
        school_year=scheme.school_year,
        notices=parsed.notices,
        invalid=invalid,
        title=str(key),
    )


def _region_part(
    scheme: WorkScheme, valid: pl.DataFrame, others: results_format.OtherMunicipalities, progress: Progress
) -> RegionPart:
    progress("значения региона")
    whole = pl.concat([valid, others.valid], how="vertical_relaxed") if others.valid.height else valid
    figures = region_figures(whole, scheme.tasks(), max_score=scheme.max_score)
    return RegionPart(
        figures=figures,
        participants=int(figures.get("results.participants", 0)),
        other_rows=others.rows,
        other_organizations=others.organizations,
        other_invalid=others.invalid,
    )


def store_results(
    prepared: Prepared, *, batch: Batch, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    """Replace the procedure's results of the file's organisations (inside the import's transaction)."""
    data: ResultRows = prepared.data
    procedure, valid, per_org = data.scheme.saved().procedure, data.valid, data.per_org
    progress("запись результатов")
    replaced = supersede(procedure, per_org["org_id"].to_list())
    for code, org_id in data.aliases.items():
        OrganizationAlias.objects.get_or_create(code=code, defaults={"organization_id": org_id})
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
    participants = int(per_org["participants"].sum())
    summary = [
        f"Процедура: {procedure}.",
        f"Участников с результатом {participants}, отсутствовали {valid.height - participants}, "
        f"организаций {per_org.height}.",
    ]
    if replaced:
        summary.append(f"Заменены прежние результаты этих организаций: участников {replaced}.")
    details: dict[str, Any] = {}
    if data.region is not None:
        summary += _store_region(procedure, data.region)
        details["region_participants"] = data.region.participants
        details["other_rows"] = data.region.other_rows
        details["other_organizations"] = data.region.other_organizations
    return ImportReport(
        kind="results",
        filename="",  # the pipeline fills in the kind and the file's name
        rows=prepared.rows,
        created=valid.height,
        notices=prepared.notices,
        summary=summary,
        details={
            "procedure_id": procedure.pk,
            "participants": participants,
            "organizations": per_org.height,
            "replaced": replaced,
            **details,
        },
    )


def _store_region(procedure: Procedure, region: RegionPart) -> list[str]:
    """The region's figures replace those of the last regional file; the report says what."""
    written, _ = store_region_figures(procedure, region.figures)
    return [
        f"Строк других муниципалитетов: {region.other_rows}, организаций: {region.other_organizations}"
        + (
            f"; из них с ошибками {region.other_invalid} — они не загружаются и не входят в значения региона."
            if region.other_invalid
            else "."
        ),
        f"Значения региона рассчитаны по всем верным строкам файла: участников с результатом "
        f"{region.participants}, значений {written}.",
    ]


def link_results_record(prepared: Prepared, record_id: int | None) -> None:
    """A regional file's region figures point at its import record."""
    data: ResultRows = prepared.data
    if isinstance(data, ResultRows) and data.region is not None:
        link_region_record(data.scheme.saved().procedure.pk, record_id)


def key_of(params: dict[str, Any]) -> ProcedureKey:
    grade = params.get("grade")
    return ProcedureKey(
        str(params["procedure"]), str(params["subject"]), int(grade) if grade else None, str(params["year"])
    )


def import_params(key: ProcedureKey, **options: object) -> dict[str, object]:
    """The import's arguments besides the file, kept with its record so it can be replayed."""
    return {
        "procedure": key.kind,
        "subject": key.subject,
        "grade": key.grade,
        "year": key.school_year,
        **options,
    }


@dataclass
class ResultsFile:
    """A `results` file read part by part (tabular.reading.read_table_parts). The rows as
    written are needed again only for the quarantine of invalid rows: a file read as one
    Table keeps it; a file read in parts is read again for them, keeping nothing else."""

    content: bytes
    filename: str
    progress: Progress = silent
    first: Table | None = None
    parts: int = 0

    def tables(self) -> Iterator[Table]:
        for table in read_table_parts(
            self.content,
            filename=self.filename,
            layouts=results_format.LAYOUTS,
            sheet_names=results_format.SHEET_NAMES,
            part_rows=results_format.PART_ROWS,
            parted_layouts=("canonical",),
        ):
            self.parts += 1
            self.first = table if self.parts == 1 else None
            if self.parts > 1:
                self.progress(f"чтение и проверка строк: до строки {table.frame.get_column(ROW).max()}")
            yield table

    def raw_rows(self, rows: pl.Series) -> pl.DataFrame:
        """These rows (by ``ROW``) as written in the file, every column a string."""
        wanted = pl.col(ROW).is_in(rows.implode())
        if self.first is not None:
            return self.first.frame.filter(wanted)
        again = ResultsFile(self.content, self.filename)
        return pl.concat([table.frame.filter(wanted) for table in again.tables()])


def read_results_file(
    content: bytes,
    *,
    filename: str,
    key: ProcedureKey,
    progress: Progress = silent,
    regional: bool = False,
    keep_keys: bool = True,
) -> tuple[WorkScheme, ResultsFile, results_format.ParsedResults]:
    """Find the scheme, read the file and validate every row; structural problems reject it.

    Nothing is written: a built-in scheme is saved by the store, in the import's transaction."""
    scheme = find_scheme(key)
    if scheme is None:
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "",
                    "",
                    f"нет описания работы «{key}»: загрузите его на странице загрузки "
                    "(вид «описание работы», файл YAML) или выберите другую процедуру"
                    + subject_hint(key.subject),
                )
            ]
        )
    progress("чтение и проверка строк")
    source = ResultsFile(content, filename, progress)
    try:
        parsed = results_format.parse_results(
            source.tables(),
            shape=scheme.shape,
            org_codes=organization_code_map(),
            regional=regional,
            keep_keys=keep_keys,
        )
    except TableRejected as error:
        raise ImportRejected(error.problems) from error
    if parsed.structural:
        raise ImportRejected(parsed.structural, parsed.notices)
    if parsed.rows.height == 0 and parsed.others is not None and parsed.others.rows:
        raise ImportRejected(
            [
                ImportProblem(
                    0,
                    "Код ОО",
                    "",
                    f"в региональной выгрузке нет ни одной организации из реестра муниципалитета "
                    f"(строк других муниципалитетов: {parsed.others.rows}, организаций: "
                    f"{parsed.others.organizations}); проверьте реестр организаций или выбранный файл",
                )
            ]
        )
    if parsed.rows.height == 0:
        header_row = source.first.header_row if source.first is not None else 0
        raise ImportRejected([ImportProblem(header_row + 1, "", "", "в файле нет ни одной строки с данными")])
    return scheme, source, parsed


def subject_hint(subject: str) -> str:
    """«. Возможно, вы имели в виду «Математика»?» for «Матиматика» (a typo, another case)."""
    known = subject_list()
    if subject in known:
        return ""
    by_folded = {name.casefold(): name for name in known}
    close = difflib.get_close_matches(subject.strip().casefold(), list(by_folded), n=1, cutoff=0.75)
    return f". Возможно, вы имели в виду «{by_folded[close[0]]}»?" if close else ""


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

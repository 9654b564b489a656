"""Reads of procedures, schemes, batches and results (for importers, pages and analytics)."""

from __future__ import annotations

import io
from dataclasses import dataclass, fields
from typing import Any

import polars as pl
from django.db.models import Count, Exists, IntegerField, OuterRef, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce

from msoko.analytics import tasks as T
from msoko.analytics.columns import C
from msoko.assessments import scheme_files
from msoko.assessments.importers import results as results_format
from msoko.assessments.importers.layouts import FIELDS
from msoko.assessments.importers.results import WorkShape
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import (
    GiaResult,
    JournalMark,
    OlympiadResult,
    Procedure,
    ProcedureKind,
    ReferenceOrigin,
    ReferenceScope,
    ReferenceValue,
    ResultCoverage,
    ResultData,
    Scheme,
    SchemeTask,
)
from msoko.core.models import Batch, ImportRecord, ImportStatus, QuarantineRow, parse_school_year
from msoko.core.uploads import stored_path
from msoko.registry.models import Organization
from msoko.registry.selectors import organization_code_map
from msoko.tabular.problems import ROW, ImportProblem, TableRejected, problems_from_frame
from msoko.tabular.reading import normalize_header, read_table


def work_shape(scheme: Scheme) -> WorkShape:
    tasks = list(scheme.tasks.order_by("position"))
    return WorkShape(
        labels=tuple(t.label for t in tasks),
        maxima=tuple(t.max_score for t in tasks),
        scale={int(k): int(v) for k, v in scheme.scale.items()},
        grade=scheme.procedure.grade or 0,
    )


RESULT_SCHEMA = {
    "org_id": pl.Int64,
    "class_name": pl.String,
    "participant_code": pl.String,
    "variant": pl.String,
    "absent": pl.Boolean,
    "scores": pl.String,
    "total": pl.Int64,
    "mark": pl.Int64,
    "journal_mark": pl.Int64,
    "sex": pl.String,
}


def encode_block(frame: pl.DataFrame) -> bytes:
    """The stored form of a batch's rows (columns of :data:`RESULT_SCHEMA`)."""
    buffer = io.BytesIO()
    frame.select(pl.col(name).cast(dtype) for name, dtype in RESULT_SCHEMA.items()).write_ipc(
        buffer, compression="zstd"
    )
    return buffer.getvalue()


def results_frame(procedure: Procedure, *, viewer: Any | None = None) -> pl.DataFrame:
    """The current participants of one procedure: one row each, columns of :data:`RESULT_SCHEMA`.

    ``viewer`` scopes the rows to the organisations that user may see (None: all, for
    services). The blocks come in one query; organisations whose data a later batch replaced
    are dropped with a semi-join. Decode the task scores with ``encoding.task_scores``.
    """
    coverage = ResultCoverage.objects.filter(procedure=procedure, active=True)
    if viewer is not None:
        coverage = coverage.visible_to(viewer)
    current = pl.DataFrame(
        list(coverage.values_list("batch_id", "organization_id")),
        schema={"batch_id": pl.Int64, "org_id": pl.Int64},
        orient="row",
    )
    if current.is_empty():
        return pl.DataFrame(schema=RESULT_SCHEMA)
    batch_ids = current["batch_id"].unique().to_list()
    blocks = ResultData.objects.filter(batch_id__in=batch_ids).values_list("batch_id", "data")
    rows = pl.concat(
        [
            pl.read_ipc(io.BytesIO(bytes(data))).with_columns(batch_id=pl.lit(batch_id))
            for batch_id, data in blocks
        ]
    )
    # every row of the blocks is current (the usual case: nothing replaced, a viewer who sees
    # every school) — the semi-join would only copy a region's million rows once more
    whole = (viewer is None or viewer.sees_all_organizations) and not ResultCoverage.objects.filter(
        batch_id__in=batch_ids, active=False
    ).exists()
    if not whole:
        rows = rows.join(current, on=["batch_id", "org_id"], how="semi")
    return rows.select(list(RESULT_SCHEMA)).sort("org_id", "class_name", "participant_code")


# --- Pages -------------------------------------------------------------------------------
# Rows that belong to an organisation are read from ``visible_to(user)``, the one place row
# access is decided; a batch is visible when every organisation it covers is.

QUARANTINE_SHOWN = 500
#: how the organisation code column is headed in each accepted layout of a `results` file
ORG_CODE_HEADERS = {normalize_header(h) for layout in FIELDS.values() for h in layout["org_code"]}


def subject_list() -> list[str]:
    """Subjects with a stored or built-in scheme, for the subject field's suggestions."""
    stored = Scheme.objects.values_list("procedure__subject", flat=True).distinct()
    builtin = (spec.subject for spec in scheme_files.load_builtin_schemes())
    return sorted({*stored, *builtin})


def procedure_list(
    *, user: Any, school_year_id: int | None = None, kind: str = "", subject: str = ""
) -> QuerySet[Procedure]:
    """Procedures (not scoped: they belong to no organisation), each annotated with the
    organisations and participants of its current results that the user may see."""
    current = (
        ResultCoverage.objects.visible_to(user)
        .filter(procedure=OuterRef("pk"), active=True)
        .order_by()
        .values("procedure")
    )
    count = current.annotate(n=Count("organization")).values("n")
    total = current.annotate(n=Sum("participants")).values("n")
    qs = Procedure.objects.select_related("school_year", "scheme").annotate(
        organizations=Coalesce(Subquery(count), 0, output_field=IntegerField()),
        participants=Coalesce(Subquery(total), 0, output_field=IntegerField()),
    )
    if school_year_id:
        qs = qs.filter(school_year_id=school_year_id)
    if kind:
        qs = qs.filter(kind=kind)
    if subject:
        qs = qs.filter(subject__icontains=subject)
    return qs


def coverage_list(
    *, user: Any, procedure_id: int | None = None, batch_id: int | None = None, active: bool | None = None
) -> QuerySet[ResultCoverage]:
    """Which organisations' results the user may see, by procedure and/or batch."""
    qs = ResultCoverage.objects.visible_to(user).select_related("organization", "batch")
    if procedure_id is not None:
        qs = qs.filter(procedure_id=procedure_id)
    if batch_id is not None:
        qs = qs.filter(batch_id=batch_id)
    if active is not None:
        qs = qs.filter(active=active)
    return qs.order_by("organization__code")


def batch_list(*, user: Any, procedure_id: int | None = None) -> QuerySet[Batch]:
    """Batches the user may open: all for those who see every organisation; for anyone else,
    only batches whose every covered organisation is visible to them (and that cover one)."""
    qs = Batch.objects.select_related("school_year", "import_record__actor")
    if procedure_id is not None:
        qs = qs.filter(pk__in=ResultCoverage.objects.filter(procedure_id=procedure_id).values("batch_id"))
    if user.is_authenticated and user.is_active and user.sees_all_organizations:
        # batches of other kinds (ГИА, отметки) have no coverage; the municipality sees them all
        return qs
    covered = ResultCoverage.objects.filter(batch=OuterRef("pk"))
    visible = ResultCoverage.objects.visible_to(user).values("pk")
    # a quarantined row of another school would show on the batch page: such batches are refused
    own_codes = (
        [user.organization.code, *user.organization.aliases.values_list("code", flat=True)]
        if (user.is_authenticated and user.organization_id)
        else []
    )
    foreign_quarantine = QuarantineRow.objects.filter(batch=OuterRef("pk")).exclude(org_code__in=own_codes)
    return (
        qs.filter(Exists(covered))
        .exclude(Exists(covered.exclude(pk__in=visible)))
        .exclude(Exists(foreign_quarantine))
    )


def batch_for(*, user: Any, pk: int) -> Batch:
    """One batch the user may open; raises ``Batch.DoesNotExist`` otherwise."""
    return batch_list(user=user).get(pk=pk)


def quarantine_list(*, batch: Batch, limit: int | None = None) -> list[QuarantineRow]:
    """The batch's rows still waiting for correction, in the file's order."""
    rows = batch.quarantine.filter(resolved=False).order_by("row")
    return list(rows[:limit] if limit is not None else rows)


def quarantine_headers(rows: list[QuarantineRow]) -> list[str]:
    """The file's headers, in the file's order (every row of one file has the same ones)."""
    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row.headers or row.values))
    return list(headers)


def batch_procedure(batch: Batch) -> Procedure | None:
    """The procedure a `results` batch is of, from the arguments it was imported with."""
    params = batch.params or {}
    if batch.kind != "results" or not params.get("procedure"):
        return None
    return (
        Procedure.objects.select_related("school_year")
        .filter(
            kind=params["procedure"],
            subject=params.get("subject", ""),
            grade=params.get("grade") or None,
            school_year__name=params.get("year", ""),
        )
        .first()
    )


@dataclass
class BatchCard:
    batch: Batch
    procedure: Procedure | None
    coverage: list[ResultCoverage]
    quarantine: list[tuple[int, list[str], list[Any]]]  # row, errors, cells under `headers`
    headers: list[str]
    unresolved: int
    resolved: int

    @property
    def quarantine_more(self) -> int:
        return max(self.unresolved - len(self.quarantine), 0)

    @property
    def correctable(self) -> bool:
        """Corrected rows can be loaded into the batch: `results` rows wait in its quarantine."""
        return self.procedure is not None and self.unresolved > 0


def batch_card_for(*, user: Any, pk: int) -> BatchCard:
    """What the batch page shows; raises ``Batch.DoesNotExist`` if the user may not open it."""
    batch = batch_for(user=user, pk=pk)
    shown = quarantine_list(batch=batch, limit=QUARANTINE_SHOWN)
    headers = quarantine_headers(shown)
    counts = dict(batch.quarantine.order_by().values_list("resolved").annotate(n=Count("pk")))
    return BatchCard(
        batch=batch,
        procedure=batch_procedure(batch),
        coverage=list(coverage_list(user=user, batch_id=batch.pk)),
        quarantine=[(q.row, q.errors, [q.values.get(h) for h in headers]) for q in shown],
        headers=headers,
        unresolved=counts.get(False, 0),
        resolved=counts.get(True, 0),
    )


@dataclass
class ProcedureCard:
    procedure: Procedure
    scheme: Scheme | None
    batches: list[Batch]
    coverage: list[ResultCoverage]
    participants: int
    absent: int

    @property
    def batch_ids(self) -> set[int]:
        return {b.pk for b in self.batches}


def procedure_card_for(*, user: Any, pk: int) -> ProcedureCard:
    """What the procedure page shows; raises ``Procedure.DoesNotExist`` for an unknown one."""
    procedure = Procedure.objects.select_related("school_year").get(pk=pk)
    coverage = list(coverage_list(user=user, procedure_id=procedure.pk, active=True))
    return ProcedureCard(
        procedure=procedure,
        scheme=scheme_list().filter(procedure=procedure).first(),
        batches=list(batch_list(user=user, procedure_id=procedure.pk)),
        coverage=coverage,
        participants=sum(c.participants for c in coverage),
        absent=sum(c.absent for c in coverage),
    )


def scheme_list() -> QuerySet[Scheme]:
    """Schemes with their task count and maximum score, newest year first."""
    return (
        Scheme.objects.select_related("procedure__school_year")
        .annotate(task_count=Count("tasks"), total_max=Sum("tasks__max_score"))
        .order_by(
            "-procedure__school_year__start_year", "procedure__kind", "procedure__subject", "procedure__grade"
        )
    )


@dataclass
class SchemeCard:
    scheme: Scheme
    tasks: list[SchemeTask]

    @property
    def scale(self) -> list[tuple[int, int]]:
        return sorted((int(mark), cut) for mark, cut in self.scheme.scale.items())

    def spec(self) -> scheme_files.SchemeSpec:
        """The scheme as its YAML file describes it."""
        procedure = self.scheme.procedure
        return scheme_files.SchemeSpec(
            procedure=procedure.kind,
            subject=procedure.subject,
            grade=procedure.grade,
            year=procedure.school_year.name,
            # a task's spec has the same field names as the stored task
            tasks=tuple(
                scheme_files.TaskSpec(**{f.name: getattr(t, f.name) for f in fields(scheme_files.TaskSpec)})
                for t in self.tasks
            ),
            scale={int(mark): int(cut) for mark, cut in self.scheme.scale.items()},
            source=self.scheme.source,
        )


def scheme_card_for(*, pk: int) -> SchemeCard:
    """A scheme with its tasks in order; raises ``Scheme.DoesNotExist`` for an unknown one."""
    scheme = scheme_list().get(pk=pk)
    return SchemeCard(scheme=scheme, tasks=list(scheme.tasks.order_by("position")))


# --- Uploads -----------------------------------------------------------------------------


def rejected_upload_for(*, user: Any, pk: int) -> ImportRecord:
    """A rejected `results` upload: any for registry managers, one's own for anyone else.

    Raises ``ImportRecord.DoesNotExist`` otherwise. Uploads belong to their uploader, not to
    an organisation, so the choke point here is the actor.
    """
    uploads = ImportRecord.objects.filter(kind="results", status=ImportStatus.REJECTED)
    if not user.can_manage_registry:
        uploads = uploads.filter(actor_id=user.pk)
    return uploads.get(pk=pk)


def upload_problem_list(*, user: Any, upload: ImportRecord, key: ProcedureKey) -> list[ImportProblem]:
    """Every problem ``import_results`` finds in a stored upload, plus the rows of organisations
    the user may not load; raises ``FileNotFoundError`` if the file is no longer stored.

    The import record keeps only the first problems; the stored file is parsed again with the
    pure parser, so nothing is recorded a second time.
    """
    path = stored_path(upload.sha256)
    if not path.is_file():
        raise FileNotFoundError(path)
    shape = _work_shape_for(key)
    if shape is None:
        return [ImportProblem(0, "", "", f"нет описания работы «{key}»")]
    try:
        table = read_table(
            path.read_bytes(),
            filename=upload.filename,
            layouts=results_format.LAYOUTS,
            sheet_names=results_format.SHEET_NAMES,
        )
    except TableRejected as error:
        return error.problems
    parsed = results_format.parse_results(table, shape=shape, org_codes=organization_code_map())
    if parsed.structural:
        return parsed.structural
    problems = problems_from_frame(parsed.problems)
    if not user.sees_all_organizations:
        own = list(Organization.objects.visible_to(user).values_list("pk", flat=True))
        foreign = parsed.rows.filter(pl.col("org_id").is_not_null() & ~pl.col("org_id").is_in(own))
        problems += [
            ImportProblem(row, "Код ОО", code, "строка другой организации: загружайте только свои результаты")
            for row, code in foreign.select(ROW, "org_code").iter_rows()
        ]
    return sorted(problems)


def _work_shape_for(key: ProcedureKey) -> WorkShape | None:
    """The stored scheme's shape, else the built-in one's, without storing it (this only reads;
    a rejected school upload rolls back the built-in scheme its import stored)."""
    year = parse_school_year(key.school_year)
    scheme = (
        Scheme.objects.select_related("procedure")
        .filter(
            procedure__kind=key.kind,
            procedure__subject=key.subject,
            procedure__grade=key.grade,
            procedure__school_year__name=year,
        )
        .first()
    )
    if scheme is not None:
        return work_shape(scheme)
    for spec in scheme_files.load_builtin_schemes():
        if (spec.procedure, spec.subject, spec.grade, spec.year) == (key.kind, key.subject, key.grade, year):
            return WorkShape(
                labels=tuple(t.label for t in spec.tasks),
                maxima=tuple(t.max_score for t in spec.tasks),
                scale=dict(spec.scale),
                grade=spec.grade or 0,
            )
    return None


GIA_SCHEMA = {
    "org_id": pl.Int64,
    "org_code": pl.String,
    "participant_code": pl.String,
    "exam": pl.String,
    "subject": pl.String,
    "primary_score": pl.Int64,
    "test_score": pl.Int64,
    "mark": pl.Int64,
    "annual_mark": pl.Int64,
    "medal_candidate": pl.Boolean,
}


def gia_frame(*, school_year_id: int) -> pl.DataFrame:
    """Every ГИА result of a school year in one query: one row per participant × exam × subject."""
    rows = GiaResult.objects.filter(procedure__school_year_id=school_year_id).values_list(
        "organization_id",
        "organization__code",
        "participant_code",
        "procedure__kind",
        "procedure__subject",
        "primary_score",
        "test_score",
        "mark",
        "annual_mark",
        "medal_candidate",
    )
    return pl.DataFrame(list(rows), schema=GIA_SCHEMA, orient="row")


def marks_frame(*, school_year_id: int) -> pl.DataFrame:
    """Every journal mark of a school year in one query: org_code, class_name, subject, period, mark."""
    rows = JournalMark.objects.filter(school_year_id=school_year_id).values_list(
        "organization__code", "class_name", "subject", "period", "mark"
    )
    return pl.DataFrame(
        list(rows),
        schema={
            C.ORG_CODE: pl.String,
            C.CLASS_NAME: pl.String,
            C.SUBJECT: pl.String,
            "period": pl.String,
            C.MARK: pl.Int64,
        },
        orient="row",
    )


#: the olympiad stage of a procedure kind («ВсОШ-муниципальный» → «муниципальный»)
OLYMPIAD_STAGES = {
    ProcedureKind.OLYMPIAD_SCHOOL.value: "школьный",
    ProcedureKind.OLYMPIAD_MUNICIPAL.value: "муниципальный",
    ProcedureKind.OLYMPIAD_REGIONAL.value: "региональный",
    ProcedureKind.OLYMPIAD_FINAL.value: "заключительный",
}


def olympiad_frame(*, school_year_id: int) -> pl.DataFrame:
    """Every ВсОШ participation of a school year in one query: org_id, org_code,
    participant_code, subject, stage, status, grade."""
    rows = OlympiadResult.objects.filter(procedure__school_year_id=school_year_id).values_list(
        "organization_id",
        "organization__code",
        "participant_code",
        "procedure__subject",
        "procedure__kind",
        "status",
        "grade",
    )
    frame = pl.DataFrame(
        list(rows),
        schema={
            C.ORG_ID: pl.Int64,
            C.ORG_CODE: pl.String,
            C.PARTICIPANT: pl.String,
            C.SUBJECT: pl.String,
            "stage": pl.String,
            "status": pl.String,
            C.GRADE: pl.Int64,
        },
        orient="row",
    )
    return frame.with_columns(pl.col("stage").replace_strict(OLYMPIAD_STAGES, default=None))


def reference_frame(procedure: Procedure, *, entered_only: bool = False) -> pl.DataFrame:
    """`scope`, `metric`, `value`, `origin` of one procedure, one row per (scope, metric).

    An entered figure (the official ФИС ОКО report) wins over one computed from a regional
    export; ``entered_only`` leaves the computed ones out (the form edits only the entered).
    """
    values = ReferenceValue.objects.filter(procedure=procedure)
    if entered_only:
        values = values.filter(origin=ReferenceOrigin.ENTERED)
    frame = pl.DataFrame(
        list(values.values_list("scope", "metric", "value", "origin")),
        schema={"scope": pl.String, "metric": pl.String, "value": pl.Float64, "origin": pl.String},
        orient="row",
    )
    return (
        frame.sort(pl.col("origin") != ReferenceOrigin.ENTERED.value)
        .unique(["scope", "metric"], keep="first", maintain_order=True)
        .sort("scope", "metric")
    )


def region_indicator_frame(*, school_year_id: int) -> pl.DataFrame:
    """`procedure_id`, `code`, `value`: the `results.*` indicators of the region that regional
    exports of the year computed (services/region.py), one query."""
    rows = ReferenceValue.objects.filter(
        procedure__school_year_id=school_year_id,
        scope=ReferenceScope.REGION,
        origin=ReferenceOrigin.FILE,
        metric__startswith="results.",
    ).values_list("procedure_id", "metric", "value")
    return pl.DataFrame(
        list(rows), schema={"procedure_id": pl.Int64, "code": pl.String, "value": pl.Float64}, orient="row"
    )


@dataclass(frozen=True)
class RegionFromFile:
    """The region's figures a regional export gave a procedure: how many and from which import."""

    count: int
    participants: int | None
    import_record_id: int | None


def region_from_file(procedure: Procedure) -> RegionFromFile | None:
    values = ReferenceValue.objects.filter(
        procedure=procedure, scope=ReferenceScope.REGION, origin=ReferenceOrigin.FILE
    ).values_list("metric", "value", "import_record_id")
    rows = list(values)
    if not rows:
        return None
    participants = next((v for m, v, _ in rows if m == "results.participants"), None)
    return RegionFromFile(
        count=len(rows),
        participants=int(participants) if participants is not None else None,
        import_record_id=next((r for _, _, r in rows if r is not None), None),
    )


TASK_SCHEMA = {
    C.TASK: pl.String,
    T.POSITION: pl.Int64,
    C.TASK_MAX: pl.Int64,
    C.LEVEL: pl.String,
    T.SKILL: pl.String,
}


def scheme_tasks(procedure: Procedure) -> pl.DataFrame:
    """The scheme's tasks in order: label, position, maximum, level, skill."""
    tasks = procedure.scheme.tasks.order_by("position").values_list(
        "label", "position", "max_score", "level", "skill"
    )
    return pl.DataFrame(list(tasks), schema=TASK_SCHEMA, orient="row")


def procedure_get(pk: int) -> Procedure | None:
    """A procedure with its year and scheme (procedures hold no organisation's data)."""
    return Procedure.objects.select_related("school_year", "scheme").filter(pk=pk).first()

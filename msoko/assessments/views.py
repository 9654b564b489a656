"""Assessment pages: the results upload, batches and their quarantine, procedures and schemes.

Rows that belong to an organisation are read through ``visible_to(request.user)``; a batch or a
coverage row outside the user's scope is a 404. The reads below are page-shaped and used only
here; they belong in ``selectors.py`` once that module takes page reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import polars as pl
from django.db import transaction
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_POST
from django.views.decorators.vary import vary_on_headers

from msoko.assessments import scheme_files, services, xlsx
from msoko.assessments.forms import (
    ProcedureFilterForm,
    ProcedureKeyForm,
    ResultsUploadForm,
    SchemeScaleForm,
    SchemeTaskFormSet,
    SchemeUploadForm,
)
from msoko.assessments.importers import results as results_format
from msoko.assessments.importers.layouts import FIELDS
from msoko.assessments.models import Batch, Procedure, QuarantineRow, ResultCoverage, Scheme
from msoko.assessments.selectors import work_shape
from msoko.assessments.services.scheme_editing import SchemeEditRejected, scale_required, update_scheme
from msoko.core.audit import client_ip, record
from msoko.core.forms import filter_values
from msoko.core.imports import ImportRejected, ImportReport, record_rejection
from msoko.core.models import AuditAction, ImportRecord, ImportStatus, Role, SchoolYear
from msoko.core.permissions import login_required, registry_managers_only, role_required
from msoko.core.uploads import stored_path
from msoko.core.views import paginate
from msoko.registry.models import Organization
from msoko.registry.selectors import organization_code_map
from msoko.tabular.problems import ROW, ImportProblem, TableRejected, problems_from_frame
from msoko.tabular.reading import normalize_header, read_table

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUARANTINE_SHOWN = 500
#: how the organisation code column is headed in each accepted layout of a `results` file
ORG_CODE_HEADERS = {normalize_header(h) for fields in FIELDS.values() for h in fields["org_code"]}


def can_upload_results(user: Any) -> bool:
    """Specialists and admins load any file; a school loads only its own results."""
    return user.can_manage_registry or (user.role == Role.SCHOOL and user.organization_id is not None)


results_uploaders_only = role_required(can_upload_results)


# --------------------------------------------------------------------------- results upload


@results_uploaders_only
@vary_on_headers("HX-Request")
def upload(request: HttpRequest) -> HttpResponse:
    form = ResultsUploadForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "subjects": _scheme_subjects()}
    if request.method == "POST" and form.is_valid():
        context.update(_load_results(request, form))
    # HTMX swaps only the outcome and the form; without JavaScript the whole page comes back
    template = "assessments/_upload_area.html" if request.htmx else "assessments/upload.html"
    return render(request, template, context)


def _load_results(request: HttpRequest, form: ResultsUploadForm) -> dict:
    upload_file = form.cleaned_data["file"]
    content, filename = upload_file.read(), upload_file.name
    key = form.procedure_key()
    report: ImportReport | None = None
    rejected: ImportRejected | None = None
    foreign: list[str] = []
    with transaction.atomic():
        try:
            report = services.import_results(
                content=content,
                filename=filename,
                key=key,
                actor=request.user,
                quarantine=form.cleaned_data["quarantine"],
                max_invalid_share=form.max_invalid_share,
            )
        except ImportRejected as error:
            # caught inside the block so the record of the rejected attempt is kept
            rejected = error
        else:
            foreign = _foreign_organizations(request, int(report.details["batch_id"]))
            if foreign:
                # a school loads only its own rows: undo the whole import, batch and audit row included
                transaction.set_rollback(True)
    if foreign:
        report = None
        rejected = ImportRejected([ImportProblem(0, "Код ОО", ", ".join(foreign), _foreign_message(foreign))])
        record_rejection(
            rejected,
            kind="results",
            content=content,
            filename=filename,
            actor=request.user,
            school_year=SchoolYear.get_by_name(key.school_year),
        )
    context: dict = {"filename": filename, "key": key, "report": report, "rejected": rejected}
    if rejected is not None:
        context["more_problems"] = max(rejected.total - len(rejected.problems), 0)
        if rejected.record_id is not None:
            query = urlencode(
                {
                    "kind": key.kind,
                    "subject": key.subject,
                    "grade": key.grade,
                    "school_year": key.school_year,
                }
            )
            context["errors_url"] = (
                reverse("assessments:upload_errors", args=[rejected.record_id]) + "?" + query
            )
    return context


def _foreign_message(foreign: list[str]) -> str:
    return (
        f"Файл содержит результаты других организаций: {', '.join(foreign)}. "
        "Загрузите файл только со строками своей организации."
    )


def _foreign_organizations(request: HttpRequest, batch_id: int) -> list[str]:
    """Codes of organisations in a batch that the uploader may not see (none for specialists).

    The quarantine counts too: a rejected row of another school would otherwise be shown
    to the uploading school on the batch page.
    """
    covered = ResultCoverage.objects.filter(batch_id=batch_id)
    hidden = covered.exclude(pk__in=covered.visible_to(request.user).values("pk"))
    codes = set(hidden.values_list("organization__code", flat=True))
    if not request.user.sees_all_organizations:
        known = organization_code_map()
        own = set(Organization.objects.visible_to(request.user).values_list("pk", flat=True))
        for values in QuarantineRow.objects.filter(batch_id=batch_id).values_list("values", flat=True):
            codes.update(
                code
                for header, value in values.items()
                if normalize_header(header) in ORG_CODE_HEADERS
                and (code := str(value or "").strip()) in known
                and known[code] not in own
            )
    return sorted(codes)


def _scheme_subjects() -> list[str]:
    stored = Scheme.objects.values_list("procedure__subject", flat=True).distinct()
    builtin = (spec.subject for spec in scheme_files.load_builtin_schemes())
    return sorted({*stored, *builtin})


@results_uploaders_only
def upload_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of a rejected `results` upload as XLSX, re-derived from the stored file.

    The import record keeps only the first errors; validating the stored file again gives all
    of them without recording a second import. The procedure comes in the query string
    because the record does not hold it.
    """
    form = ProcedureKeyForm(request.GET)
    if not form.is_valid():
        raise Http404("Не указана процедура загрузки.")
    rec = ImportRecord.objects.filter(pk=pk, kind="results", status=ImportStatus.REJECTED).first()
    if rec is None or (not request.user.can_manage_registry and rec.actor_id != request.user.pk):
        raise Http404("Загрузка не найдена.")
    path = stored_path(rec.sha256)
    if not path.is_file():
        raise Http404("Файл этой загрузки не сохранился в хранилище.")
    problems = _results_problems(
        path.read_bytes(), filename=rec.filename, key=form.procedure_key(), request=request
    )
    with transaction.atomic():
        record(
            actor=request.user,
            action=AuditAction.EXPORT,
            summary=f"Скачаны ошибки загрузки «{rec.filename}» ({len(problems)})",
            obj=rec,
            ip=client_ip(request),
        )
    return _download(xlsx.errors_workbook(problems), f"ошибки-{Path(rec.filename).stem}.xlsx", XLSX)


def _results_problems(
    content: bytes, *, filename: str, key: services.ProcedureKey, request: HttpRequest
) -> list[ImportProblem]:
    """The problems ``import_results`` finds in a file, plus rows of organisations the user may not load."""
    scheme = services.scheme_for(key)
    if scheme is None:
        return [ImportProblem(0, "", "", f"нет описания работы «{key}»")]
    try:
        table = read_table(
            content,
            filename=filename,
            layouts=results_format.LAYOUTS,
            sheet_names=results_format.SHEET_NAMES,
        )
    except TableRejected as error:
        return error.problems
    parsed = results_format.parse_results(table, shape=work_shape(scheme), org_codes=organization_code_map())
    if parsed.structural:
        return parsed.structural
    problems = problems_from_frame(parsed.problems)
    if not request.user.sees_all_organizations:
        own = list(Organization.objects.visible_to(request.user).values_list("pk", flat=True))
        foreign = parsed.rows.filter(pl.col("org_id").is_not_null() & ~pl.col("org_id").is_in(own))
        problems += [
            ImportProblem(row, "Код ОО", code, "строка другой организации: загружайте только свои результаты")
            for row, code in foreign.select(ROW, "org_code").iter_rows()
        ]
    return sorted(problems)


def _download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


# --------------------------------------------------------------------------- batches


def _visible_batches(request: HttpRequest) -> QuerySet[Batch]:
    """Batches the user may open: all for those who see every organisation; for a school, only
    batches whose every covered organisation is its own."""
    batches = Batch.objects.select_related("procedure__school_year", "import_record__actor")
    if request.user.sees_all_organizations:
        return batches
    covered = ResultCoverage.objects.filter(batch=OuterRef("pk"))
    visible = ResultCoverage.objects.visible_to(request.user).values("pk")
    return batches.filter(Exists(covered)).exclude(Exists(covered.exclude(pk__in=visible)))


def _batch_or_404(request: HttpRequest, pk: int) -> Batch:
    batch = _visible_batches(request).filter(pk=pk).first()
    if batch is None:
        raise Http404("Пакет загрузки не найден.")
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    shown = list(batch.quarantine.order_by("row")[:QUARANTINE_SHOWN])
    headers = _quarantine_headers(shown)
    context = {
        "batch": batch,
        "coverage": batch.coverage.select_related("organization").order_by("organization__code"),
        "quarantine": [(q.row, q.errors, [q.values.get(h) for h in headers]) for q in shown],
        "quarantine_headers": headers,
        "quarantine_more": max(batch.quarantined - QUARANTINE_SHOWN, 0),
    }
    return render(request, "assessments/batch.html", context)


def _quarantine_headers(rows: list[QuarantineRow]) -> list[str]:
    """The file's headers, in the file's order (every row of one file has the same ones)."""
    headers: dict[str, None] = {}
    for row in rows:
        headers.update(dict.fromkeys(row.values))
    return list(headers)


@login_required
def batch_quarantine(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    rows = list(batch.quarantine.order_by("row"))
    content = xlsx.quarantine_workbook(_quarantine_headers(rows), ((row.values, row.errors) for row in rows))
    with transaction.atomic():
        record(
            actor=request.user,
            action=AuditAction.EXPORT,
            summary=(
                f"Скачан карантин пакета №{batch.pk} ({batch.procedure or batch.kind}): строк {len(rows)}"
            ),
            obj=batch,
            ip=client_ip(request),
        )
    return _download(content, f"карантин-пакет-{batch.pk}.xlsx", XLSX)


# --------------------------------------------------------------------------- procedures


@login_required
def procedures(request: HttpRequest) -> HttpResponse:
    form = ProcedureFilterForm(request.GET)
    values = filter_values(form)
    items = Procedure.objects.select_related("school_year", "scheme")
    if values.get("school_year"):
        items = items.filter(school_year=values["school_year"])
    if values.get("kind"):
        items = items.filter(kind=values["kind"])
    if values.get("subject"):
        items = items.filter(subject__icontains=values["subject"])
    page = paginate(request, items)
    current = {
        row["procedure"]: row
        for row in ResultCoverage.objects.visible_to(request.user)
        .filter(active=True, procedure__in=[p.pk for p in page])
        .values("procedure")
        .annotate(organizations=Count("organization", distinct=True), participants=Sum("participants"))
    }
    rows = [(procedure, current.get(procedure.pk)) for procedure in page]
    context = {
        "form": form,
        "page": page,
        "rows": rows,
        "filtered": bool(values),
        "subjects": _scheme_subjects(),
    }
    return render(request, "assessments/procedures.html", context)


@login_required
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = Procedure.objects.select_related("school_year").filter(pk=pk).first()
    if procedure is None:
        raise Http404("Процедура не найдена.")
    scheme = Scheme.objects.filter(procedure=procedure).annotate(
        task_count=Count("tasks"), total_max=Sum("tasks__max_score")
    )
    coverage = (
        ResultCoverage.objects.visible_to(request.user)
        .filter(procedure=procedure, active=True)
        .select_related("organization", "batch")
        .order_by("organization__code")
    )
    batches = list(_visible_batches(request).filter(procedure=procedure))
    context = {
        "procedure": procedure,
        "scheme": scheme.first(),
        "batches": batches,
        "batch_ids": {b.pk for b in batches},
        "coverage": coverage,
        "totals": coverage.aggregate(participants=Sum("participants"), absent=Sum("absent")),
    }
    return render(request, "assessments/procedure.html", context)


# --------------------------------------------------------------------------- schemes


def _schemes() -> QuerySet[Scheme]:
    return Scheme.objects.select_related("procedure__school_year").annotate(
        task_count=Count("tasks"), total_max=Sum("tasks__max_score")
    )


def _scheme_or_404(pk: int) -> Scheme:
    scheme = _schemes().filter(pk=pk).first()
    if scheme is None:
        raise Http404("Описание работы не найдено.")
    return scheme


@login_required
def schemes(request: HttpRequest) -> HttpResponse:
    # built-in schemes live in the package until first used; show them as stored ones
    for spec in scheme_files.load_builtin_schemes():
        services.scheme_for(services.ProcedureKey(spec.procedure, spec.subject, spec.grade, spec.year))
    items = _schemes().order_by(
        "-procedure__school_year__start_year", "procedure__kind", "procedure__subject", "procedure__grade"
    )
    return render(request, "assessments/schemes.html", {"schemes": items, "upload_form": SchemeUploadForm()})


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(pk)
    context = {
        "scheme": scheme,
        "tasks": scheme.tasks.order_by("position"),
        "scale": sorted((int(mark), cut) for mark, cut in scheme.scale.items()),
    }
    return render(request, "assessments/scheme.html", context)


@registry_managers_only
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(pk)
    tasks = list(scheme.tasks.order_by("position"))
    initial = [{"task_id": t.pk, "max_score": t.max_score, "level": t.level, "skill": t.skill} for t in tasks]
    formset = SchemeTaskFormSet(request.POST or None, initial=initial, prefix="tasks")
    scale_form = SchemeScaleForm(request.POST or None, scheme=scheme, prefix="scale")
    if request.method == "POST" and formset.is_valid() and scale_form.is_valid():
        max_score = sum(f.cleaned_data["max_score"] for f in formset)
        if scale_form.check_against(max_score=max_score, required=scale_required(scheme)):
            try:
                update_scheme(
                    scheme=scheme,
                    tasks=[
                        {
                            "id": f.cleaned_data["task_id"],
                            "max_score": f.cleaned_data["max_score"],
                            "level": f.cleaned_data["level"],
                            "skill": f.cleaned_data["skill"],
                        }
                        for f in formset
                    ],
                    scale=scale_form.scale,
                    actor=request.user,
                )
            except SchemeEditRejected as error:
                for message in error.messages:
                    scale_form.add_error(None, message[:1].upper() + message[1:] + ".")
            else:
                return redirect("assessments:scheme", pk=scheme.pk)
    context = {"scheme": scheme, "rows": list(zip(tasks, formset, strict=False)), "formset": formset}
    context["scale_form"] = scale_form
    return render(request, "assessments/scheme_edit.html", context)


def _scheme_spec(scheme: Scheme) -> scheme_files.SchemeSpec:
    procedure = scheme.procedure
    return scheme_files.SchemeSpec(
        procedure=procedure.kind,
        subject=procedure.subject,
        grade=procedure.grade,
        year=procedure.school_year.name,
        tasks=tuple(
            scheme_files.TaskSpec(
                position=t.position,
                label=t.label,
                max_score=t.max_score,
                level=t.level,
                skill=t.skill,
                kes=t.kes,
                kt=t.kt,
            )
            for t in scheme.tasks.order_by("position")
        ),
        scale={int(mark): int(cut) for mark, cut in scheme.scale.items()},
        source=scheme.source,
    )


@login_required
def scheme_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    scheme = _scheme_or_404(pk)
    text = scheme_files.scheme_to_yaml(_scheme_spec(scheme))
    procedure = scheme.procedure
    with transaction.atomic():
        record(
            actor=request.user,
            action=AuditAction.EXPORT,
            summary=f"Скачано описание работы «{procedure}» (YAML)",
            obj=scheme,
            ip=client_ip(request),
        )
    grade = f"-{procedure.grade}" if procedure.grade else ""
    name = f"{procedure.kind}-{procedure.subject}{grade}-{procedure.school_year.name.replace('/', '-')}.yaml"
    return _download(text.encode("utf-8"), name, "application/yaml; charset=utf-8")


@registry_managers_only
@require_POST
def scheme_upload(request: HttpRequest) -> HttpResponse:
    form = SchemeUploadForm(request.POST, request.FILES)
    context: dict = {"upload_form": form}
    if form.is_valid():
        upload_file = form.cleaned_data["file"]
        context["filename"] = upload_file.name
        try:
            context["report"] = services.import_scheme(
                content=upload_file.read(), filename=upload_file.name, actor=request.user
            )
        except ImportRejected as error:
            context["rejected"] = error
    return render(request, "assessments/scheme_upload.html", context)

"""The results upload: the form, the outcome (report or error table) and the errors download."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.vary import vary_on_headers

from msoko.assessments import selectors, services, xlsx
from msoko.assessments.forms import ProcedureKeyForm, ResultsUploadForm
from msoko.assessments.views.common import results_uploaders_only
from msoko.core.audit import record_download
from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.models import ImportRecord
from msoko.core.web import XLSX, download


@results_uploaders_only
@vary_on_headers("HX-Request")
def upload(request: HttpRequest) -> HttpResponse:
    form = ResultsUploadForm(request.POST or None, request.FILES or None, user=request.user)
    context: dict = {"form": form, "subjects": selectors.subject_list()}
    if request.method == "POST" and form.is_valid():
        context |= load_own_results(
            request,
            upload_file=form.cleaned_data["file"],
            key=form.procedure_key(),
            quarantine=form.cleaned_data["quarantine"],
            max_invalid_share=form.max_invalid_share,
            regional=form.regional_export,
        )
    # HTMX swaps only the outcome and the form; without JavaScript the whole page comes back
    template = "assessments/_upload_area.html" if request.htmx else "assessments/upload.html"
    return render(request, template, context)


def load_own_results(
    request: HttpRequest, *, upload_file: UploadedFile, key: services.ProcedureKey, **options: Any
) -> dict:
    """Run ``import_results`` and give the context of ``_upload_outcome.html``.

    A school loads only its own rows: the import pipeline refuses (and records) a file with
    rows of another organisation before writing anything. ``options`` go to the service as
    they are (quarantine, max_invalid_share, into_batch).
    """
    content, filename = upload_file.read(), upload_file.name
    report: ImportReport | None = None
    rejected: ImportRejected | None = None
    try:
        report = services.import_results(
            content=content, filename=filename, key=key, actor=request.user, **options
        )
    except ImportRejected as error:
        rejected = error
    context: dict = {"filename": filename, "key": key, "report": report, "rejected": rejected}
    if rejected is not None:
        context["more_problems"] = max(rejected.total - len(rejected.problems), 0)
        if rejected.record_id is not None:
            query = urlencode(
                {"kind": key.kind, "subject": key.subject, "grade": key.grade, "school_year": key.school_year}
            )
            context["errors_url"] = (
                reverse("assessments:upload_errors", args=[rejected.record_id]) + "?" + query
            )
    return context


@results_uploaders_only
def upload_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """Every error of a rejected `results` upload as XLSX, re-derived from the stored file.

    The procedure comes in the query string because the import record does not hold it.
    """
    form = ProcedureKeyForm(request.GET)
    if not form.is_valid():
        raise Http404("Не указана процедура загрузки.")
    try:
        rec = selectors.rejected_upload_for(user=request.user, pk=pk)
        problems = selectors.upload_problem_list(user=request.user, upload=rec, key=form.procedure_key())
    except ImportRecord.DoesNotExist as error:
        raise Http404("Загрузка не найдена.") from error
    except FileNotFoundError as error:
        raise Http404("Файл этой загрузки не сохранился в хранилище.") from error
    record_download(request, summary=f"Скачаны ошибки загрузки «{rec.filename}» ({len(problems)})", obj=rec)
    return download(xlsx.errors_workbook(problems), f"ошибки-{Path(rec.filename).stem}.xlsx", XLSX)

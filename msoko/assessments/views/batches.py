"""Batch pages: what one import brought in, its quarantine, and loading the corrected rows."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from msoko.assessments import selectors, xlsx
from msoko.assessments.forms import BatchCorrectionForm
from msoko.assessments.views.common import results_uploaders_only
from msoko.assessments.views.upload import load_own_results
from msoko.core.audit import record_download
from msoko.core.models import Batch
from msoko.core.permissions import login_required
from msoko.core.web import XLSX, download


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        card = selectors.batch_card_for(user=request.user, pk=pk)
    except Batch.DoesNotExist as error:
        raise Http404("Пакет загрузки не найден.") from error
    context = {"card": card, "batch": card.batch, "procedure": card.procedure}
    if card.correctable:
        context["correction_form"] = BatchCorrectionForm(procedure=card.procedure)
    return render(request, "assessments/batch.html", context)


@login_required
def batch_quarantine(request: HttpRequest, pk: int) -> HttpResponse:
    """The rows still waiting for correction, under the file's headers, plus their errors."""
    try:
        batch = selectors.batch_for(user=request.user, pk=pk)
    except Batch.DoesNotExist as error:
        raise Http404("Пакет загрузки не найден.") from error
    rows = selectors.quarantine_list(batch=batch)
    content = xlsx.quarantine_workbook(
        selectors.quarantine_headers(rows), ((row.values, row.errors) for row in rows)
    )
    record_download(
        request,
        summary=(f"Скачан карантин пакета №{batch.pk} ({batch.title or batch.kind}): строк {len(rows)}"),
        obj=batch,
    )
    return download(content, f"карантин-пакет-{batch.pk}.xlsx", XLSX)


@results_uploaders_only
@require_POST
def batch_correct(request: HttpRequest, pk: int) -> HttpResponse:
    """Load the corrected rows of a batch's quarantine into the same batch, strictly.

    The outcome is shown as on the upload page; a school may load only its own rows here too.
    """
    try:
        batch = selectors.batch_for(user=request.user, pk=pk)
    except Batch.DoesNotExist as error:
        raise Http404("Пакет загрузки не найден.") from error
    procedure = selectors.batch_procedure(batch)
    if procedure is None:
        raise Http404("В этот пакет нельзя дозагрузить строки.")
    form = BatchCorrectionForm(request.POST, request.FILES, procedure=procedure)
    context: dict = {"batch": batch, "procedure": procedure, "correction_form": form, "corrected": True}
    if form.is_valid():
        context |= load_own_results(
            request, upload_file=form.cleaned_data["file"], key=form.procedure_key(), into_batch=batch.pk
        )
    return render(request, "assessments/batch_correct.html", context)

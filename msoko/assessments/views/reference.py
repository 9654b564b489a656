"""The region's and Russia's figures of a procedure: the form, the file upload and the download."""

from __future__ import annotations

import polars as pl
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from msoko.assessments.forms import ReferenceForm, ReferenceUploadForm
from msoko.assessments.models import Procedure, ReferenceScope
from msoko.assessments.selectors import procedure_get, reference_frame, region_from_file
from msoko.assessments.services import ProcedureKey
from msoko.assessments.services.reference import (
    import_reference,
    metric_title,
    procedure_metrics,
    save_reference,
)
from msoko.core.imports import ImportRejected
from msoko.core.permissions import login_required, registry_managers_only
from msoko.core.web import xlsx_download


def _procedure_or_404(pk: int) -> Procedure:
    procedure = procedure_get(pk)
    if procedure is None:
        raise Http404("Процедура не найдена.")
    return procedure


@registry_managers_only
def procedure_reference(request: HttpRequest, pk: int) -> HttpResponse:
    procedure = _procedure_or_404(pk)
    metrics = procedure_metrics(procedure)
    stored = reference_frame(procedure, entered_only=True)
    initial = {f"{scope}__{metric}": value for scope, metric, value, _ in stored.iter_rows()}
    form = ReferenceForm(metrics=metrics, initial=initial)
    upload_form = ReferenceUploadForm()
    context: dict = {
        "procedure": procedure,
        "scopes": ReferenceScope,
        "from_file": region_from_file(procedure),
    }
    if request.method == "POST" and "file" in request.FILES:
        upload_form = ReferenceUploadForm(request.POST, request.FILES)
        if upload_form.is_valid():
            upload = upload_form.cleaned_data["file"]
            key = ProcedureKey(procedure.kind, procedure.subject, procedure.grade, procedure.school_year.name)
            try:
                report = import_reference(
                    content=upload.read(), filename=upload.name, key=key, actor=request.user
                )
            except ImportRejected as error:
                context["rejected"] = error
            else:
                messages.success(request, " ".join(report.lines()))
                return redirect("assessments:procedure_reference", pk=procedure.pk)
    elif request.method == "POST":
        form = ReferenceForm(request.POST, metrics=metrics, initial=initial)
        if form.is_valid():
            stored_count = save_reference(procedure=procedure, values=form.values(), actor=request.user)
            messages.success(request, f"Значения сохранены: {stored_count}.")
            return redirect("assessments:procedure_reference", pk=procedure.pk)
    context |= {"form": form, "upload_form": upload_form}
    return render(request, "assessments/reference.html", context)


@login_required
def procedure_reference_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    """The stored figures in the import format, so a file can be corrected and loaded back."""
    procedure = _procedure_or_404(pk)
    order = {metric: i for i, metric in enumerate(procedure_metrics(procedure))}
    scopes = {scope.value: scope.label for scope in ReferenceScope}
    frame = (
        reference_frame(procedure, entered_only=True)
        .filter(~pl.col("metric").str.starts_with("results."))
        .with_columns(
            pl.col("scope").replace_strict(list(scopes), list(range(len(scopes)))).alias("scope_order"),
            pl.col("metric").replace_strict(order, default=len(order)).alias("metric_order"),
        )
        .sort("scope_order", "metric_order")
    )
    titles = {metric: metric_title(metric) for metric in frame["metric"].unique()}
    out = frame.select(
        pl.col("scope").replace_strict(scopes, return_dtype=pl.String).alias("Уровень"),
        pl.col("metric").replace_strict(titles, return_dtype=pl.String).alias("Показатель"),
        pl.col("value").alias("Значение"),
    )
    return xlsx_download(
        out,
        actor=request.user,
        sheet="Регион и Россия",
        filename=f"reference-{procedure.pk}.xlsx",
        what=f"значения региона и России, {procedure}",
    )

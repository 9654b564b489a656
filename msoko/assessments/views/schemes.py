"""Scheme pages: the list, one scheme, its correction, its YAML, and the upload of a YAML file."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from msoko.assessments import scheme_files, selectors, services
from msoko.assessments.forms import SchemeScaleForm, SchemeTaskFormSet, SchemeUploadForm
from msoko.assessments.models import Scheme
from msoko.assessments.services.scheme_editing import SchemeEditRejected, scale_required, update_scheme
from msoko.core.audit import record_download
from msoko.core.imports import ImportRejected
from msoko.core.permissions import login_required, registry_managers_only
from msoko.core.web import download


def _card_or_404(pk: int) -> selectors.SchemeCard:
    try:
        return selectors.scheme_card_for(pk=pk)
    except Scheme.DoesNotExist as error:
        raise Http404("Описание работы не найдено.") from error


@login_required
def schemes(request: HttpRequest) -> HttpResponse:
    context = {"schemes": selectors.scheme_list(), "upload_form": SchemeUploadForm()}
    return render(request, "assessments/schemes.html", context)


@login_required
def scheme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    card = _card_or_404(pk)
    return render(
        request, "assessments/scheme.html", {"scheme": card.scheme, "tasks": card.tasks, "scale": card.scale}
    )


@registry_managers_only
def scheme_edit(request: HttpRequest, pk: int) -> HttpResponse:
    card = _card_or_404(pk)
    scheme = card.scheme
    initial = [
        {"task_id": t.pk, "max_score": t.max_score, "level": t.level, "skill": t.skill} for t in card.tasks
    ]
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
    context = {
        "scheme": scheme,
        "rows": list(zip(card.tasks, formset, strict=False)),
        "formset": formset,
        "scale_form": scale_form,
    }
    return render(request, "assessments/scheme_edit.html", context)


@login_required
def scheme_yaml(request: HttpRequest, pk: int) -> HttpResponse:
    card = _card_or_404(pk)
    text = scheme_files.scheme_to_yaml(card.spec())
    procedure = card.scheme.procedure
    record_download(request, summary=f"Скачано описание работы «{procedure}» (YAML)", obj=card.scheme)
    grade = f"-{procedure.grade}" if procedure.grade else ""
    name = f"{procedure.kind}-{procedure.subject}{grade}-{procedure.school_year.name.replace('/', '-')}.yaml"
    return download(text.encode("utf-8"), name, "application/yaml; charset=utf-8")


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

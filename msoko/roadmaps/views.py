"""Road map pages: dashboard, a road map, an activity (execution, target), the upload with a
preview, the evidence download and the export. Thin: permission, form, one service or selector."""

from __future__ import annotations

import mimetypes
from pathlib import PurePath

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from msoko.core.audit import record_download
from msoko.core.exports import audit_export, csv_bytes
from msoko.core.imports import ImportRejected
from msoko.core.imports.kinds import import_kind
from msoko.core.imports.run import run_import
from msoko.core.permissions import login_required, role_required
from msoko.core.uploads import store_upload, stored_path
from msoko.core.web import download, xlsx_download
from msoko.roadmaps import selectors, services
from msoko.roadmaps.docx_export import roadmaps_docx
from msoko.roadmaps.forms import ConfirmForm, ExecutionForm, TargetForm, UploadForm
from msoko.roadmaps.import_kinds import notices
from msoko.roadmaps.parsing import DocumentUnreadable, parse_document
from msoko.roadmaps.parsing.status import STATUS_TITLES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
uploaders_only = role_required(lambda user: import_kind("roadmap").allowed_for(user))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    today = services.today()
    return render(
        request,
        "roadmaps/dashboard.html",
        {
            "board": selectors.dashboard(request.user, today=today),
            "roadmaps": selectors.roadmaps_list(request.user),
            "today": today,
            "days": selectors.UPCOMING_DAYS,
        },
    )


@login_required
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    roadmap = get_object_or_404(selectors.roadmaps_list(request.user), pk=pk)
    today = services.today()
    rows = [
        (a, status, STATUS_TITLES[status])
        for a in selectors.roadmap_activities(roadmap, user=request.user)
        for status in (a.effective_status(today),)
    ]
    return render(request, "roadmaps/detail.html", {"roadmap": roadmap, "rows": rows, "today": today})


@login_required
def activity(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.visible_activity(pk, user=request.user)
    if item is None:
        raise Http404("Мероприятие не найдено.")
    can_execute = services.can_edit_execution(request.user, item)
    can_target = services.can_edit_target(request.user)
    execution = ExecutionForm(
        initial={
            "status": item.status,
            "evidence_url": item.evidence_url,
            "evidence_note": item.evidence_note,
        }
    )
    target = TargetForm(
        initial={
            "target_indicator": item.target_indicator,
            "target_value": item.target_value,
            "target_year": item.target_year,
            "organizations": list(item.organizations.all()),
        }
    )
    if request.method == "POST":
        try:
            if request.POST.get("form") == "execution" and can_execute:
                execution = ExecutionForm(request.POST, request.FILES)
                if execution.is_valid():
                    data = execution.cleaned_data
                    services.record_execution(
                        activity=item,
                        execution=services.Execution(
                            status=data["status"],
                            evidence_url=data["evidence_url"],
                            evidence_note=data["evidence_note"],
                            evidence_file=data["evidence_file"],
                            clear_file=data["clear_file"],
                        ),
                        actor=request.user,
                    )
                    messages.success(request, "Исполнение мероприятия сохранено.")
                    return redirect("roadmaps:activity", pk=item.pk)
            elif request.POST.get("form") == "target" and can_target:
                target = TargetForm(request.POST)
                if target.is_valid():
                    data = target.cleaned_data
                    services.set_target(
                        activity=item,
                        indicator_code=data["target_indicator"],
                        value=data["target_value"],
                        school_year=data["target_year"],
                        organizations=list(data["organizations"]),
                        actor=request.user,
                    )
                    messages.success(request, "Цель мероприятия сохранена.")
                    return redirect("roadmaps:activity", pk=item.pk)
            else:
                raise PermissionDenied("Недостаточно прав для изменения мероприятия.")
        except services.RoadMapRejected as error:
            for message in error.messages:
                messages.error(request, message)
    today = services.today()
    return render(
        request,
        "roadmaps/activity.html",
        {
            "activity": item,
            "status": item.effective_status(today),
            "status_title": item.status_title(today),
            "execution": execution if can_execute else None,
            "target": target if can_target else None,
        },
    )


@login_required
def evidence(request: HttpRequest, pk: int) -> FileResponse:
    """The evidence file, to those who see the activity only."""
    item = selectors.visible_activity(pk, user=request.user)
    if item is None or not item.evidence_file:
        raise Http404("Файл не найден.")
    name = PurePath(item.evidence_file.name).name
    record_download(request, summary=f"Файл подтверждения мероприятия «{str(item)[:150]}»", obj=item)
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    return FileResponse(
        item.evidence_file.open("rb"), as_attachment=True, filename=name, content_type=content_type
    )


@uploaders_only
def upload(request: HttpRequest) -> HttpResponse:
    """Step one: read the document and show what would be saved (nothing is written)."""
    form = UploadForm(request.POST or None, request.FILES or None)
    if not request.user.sees_all_organizations:
        form.fields.pop("organization")
    context: dict = {"form": form}
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        content = file.read()
        try:
            parsed = parse_document(content, filename=file.name)
        except DocumentUnreadable as error:
            form.add_error("file", str(error))
            return render(request, "roadmaps/upload.html", context)
        if not parsed:
            form.add_error("file", services.NO_PLAN)
            return render(request, "roadmaps/upload.html", context)
        organization = form.cleaned_data.get("organization")
        context |= {
            "parsed": parsed,
            "notices": notices(parsed),
            "organization": organization,
            "confirm": ConfirmForm(
                initial={
                    "sha256": store_upload(content),
                    "filename": file.name,
                    "organization": organization.code if organization else "",
                }
            ),
        }
    return render(request, "roadmaps/upload.html", context)


@require_POST
@uploaders_only
def upload_confirm(request: HttpRequest) -> HttpResponse:
    """Step two: load the staged document through the import pipeline (history, audit)."""
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        raise Http404("Файл для подтверждения не найден.")
    path = stored_path(form.cleaned_data["sha256"])
    if not path.is_file():
        raise Http404("Файл для подтверждения не найден: загрузите его снова.")
    try:
        report = run_import(
            "roadmap",
            content=path.read_bytes(),
            filename=form.cleaned_data["filename"],
            params={"organization": form.cleaned_data["organization"] or None},
            actor=request.user,
        )
    except ImportRejected as error:
        for problem in error.problems:
            messages.error(request, str(problem))
        return redirect("roadmaps:upload")
    for line in report.lines():
        messages.success(request, line)
    ids = report.details.get("roadmaps") or []
    return redirect("roadmaps:detail", pk=ids[0]) if ids else redirect("roadmaps:dashboard")


@login_required
def export(request: HttpRequest) -> HttpResponse:
    """The activities the user sees, in the columns of `msoko export roadmap`."""
    frame = selectors.roadmap_export_frame(today=services.today(), user=request.user)
    kind = request.GET.get("format", "csv")
    if kind == "xlsx":
        return xlsx_download(
            frame, actor=request.user, sheet="Дорожные карты", filename="roadmaps.xlsx", what="дорожные карты"
        )
    audit_export(actor=request.user, what=f"дорожные карты ({kind})", rows=frame.height)
    if kind == "docx":
        return download(roadmaps_docx(frame), "roadmaps.docx", DOCX)
    return download(csv_bytes(frame), "roadmaps.csv", "text/csv; charset=utf-8")

"""The organisation's form: the page (read-only for the department, with its decision), the
field-by-field draft (HTMX), sending, the XLSX template, its upload, the evidence files."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from msoko.collection.campaigns import selectors, services
from msoko.collection.campaigns.forms import ReturnForm, UploadForm
from msoko.collection.campaigns.models import ChecklistItem, Submission
from msoko.collection.campaigns.rules import (
    ALLOWED_EXTENSIONS,
    MAX_FILE_BYTES,
    CampaignRejected,
    edit_problem,
    fills_forms,
    manages_campaigns,
)
from msoko.core.audit import record_download
from msoko.core.imports import ImportRejected
from msoko.core.permissions import login_required, role_required
from msoko.core.web import XLSX, download

schools_only = role_required(fills_forms)


def _form(request: HttpRequest, pk: int) -> Submission:
    found = selectors.submission_for(viewer=request.user, pk=pk, today=timezone.localdate())
    if found is None:
        raise Http404("Форма не найдена.")
    return found


@login_required
def submission(request: HttpRequest, pk: int) -> HttpResponse:
    found = _form(request, pk)
    return _page(request, found)


def _page(
    request: HttpRequest, found: Submission, *, errors: dict[str, str] | None = None, entered: Any = None
) -> HttpResponse:
    user, today = request.user, timezone.localdate()
    values = selectors.value_rows(found)
    items = selectors.item_rows(found)
    locked_because = edit_problem(found, user=user, today=today) if fills_forms(user) else None
    review = None
    if manages_campaigns(user):
        failed = selectors.failed_items(items)
        review = ReturnForm(
            initial={
                "items": [str(r.item.pk) for r in failed],
                "comment": _failed_list(failed) if failed else "",
            },
            item_choices=[(r.item.pk, f"{r.item.number}. {r.item.text}") for r in items],
        )
    errors = errors or {}
    entered = entered or {"values": {}, "comments": {}}
    fields = [
        {
            "row": row,
            "text": entered["values"].get(row.code, row.text),
            "comment": entered["comments"].get(row.code, row.comment),
            "error": " ".join(m for k, m in errors.items() if k.split(":")[0] == row.code),
        }
        for row in values
    ]
    context = {
        "form": found,
        "campaign": found.campaign,
        "values": values,
        "fields": fields,
        "items": items,
        "editable": fills_forms(user) and locked_because is None,
        "locked_because": locked_because,
        "errors": errors,
        "problems": services.submission_problems(found) if fills_forms(user) else {},
        "review": review,
        "can_review": manages_campaigns(user),
        "failed": selectors.failed_items(items),
        "overdue": found.is_overdue(today),
        "score_code": services.checklist_indicator(found),
        "allowed_extensions": ", ".join(ALLOWED_EXTENSIONS),
        "accept": ",".join(f".{e}" for e in ALLOWED_EXTENSIONS),
        "max_file_bytes": MAX_FILE_BYTES,
    }
    return render(request, "campaigns/form.html", context, status=400 if errors else 200)


def _failed_list(failed: list[selectors.ItemRow]) -> str:
    lines = ["Не выполнены пункты:"] + [
        f"{r.item.number}. {r.item.text}" + ("" if r.met is False else " (нет ответа)") for r in failed
    ]
    return "\n".join(lines)


@schools_only
@require_POST
def save_value(request: HttpRequest, pk: int) -> HttpResponse:
    """One row of the draft (HTMX on change): the answer is the row's «сохранено» or its error."""
    found = _form(request, pk)
    code = request.POST.get("code", "")
    try:
        services.save_value(
            actor=request.user,
            submission=found,
            code=code,
            text=request.POST.get(f"value-{code}", ""),
            comment=request.POST.get(f"comment-{code}", ""),
        )
    except CampaignRejected as error:
        return render(request, "campaigns/_save_state.html", {"problems": list(error.problems.values())})
    return render(request, "campaigns/_save_state.html", {"saved_at": timezone.localtime()})


@schools_only
@require_POST
def save_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The whole values table at once (without JavaScript, and before «Отправить»)."""
    found = _form(request, pk)
    codes = [row.code for row in selectors.value_rows(found)]
    entered = {code: request.POST.get(f"value-{code}", "") for code in codes}
    comments = {code: request.POST.get(f"comment-{code}", "") for code in codes}
    try:
        services.fill_submission(actor=request.user, submission=found, values=entered, comments=comments)
    except CampaignRejected as error:
        return _page(request, found, errors=error.problems, entered={"values": entered, "comments": comments})
    if request.POST.get("action") == "submit":
        return _submit(request, found)
    messages.success(request, "Черновик сохранён.")
    return redirect("campaigns:form", found.pk)


@schools_only
@require_POST
def save_answer(request: HttpRequest, pk: int, item: int) -> HttpResponse:
    found = _form(request, pk)
    checklist_item = ChecklistItem.objects.filter(pk=item, checklist_id=found.campaign.checklist_id).first()
    if checklist_item is None:
        raise Http404("Пункт чек-листа не найден.")
    answer = {"yes": True, "no": False}.get(request.POST.get("answer", ""))
    try:
        saved = services.save_answer(
            actor=request.user,
            submission=found,
            item=checklist_item,
            answer=answer,
            link=request.POST.get("link", ""),
            comment=request.POST.get("comment", ""),
            file=request.FILES.get("file"),
            remove_file=request.POST.get("remove_file") == "1",
        )
    except CampaignRejected as error:
        if request.htmx:
            return render(request, "campaigns/_save_state.html", {"problems": list(error.problems.values())})
        messages.error(request, f"Пункт {checklist_item.number}: {error}")
        return redirect("campaigns:form", found.pk)
    if request.htmx:
        return render(
            request, "campaigns/_save_state.html", {"saved_at": timezone.localtime(), "answer": saved}
        )
    messages.success(request, f"Пункт {checklist_item.number} сохранён.")
    return redirect("campaigns:form", found.pk)


@schools_only
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _submit(request, _form(request, pk))


def _submit(request: HttpRequest, found: Submission) -> HttpResponse:
    try:
        services.submit_submission(actor=request.user, submission=found)
    except CampaignRejected as error:
        messages.error(request, "Форма не отправлена: " + " ".join(error.problems.values()))
        return redirect("campaigns:form", found.pk)
    messages.success(
        request, "Форма отправлена в отдел образования. Изменить её можно, только если её вернут."
    )
    return redirect("campaigns:list")


@login_required
def template(request: HttpRequest, pk: int) -> HttpResponse:
    found = _form(request, pk)
    content = services.template_workbook(found)
    record_download(
        request, summary=f"Скачан шаблон формы «{found.campaign.title}», {found.organization.code}", obj=found
    )
    return download(content, f"monitoring-{found.campaign_id}-{found.organization.code}.xlsx", XLSX)


@schools_only
def upload(request: HttpRequest) -> HttpResponse:
    """A filled template back into the organisation's draft; the campaign is read from the file."""
    today = timezone.localdate()
    open_forms = selectors.school_forms(viewer=request.user, today=today).open
    campaigns = selectors.campaigns_of(open_forms)
    form = UploadForm(request.POST or None, request.FILES or None, campaigns=campaigns)
    problems, total = [], 0
    if request.method == "POST" and form.is_valid():
        upload_file = form.cleaned_data["file"]
        try:
            done = services.upload_template(
                actor=request.user,
                content=upload_file.read(),
                filename=upload_file.name,
                campaign=form.cleaned_data["campaign"],
            )
        except ImportRejected as error:
            problems, total = [str(p) for p in error.problems], error.total
        else:
            messages.success(
                request,
                f"Файл «{upload_file.name}» загружен: значений {done.values}. "
                "Проверьте форму и отправьте её.",
            )
            for notice in done.notices:
                messages.info(request, notice)
            return redirect("campaigns:form", done.submission.pk)
    context = {"form": form, "problems": problems, "total": total, "open_forms": open_forms}
    status = 400 if request.method == "POST" else 200
    return render(request, "campaigns/upload.html", context, status=status)


@login_required
def evidence(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.answer_for(viewer=request.user, pk=pk, today=timezone.localdate())
    if found is None or not found.file:
        raise Http404("Файл не найден.")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл не найден в хранилище.") from error
    record_download(
        request,
        summary=f"Скачан файл подтверждения: пункт {found.item.number}, форма {found.submission_id} "
        f"({found.file_name})",
        obj=found,
    )
    return FileResponse(handle, as_attachment=True, filename=found.file_name)

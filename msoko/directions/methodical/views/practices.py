"""Pages of the bank of best practices: the list with its XLSX, the card with the department's
review, the file, the form, deletion."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from msoko.core.audit import record_download
from msoko.core.permissions import login_required
from msoko.core.web import xlsx_download
from msoko.directions.methodical import selectors, services
from msoko.directions.methodical.forms import (
    SUBJECTS_DATALIST,
    PracticeFilterForm,
    PracticeForm,
    ReviewForm,
)
from msoko.directions.methodical.models import Practice, can_manage_methodical, edits_own_school
from msoko.directions.methodical.rules import MethodicalRejected
from msoko.directions.methodical.views._shared import (
    audit_details,
    editors_only,
    list_filters,
    reviewers_only,
    subject_suggestions,
)


@login_required
def practices(request: HttpRequest) -> HttpResponse:
    user = request.user
    form, query, export_query = list_filters(
        request, PracticeFilterForm, Practice, selectors.practice_subjects(viewer=user)
    )
    year = query.pop("year")
    rows = list(selectors.practice_list(viewer=user, **query))
    if request.GET.get("format") == "xlsx":
        frame = selectors.practices_export_frame(rows)
        return xlsx_download(
            frame,
            actor=user,
            sheet="Банк лучших практик",
            filename="best-practices.xlsx",
            what="банк лучших практик",
            details=audit_details(query),
        )
    context = {
        "form": form,
        "year": year,
        "rows": rows,
        "summary": selectors.practices_summary(rows),
        "filtered": any(v for k, v in query.items() if k != "school_year_id"),
        "can_create": can_manage_methodical(user) or edits_own_school(user),
        "export_query": export_query,
    }
    return render(request, "methodical/practices.html", context)


@login_required
def practice(request: HttpRequest, pk: int) -> HttpResponse:
    return _practice_page(request, _visible_practice(request, pk), ReviewForm())


def _practice_page(
    request: HttpRequest, found: Practice, review: ReviewForm, status: int = 200
) -> HttpResponse:
    context = {
        "practice": found,
        "can_edit": selectors.practice_editable(user=request.user, practice=found),
        "can_review": can_manage_methodical(request.user),
        "review": review,
    }
    return render(request, "methodical/practice.html", context, status=status)


@login_required
def practice_file(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_practice(request, pk)
    if not found.file:
        raise Http404("У практики нет файла.")
    try:
        handle = found.file.open("rb")
    except FileNotFoundError as error:
        raise Http404("Файл практики не найден в хранилище.") from error
    record_download(request, summary=f"Скачан файл практики «{found.title}» ({found.file_name})", obj=found)
    return FileResponse(handle, as_attachment=True, filename=found.file_name)


@editors_only
def practice_create(request: HttpRequest) -> HttpResponse:
    return _practice_form(request, None)


@editors_only
def practice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _practice_form(request, _editable_practice(request, pk))


@editors_only
def practice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    found = _editable_practice(request, pk)
    if request.method == "POST":
        services.delete_practice(actor=request.user, practice=found)
        messages.success(request, f"Практика «{found.title}» удалена из банка.")
        return redirect("methodical:practices")
    context = {
        "object": found,
        "what": f"практика «{found.title}», {found.school_year}",
        "consequence": "Вместе с практикой удаляется приложенный файл.",
        "back": reverse("methodical:practice", args=[found.pk]),
        "list_url": reverse("methodical:practices"),
        "list_title": "Банк лучших практик",
    }
    return render(request, "methodical/confirm_delete.html", context)


@require_POST
@reviewers_only
def practice_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _visible_practice(request, pk)
    form = ReviewForm(request.POST)
    if not form.is_valid():
        return _practice_page(request, found, form, status=400)
    services.review_practice(
        actor=request.user,
        practice=found,
        status=form.cleaned_data["status"],
        comment=form.cleaned_data["comment"],
    )
    messages.success(request, f"Практика «{found.title}» {found.get_status_display()}.")
    return redirect("methodical:practice", found.pk)


def _practice_form(request: HttpRequest, existing: Practice | None) -> HttpResponse:
    user = request.user
    department = can_manage_methodical(user)
    initial: dict[str, Any] = {"direction": 8}
    if existing is not None:
        initial = {
            name: getattr(existing, name)
            for name in (
                "title",
                "school_year",
                "organization",
                "author_code",
                "subject",
                "theme",
                "direction",
                "description",
                "link",
            )
        }
    data = request.POST if request.method == "POST" else None
    form = PracticeForm(
        data,
        request.FILES or None,
        initial=initial,
        user=user,
        department=department,
        stored_file=existing.file_name if existing is not None else "",
    )
    if data is not None and form.is_valid():
        clean = form.cleaned_data
        fields = {
            name: clean[name]
            for name in (
                "title",
                "school_year",
                "organization",
                "author_code",
                "subject",
                "theme",
                "direction",
                "description",
                "link",
            )
        }
        try:
            if existing is None:
                saved = services.create_practice(actor=user, **fields, file=clean["file"])
            else:
                saved = services.update_practice(
                    actor=user,
                    practice=existing,
                    **fields,
                    file=clean["file"],
                    remove_file=clean.get("remove_file", False),
                )
        except MethodicalRejected as error:
            for field, message in error.problems.items():
                form.add_error(field if field in form.fields else None, message)
        else:
            note = (
                " Практика передана на рассмотрение отделу образования." if saved.status == "pending" else ""
            )
            messages.success(request, f"Практика «{saved.title}» сохранена.{note}")
            return redirect("methodical:practice", saved.pk)
    context = {
        "form": form,
        "practice": existing,
        "subjects": subject_suggestions(selectors.practice_subjects(viewer=user)),
        "datalist": SUBJECTS_DATALIST,
    }
    return render(request, "methodical/practice_form.html", context, status=400 if data is not None else 200)


def _visible_practice(request: HttpRequest, pk: int) -> Practice:
    found = selectors.practice_for(viewer=request.user, pk=pk)
    if found is None:
        raise Http404("Практика не найдена.")
    return found


def _editable_practice(request: HttpRequest, pk: int) -> Practice:
    found = _visible_practice(request, pk)
    if not selectors.practice_editable(user=request.user, practice=found):
        raise PermissionDenied("Изменять эту практику может только отдел образования.")
    return found

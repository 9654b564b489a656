"""Registry pages: organisations, classes, teachers and the upload of registry files.

Every read goes through :mod:`msoko.registry.selectors`, whose queries start from
``visible_to(request.user)``; a row outside the user's scope is a 404, never a 403, so
a school user cannot even learn that another school's card exists.
"""

from __future__ import annotations

import csv
import io

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.vary import vary_on_headers

from msoko.core.forms import filter_values
from msoko.core.imports import ImportRejected
from msoko.core.models import SchoolYear
from msoko.core.permissions import login_required, registry_managers_only
from msoko.core.views import paginate
from msoko.registry import selectors, services
from msoko.registry.forms import (
    ClassFilterForm,
    ImportKind,
    OrganizationFilterForm,
    RegistryImportForm,
    TeacherFilterForm,
)
from msoko.registry.importers import organizations as org_format
from msoko.registry.importers import teachers as teacher_format
from msoko.registry.models import ClassGroup, Organization
from msoko.tabular.safe_cells import csv_cell

FORMATS = {ImportKind.ORGANIZATIONS: org_format, ImportKind.TEACHERS: teacher_format}


def _list_page(request: HttpRequest, template: str, partial: str, context: dict) -> HttpResponse:
    """The whole page, or only its results block when HTMX asks for it (live search, paging)."""
    return render(request, partial if request.htmx else template, context)


def _pk(obj: object | None) -> int | None:
    return obj.pk if obj is not None else None


@login_required
@vary_on_headers("HX-Request")
def organizations(request: HttpRequest) -> HttpResponse:
    form = OrganizationFilterForm(request.GET, user=request.user)
    values = filter_values(form)
    items = selectors.organizations_list(
        user=request.user,
        q=values.get("q", ""),
        kind=values.get("kind", ""),
        locality=values.get("locality", ""),
        municipality_id=_pk(values.get("municipality")),
    )
    context = {"form": form, "page": paginate(request, items), "filtered": bool(values)}
    return _list_page(request, "registry/organizations.html", "registry/_organizations_results.html", context)


@login_required
def organization(request: HttpRequest, code: str) -> HttpResponse:
    try:
        card = selectors.organization_card(user=request.user, code=code)
    except Organization.DoesNotExist as error:
        raise Http404("Организация не найдена.") from error
    return render(request, "registry/organization.html", {"card": card, "org": card.organization})


@login_required
@vary_on_headers("HX-Request")
def classes(request: HttpRequest) -> HttpResponse:
    form = ClassFilterForm(request.GET, user=request.user)
    values = filter_values(form)
    items = selectors.class_list(
        user=request.user,
        school_year_id=_pk(values.get("school_year")),
        organization_id=_pk(values.get("organization")),
    )
    context = {"form": form, "page": paginate(request, items), "filtered": bool(values)}
    return _list_page(request, "registry/classes.html", "registry/_classes_results.html", context)


@login_required
def class_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        card = selectors.class_card(user=request.user, pk=pk)
    except ClassGroup.DoesNotExist as error:
        raise Http404("Класс не найден.") from error
    return render(request, "registry/class.html", {"card": card, "class_group": card.class_group})


@login_required
@vary_on_headers("HX-Request")
def teachers(request: HttpRequest) -> HttpResponse:
    form = TeacherFilterForm(request.GET, user=request.user)
    values = filter_values(form)
    items = selectors.teacher_list(
        user=request.user,
        q=values.get("q", ""),
        school_year_id=_pk(values.get("school_year")),
        organization_id=_pk(values.get("organization")),
        category=values.get("category", ""),
        position=values.get("position", ""),
    )
    context = {"form": form, "page": paginate(request, items), "filtered": bool(values)}
    return _list_page(request, "registry/teachers.html", "registry/_teachers_results.html", context)


@registry_managers_only
def registry_import(request: HttpRequest) -> HttpResponse:
    form = RegistryImportForm(request.POST or None, request.FILES or None)
    context: dict = {"form": form, "formats": _format_help()}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content, filename = upload.read(), upload.name
        try:
            if form.cleaned_data["kind"] == ImportKind.TEACHERS:
                context["report"] = services.import_teachers(
                    content=content,
                    filename=filename,
                    school_year=SchoolYear.named(form.cleaned_data["school_year"]),
                    actor=request.user,
                )
            else:
                context["report"] = services.import_organizations(
                    content=content, filename=filename, actor=request.user
                )
        except ImportRejected as error:
            context["rejected"] = error
        context["filename"] = filename
    return render(request, "registry/import.html", context)


def _format_help() -> list[dict]:
    return [
        {
            "kind": kind,
            "title": title,
            "required": [c.header for c in FORMATS[kind].COLUMNS if c.required],
            "optional": [c.header for c in FORMATS[kind].COLUMNS if not c.required],
        }
        for kind, title in ImportKind.CHOICES
    ]


@registry_managers_only
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """An empty CSV with the format's headers, in the encoding Excel opens without questions."""
    fmt = FORMATS.get(kind)
    if fmt is None:
        raise Http404("Неизвестный вид данных.")
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=";").writerow([csv_cell(c.header) for c in fmt.COLUMNS])
    response = HttpResponse(buffer.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{kind}-template.csv"'
    return response

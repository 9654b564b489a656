"""The public page, its CSV and the department's page that publishes or unpublishes a
procedure. Thin: permission, form, one service or selector."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from msoko.core.audit import client_ip
from msoko.core.exports import csv_bytes
from msoko.core.models import SchoolYear
from msoko.core.permissions import public, role_required
from msoko.core.web import download, year_in_request
from msoko.publication import selectors, services
from msoko.publication.forms import PublicationForm
from msoko.publication.table import shown_rows

CSV = "text/csv; charset=utf-8"
#: schools on one page of the table (a region has ~1,000)
PAGE_SIZE = 200

publication_managers_only = role_required(lambda user: user.can_manage_registry)


@public
def public_page(request: HttpRequest) -> HttpResponse:
    years = selectors.public_years()
    year = year_in_request(request, years)
    if request.GET.get("format") == "csv" and year is not None:
        return _csv(year)
    tables = selectors.published_tables(year.name) if year else []
    table = selectors.Table.from_key(request.GET.get("procedure", ""))
    if table not in tables:
        table = tables[0] if tables else None
    rows = shown_rows(selectors.public_frame(school_year_name=year.name, table=table)) if table else []
    schools = [row for row in rows if not row["municipality"]]
    context = {
        "years": years,
        "year": year,
        "tables": tables,
        "table": table,
        "municipality": next((row for row in rows if row["municipality"]), None),
        "page": Paginator(schools, PAGE_SIZE).get_page(request.GET.get("page")),
        "min_group": selectors.min_group(),
        "csv_url": reverse("publication:csv", args=[_slug(year)]) if year else "",
        "can_manage": request.user.is_authenticated and request.user.can_manage_registry,
    }
    return render(request, "publication/public.html", context)


@public
def public_csv(request: HttpRequest, year: str) -> HttpResponse:
    """Exactly `msoko export public --year YEAR --format csv` (an open file: not audited)."""
    found = selectors.stored_year(year)
    if found is None:
        raise Http404("Учебный год не найден.")
    return _csv(found)


def _csv(year: SchoolYear) -> HttpResponse:
    content = csv_bytes(selectors.public_frame(school_year_name=year.name))
    return download(content, f"otkrytye-dannye-{_slug(year)}.csv", CSV)


def _slug(year: SchoolYear) -> str:
    """«2024/2025» → «2024-2025», the year in the CSV's address."""
    return year.name.replace("/", "-")


@publication_managers_only
@require_http_methods(["GET", "POST"])
def manage(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = PublicationForm(request.POST)
        if form.is_valid():
            procedure = form.cleaned_data["procedure"]
            published = form.cleaned_data["published"]
            services.set_published(
                procedure=procedure,
                published=published,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                ip=client_ip(request),
            )
            state = "опубликована" if published else "снята с публикации"
            messages.success(request, f"Процедура «{procedure}» {state}.")
            return redirect(f"{reverse('publication:manage')}?year={procedure.school_year.name}")
        messages.error(request, "Процедура не найдена или действие не указано: ничего не изменено.")
    years = selectors.public_years()
    year = year_in_request(request, years)
    context = {
        "years": years,
        "year": year,
        "rows": selectors.managed_tables(year.name) if year else [],
    }
    return render(
        request, "publication/manage.html", context, status=400 if request.method == "POST" else 200
    )

"""The shell's pages: home (public or the dashboard) and the page of each direction.

A direction's page lists what its package registered (``directions.registry``) and the panels
other layers add to every direction (the management cycle, later).
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core import selectors as core_selectors
from msoko.core.permissions import login_required, public
from msoko.directions.catalogue import MANAGEMENT_CYCLE, direction_by_slug
from msoko.directions.registry import entry_for, panels
from msoko.registry.selectors import public_totals, registry_totals
from msoko.web import help as help_documents


@public
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        return render(request, "web/home_public.html", {"totals": public_totals()})
    context = {"totals": registry_totals(user=request.user)}
    if request.user.can_manage_registry:
        context["recent_imports"] = core_selectors.recent_import_records()
    return render(request, "web/dashboard.html", context)


@login_required
def direction(request: HttpRequest, slug: str) -> HttpResponse:
    found = direction_by_slug(slug)
    if found is None:
        raise Http404("Направление не найдено.")
    blocks = [
        {"title": panel.title, "template": panel.template, "context": panel.context(found, request.user)}
        for panel in panels()
    ]
    context = {"direction": found, "entry": entry_for(slug), "cycle": MANAGEMENT_CYCLE, "panels": blocks}
    return render(request, "web/direction.html", context)


@public
def help_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A help document: the methodology or the file formats, in Russian, with its contents."""
    document = help_documents.BY_SLUG.get(slug)
    if document is None:
        raise Http404("Такого раздела справки нет.")
    page = help_documents.rendered(document)
    if page is None:
        raise Http404("Документ справки не найден в этой установке.")
    context = {"document": document, "page": page, "documents": help_documents.DOCUMENTS}
    return render(request, "web/help.html", context)

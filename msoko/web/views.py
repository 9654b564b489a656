"""The shell's pages: home (public or the dashboard) and the page of each direction.

A direction's page lists what its package registered (``directions.registry``) and the panels
other layers add to every direction (the management cycle, later).
"""

from __future__ import annotations

import polars as pl
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from msoko.core import selectors as core_selectors
from msoko.core.permissions import login_required, public
from msoko.directions.catalogue import MANAGEMENT_CYCLE, direction_by_slug
from msoko.directions.registry import entry_for, panels
from msoko.indicators.catalogue import CATALOGUE, Source
from msoko.indicators.dynamics import Breakdown, direction_summaries, indicator_detail
from msoko.registry.selectors import public_totals, registry_totals
from msoko.reports import charts
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
    summaries = direction_summaries(found.number, viewer=request.user)
    years = sorted({year for s in summaries for year, _ in s.years})[-3:]
    rows = [{"summary": s, "by_year": [dict(s.years).get(y) for y in years]} for s in summaries]
    sources = sorted({s.indicator.source for s in summaries}, key=list(Source).index)
    context = {
        "direction": found,
        "entry": entry_for(slug),
        "cycle": MANAGEMENT_CYCLE,
        "panels": blocks,
        "years": years,
        "indicators": rows,
        "sources": [(source, sum(s.indicator.source == source for s in summaries)) for source in sources],
        "with_values": sum(bool(s.years or s.breakdowns) for s in summaries),
    }
    return render(request, "web/direction.html", context)


@login_required
def indicator(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    """One indicator of a direction: its definition, its values by year for the municipality and
    every organisation the user may see, and a chart."""
    found = direction_by_slug(slug)
    item = CATALOGUE.get(code)
    if found is None or item is None or item.direction != found.number:
        raise Http404("Показатель не найден.")
    breakdown = Breakdown.from_key(request.GET.get("breakdown", ""))
    detail = indicator_detail(item, viewer=request.user, breakdown=breakdown, year=request.GET.get("year"))
    chart = ""
    if not detail.series.is_empty():
        before, after = reverse("registry:organization", args=["CODE"]).split("CODE")
        series = detail.series.with_columns(
            pl.when(pl.col("kind") == "ОО")
            .then(pl.concat_str(pl.lit(before), pl.col("org_code"), pl.lit(after)))
            .alias(charts.HREF)
        )
        chart = charts.render_html(
            charts.indicator_chart(series, unit=str(item.unit.value), target=detail.target)
        )
    context = {
        "direction": found,
        "indicator": item,
        "detail": detail,
        "chart": chart,
        "organizations": detail.organizations.to_dicts(),
        "municipal_rows": _municipal_rows(detail),
    }
    return render(request, "web/indicator.html", context)


def _municipal_rows(detail) -> list[dict]:
    """The municipality's and the region's values side by side, by year, newest first."""
    municipal, region = dict(detail.municipality), dict(detail.region)
    return [
        {"year": year, "municipality": municipal.get(year), "region": region.get(year)}
        for year in reversed(detail.years)
        if year in municipal or year in region
    ]


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

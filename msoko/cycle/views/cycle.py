"""The findings list and the cycle view of one direction."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.permissions import login_required
from msoko.cycle import selectors
from msoko.cycle.forms import FindingFilterForm
from msoko.cycle.models import STATE_TITLES
from msoko.cycle.rules import manages_cycle
from msoko.cycle.views._shared import asked_year
from msoko.directions.catalogue import DIRECTIONS, direction_by_slug


@login_required
def findings(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    data.setdefault("status", "open")  # a first visit shows the findings still in force
    form = FindingFilterForm(data, user=request.user)
    rows = list(selectors.finding_list(viewer=request.user, **form.query()))
    context = {
        "form": form,
        "rows": rows,
        "open": sum(f.is_open for f in rows),
        "closed": sum(not f.is_open for f in rows),
        "organizations": len({f.org_code for f in rows}),
        "directions": {d.number: d for d in DIRECTIONS},
        "can_manage": manages_cycle(request.user),
    }
    return render(request, "cycle/findings.html", context)


@login_required
def cycle(request: HttpRequest, slug: str) -> HttpResponse:
    direction = direction_by_slug(slug)
    if direction is None:
        raise Http404("Направление не найдено.")
    year = asked_year(request) or selectors.default_year(direction.number)
    chain = selectors.cycle_chain(viewer=request.user, direction=direction, year=year)
    context = {
        "direction": direction,
        "year": year,
        "years": selectors.cycle_years(),
        "chain": chain,
        "state_titles": STATE_TITLES,
        "can_manage": manages_cycle(request.user),
    }
    return render(request, "cycle/cycle.html", context)

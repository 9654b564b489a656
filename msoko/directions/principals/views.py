"""Direction 6's page: the principal-effectiveness index of a school year by school."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.permissions import login_required
from msoko.core.web import year_in_request
from msoko.directions.principals import selectors


@login_required
def effectiveness(request: HttpRequest) -> HttpResponse:
    years = selectors.index_years()
    year = year_in_request(request, years)
    context = {"year": year, "years": years}
    if year is not None:
        context |= selectors.index_page(viewer=request.user, school_year=year)
    return render(request, "principals/effectiveness.html", context)

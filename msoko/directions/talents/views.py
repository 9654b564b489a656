"""Direction 3's page: the olympiad of a school year by stage, subject and school, with the
link to the bank of gifted children (``bank_views.py``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.permissions import login_required
from msoko.core.web import year_in_request
from msoko.directions.talents import bank_selectors, selectors


@login_required
def olympiad(request: HttpRequest) -> HttpResponse:
    years = selectors.olympiad_years()
    year = year_in_request(request, years)
    context = {
        "year": year,
        "years": years,
        "stages": selectors.STAGES,
        "bank": bank_selectors.bank_summary(viewer=request.user),
    }
    if year is not None:
        context |= selectors.olympiad_page(viewer=request.user, school_year=year)
    return render(request, "talents/olympiad.html", context)

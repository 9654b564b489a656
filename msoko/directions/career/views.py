"""Direction 4's page: the graduates' ЕГЭ of a school year — subjects, minimums, schools."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.imports.kinds import import_kind
from msoko.core.permissions import login_required
from msoko.core.web import xlsx_download, year_in_request
from msoko.directions.career import selectors


@login_required
def ege(request: HttpRequest) -> HttpResponse:
    years = selectors.ege_years()
    year = year_in_request(request, years)
    if request.GET.get("format") == "xlsx":
        if year is None:
            raise Http404("Результаты ЕГЭ ещё не загружены.")
        frame = selectors.schools_export_frame(viewer=request.user, school_year=year)
        return xlsx_download(
            frame,
            actor=request.user,
            sheet="ЕГЭ выпускников по школам",
            filename=f"career-ege-{year.start_year}.xlsx",
            what=f"ЕГЭ выпускников по школам за {year.name}",
            details={"year": year.name},
        )
    monitoring = import_kind("monitoring")
    context = {
        "year": year,
        "years": years,
        "sees_all": request.user.sees_all_organizations,
        "can_report": monitoring is not None and monitoring.allowed_for(request.user),
        "monitoring": selectors.monitoring_list(viewer=request.user, school_year=year),
    }
    if year is not None:
        context |= selectors.career_page(viewer=request.user, school_year=year)
    return render(request, "career/ege.html", context)

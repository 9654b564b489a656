"""Direction 7's page: the teachers of a school year — categories, diagnostics, courses, mentors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.core.permissions import login_required
from msoko.core.web import xlsx_download, year_in_request
from msoko.directions.teachers import selectors


@login_required
def development(request: HttpRequest) -> HttpResponse:
    years = selectors.teacher_years()
    year = year_in_request(request, years)
    if request.GET.get("format") == "xlsx":
        if year is None:
            raise Http404("Реестр педагогов ещё не загружен.")
        frame = selectors.schools_export_frame(viewer=request.user, school_year=year)
        return xlsx_download(
            frame,
            actor=request.user,
            sheet="Педагоги по школам",
            filename=f"teachers-{year.start_year}.xlsx",
            what=f"педагоги по школам за {year.name}",
            details={"year": year.name},
        )
    context = {"year": year, "years": years, "sees_all": request.user.sees_all_organizations}
    if year is not None:
        context |= selectors.development_page(viewer=request.user, school_year=year)
    return render(request, "teachers/development.html", context)

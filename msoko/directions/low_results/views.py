"""Direction 2 pages: schools with their context and results, the scatter with the expectation
line, a school's trajectory, the ШНОР register with mentor suggestions, and the rating.

Views check access, call one selector or service, render: no queries of their own.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from msoko.core.models import SchoolYear
from msoko.core.permissions import login_required, registry_managers_only
from msoko.core.web import xlsx_download, year_in_request
from msoko.directions.low_results import pages, selectors
from msoko.directions.low_results.forms import SupportEntryForm
from msoko.directions.low_results.models import ContextValue
from msoko.directions.low_results.services import confirm_support_entry
from msoko.flags.selectors import computed_years
from msoko.registry.models import Organization
from msoko.registry.selectors import organization_for


def _years() -> list[SchoolYear]:
    return computed_years(ContextValue)


def _year(request: HttpRequest) -> SchoolYear | None:
    return year_in_request(request, _years())


@login_required
def schools(request: HttpRequest) -> HttpResponse:
    year, user = _year(request), request.user
    if not user.sees_all_organizations:
        if user.organization_id is None:
            raise Http404("Нет организации.")
        url = reverse("low_results:school", args=[user.organization.code])
        return redirect(f"{url}?year={year.name}" if year else url)
    context: dict = {"year": year, "years": _years()}
    if year is not None:
        if request.GET.get("format") == "xlsx":
            table = selectors.export_frame(selectors.support_frame(viewer=user, school_year=year))
            return xlsx_download(
                table,
                actor=user,
                sheet="ШНОР и ШФНСУ",
                filename=f"support-{year.start_year}.xlsx",
                what=f"ШНОР, ШФНСУ и резильентные школы за {year.name}",
            )
        context["body"] = mark_safe(pages.list_body(year))  # every school: only those who see all get here
    return render(request, "low_results/schools.html", context)


@login_required
def school(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_for(viewer=request.user, code=code)
    if organization is None:
        raise Http404("Организация не найдена.")
    year = _year(request)
    if year is None:
        what = "Результаты относительно социального контекста"
        return render(request, "flags/not_computed.html", {"organization": organization, "what": what})
    return render(request, "low_results/school.html", _school_context(request, organization, year))


def _school_context(request: HttpRequest, organization: Organization, year: SchoolYear, form=None) -> dict:
    """The school's cached figures (the caller checked it visible: ``organization_for``) and what
    is read on every request: the register entry, the mentor suggestions and the form."""
    viewer = request.user
    frame = pages.mentors_frame(viewer=viewer, school_year=year)
    # other schools' figures are for the department: a school user gets no suggestions
    sees_all = viewer.sees_all_organizations
    suggestions = selectors.mentor_suggestions(frame, code=organization.code) if sees_all else []
    entry = selectors.support_entry(viewer=viewer, organization=organization, school_year=year)
    if form is None:
        initial = {"mentor": suggestions[0]["org_code"] if suggestions else ""}
        if entry is not None:
            initial = {
                "order_number": entry.order_number,
                "order_date": entry.order_date,
                "mentor": entry.mentor.code if entry.mentor else "",
                "programme": entry.programme,
            }
        form = SupportEntryForm(initial=initial, mentors=_mentor_choices(frame, organization, suggestions))
    return {
        "organization": organization,
        "year": year,
        "years": _years(),
        "body": mark_safe(pages.school_body(organization=organization, school_year=year)),
        "suggestions": suggestions,
        "entry": entry,
        "form": form,
    }


def _mentor_choices(frame, organization: Organization, suggestions: list[dict]) -> list[tuple[str, str]]:
    suggested = [(s["org_code"], f"{s['org_code']} — {s['name']} (предложено)") for s in suggestions]
    others = [
        (r["org_code"], f"{r['org_code']} — {r['name']}")
        for r in frame.sort("org_code").to_dicts()
        if r["org_code"] != organization.code and r["org_code"] not in {s["org_code"] for s in suggestions}
    ]
    return [("", "— не назначена —"), *suggested, *others]


@require_POST
@registry_managers_only
def confirm(request: HttpRequest, code: str) -> HttpResponse:
    """Enter the school in the year's ШНОР register (or correct its entry), with the order."""
    organization = organization_for(viewer=request.user, code=code)
    year = _year(request)
    if organization is None or year is None:
        raise Http404("Организация не найдена.")
    frame = pages.mentors_frame(viewer=request.user, school_year=year)
    suggestions = selectors.mentor_suggestions(frame, code=code)
    form = SupportEntryForm(request.POST, mentors=_mentor_choices(frame, organization, suggestions))
    if not form.is_valid():
        context = _school_context(request, organization, year, form=form)
        return render(request, "low_results/school.html", context, status=400)
    data = form.cleaned_data
    entry = confirm_support_entry(
        organization=organization,
        school_year=year,
        order_number=data["order_number"],
        order_date=data["order_date"],
        mentor_code=data["mentor"],
        programme=data["programme"],
        actor=request.user,
    )
    messages.success(
        request, f"Школа внесена в перечень ШНОР на {year} учебный год (приказ {entry.order_number})."
    )
    return redirect(f"{reverse('low_results:school', args=[code])}?year={year.name}")

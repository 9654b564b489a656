"""Direction 2 pages: schools with low results, in adverse conditions and resilient, the scatter
of results against context, a school's page with its trajectory and its place in the register.
"""

from __future__ import annotations

import io

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from msoko.core import audit
from msoko.core.access import can_see_organization
from msoko.core.exports import audit_export, write_xlsx
from msoko.core.models import AuditAction, SchoolYear
from msoko.core.permissions import login_required, registry_managers_only
from msoko.core.web import XLSX, download, year_in_request
from msoko.directions.low_results import selectors as support
from msoko.directions.low_results.forms import SupportEntryForm
from msoko.directions.low_results.models import ContextValue, SupportEntry
from msoko.flags.models import Flag
from msoko.flags.selectors import computed_years
from msoko.registry.models import Organization
from msoko.reports import charts


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
        frame = support.support_frame(school_year=year)
        if request.GET.get("format") == "xlsx":
            table = support.export_frame(frame)
            buffer = io.BytesIO()
            write_xlsx(table, buffer, sheet="ШНОР и ШФНСУ")
            audit_export(
                actor=user, what=f"ШНОР, ШФНСУ и резильентные школы за {year.name}", rows=table.height
            )
            return download(buffer.getvalue(), f"support-{year.start_year}.xlsx", XLSX)
        chart = support.scatter_chart(frame)
        context |= {
            "rows": frame.to_dicts(),
            "scatter": charts.render_svg(chart) if chart is not None else "",
            "counts": {
                kind: frame[kind].is_not_null().sum()
                for kind in ("low_results", "adverse_conditions", "resilient")
            },
            "rating": support.improvement_rating(school_year=year),
        }
    return render(request, "low_results/schools.html", context)


@login_required
def school(request: HttpRequest, code: str) -> HttpResponse:
    organization = Organization.objects.filter(code=code).first()
    if organization is None or not can_see_organization(request.user, organization.pk):
        raise Http404("Организация не найдена.")
    year = _year(request)
    if year is None:
        what = "Результаты относительно социального контекста"
        return render(request, "flags/not_computed.html", {"organization": organization, "what": what})
    return render(request, "low_results/school.html", _school_context(request, organization, year))


def _school_context(request: HttpRequest, organization: Organization, year: SchoolYear, form=None) -> dict:
    frame = support.support_frame(school_year=year)
    row = next((r for r in frame.to_dicts() if r["org_code"] == organization.code), {})
    # other schools' figures are for the department: a school user sees its own only
    sees_all = request.user.sees_all_organizations
    suggestions = support.mentor_suggestions(frame, code=organization.code) if sees_all else []
    entry = (
        SupportEntry.objects.filter(organization=organization, school_year=year)
        .select_related("mentor")
        .first()
    )
    chart = support.trajectory_chart(organization)
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
        "row": row,
        "flags": list(
            Flag.objects.filter(organization=organization, school_year=year, kind__in=support.DIRECTION2)
        ),
        "suggestions": suggestions,
        "entry": entry,
        "trajectory": charts.render_svg(chart) if chart is not None else "",
        "form": form,
        "diagnostics": support.teacher_diagnostics(organization, year),
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
    organization = Organization.objects.filter(code=code).first()
    year = _year(request)
    if organization is None or year is None:
        raise Http404("Организация не найдена.")
    frame = support.support_frame(school_year=year)
    suggestions = support.mentor_suggestions(frame, code=code)
    form = SupportEntryForm(request.POST, mentors=_mentor_choices(frame, organization, suggestions))
    if not form.is_valid():
        context = _school_context(request, organization, year, form=form)
        return render(request, "low_results/school.html", context, status=400)
    data = form.cleaned_data
    mentor = Organization.objects.filter(code=data["mentor"]).first() if data["mentor"] else None
    with transaction.atomic():
        entry, created = SupportEntry.objects.update_or_create(
            school_year=year,
            organization=organization,
            defaults={
                "order_number": data["order_number"],
                "order_date": data["order_date"],
                "mentor": mentor,
                "programme": data["programme"],
                "confirmed_by": request.user,
            },
        )
        audit.record(
            actor=request.user,
            action=AuditAction.CREATE if created else AuditAction.UPDATE,
            summary=f"Перечень ШНОР {year}: {organization.code}, приказ {entry.order_number}",
            obj=entry,
            details={"mentor": mentor.code if mentor else None},
        )
    messages.success(
        request, f"Школа внесена в перечень ШНОР на {year} учебный год (приказ {entry.order_number})."
    )
    return redirect(f"{reverse('low_results:school', args=[code])}?year={year.name}")

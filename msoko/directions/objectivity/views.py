"""Direction 5 pages: the risk list of a school year and a school's evidence page.

A school user sees only its own evidence page; specialists record a school's explanation of a
flag with the what-if (the flag recomputed without one class), and both stay on record.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_POST

from msoko.core.models import SchoolYear
from msoko.core.permissions import login_required, registry_managers_only
from msoko.core.web import xlsx_download, year_in_request
from msoko.directions.objectivity import selectors
from msoko.directions.objectivity.forms import DisputeForm
from msoko.directions.objectivity.models import FlagDispute, WhatIfState
from msoko.directions.objectivity.pages import evidence_body
from msoko.directions.objectivity.services import record_dispute
from msoko.flags.selectors import computed_years, flags_export_frame
from msoko.registry.models import Organization
from msoko.registry.selectors import organization_for


@login_required
def objectivity(request: HttpRequest) -> HttpResponse:
    years = computed_years()
    year = year_in_request(request, years)
    user = request.user
    if not user.sees_all_organizations:
        if user.organization_id is None:
            raise Http404("Нет организации.")
        url = reverse("objectivity:evidence", args=[user.organization.code])
        return redirect(f"{url}?year={year.name}" if year else url)
    if request.GET.get("format") == "xlsx" and year is not None:
        frame = flags_export_frame(school_year_name=year.name, viewer=user)
        return xlsx_download(
            frame,
            actor=user,
            sheet="Флаги",
            filename=f"flags-{year.start_year}.xlsx",
            what=f"флаги за {year.name}",
        )
    context = {"year": year, "years": years}
    if year is not None:
        context |= selectors.risk_list(viewer=user, school_year=year)
    return render(request, "objectivity/objectivity.html", context)


@login_required
def evidence(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_for(viewer=request.user, code=code)
    if organization is None:
        raise Http404("Организация не найдена.")
    year = year_in_request(request, computed_years())
    if year is None:
        what = "Признаки необъективности результатов"
        return render(request, "flags/not_computed.html", {"organization": organization, "what": what})
    return render(request, "objectivity/evidence.html", _evidence_context(request, organization, year))


def _evidence_context(
    request: HttpRequest, organization: Organization, year: SchoolYear, form: DisputeForm | None = None
) -> dict[str, Any]:
    """The cached body (checked visible by the caller: ``organization_for``) and what is read on
    every request: the disputes and the form."""
    body = evidence_body(organization=organization, school_year=year)
    return {
        "organization": organization,
        "body": mark_safe(body["html"]),  # rendered by our template, escaped there
        "disputes": selectors.dispute_list(viewer=request.user, organization=organization, school_year=year),
        "year": year,
        "years": computed_years(),
        "form": form if form is not None else DisputeForm(classes=body["class_names"]),
    }


@require_POST
@registry_managers_only
def dispute(request: HttpRequest, code: str) -> HttpResponse:
    organization = organization_for(viewer=request.user, code=code)
    year = year_in_request(request, computed_years())
    if organization is None or year is None:
        raise Http404("Организация не найдена.")
    body = evidence_body(organization=organization, school_year=year)
    form = DisputeForm(request.POST, classes=body["class_names"])
    if form.is_valid():
        record = record_dispute(
            organization=organization,
            school_year=year,
            explanation=form.cleaned_data["explanation"],
            excluded_class=form.cleaned_data["excluded_class"],
            actor=request.user,
        )
        messages.success(request, f"Объяснение школы записано; {_outcome(record)}.")
        return redirect(f"{reverse('objectivity:evidence', args=[code])}?year={year.name}#disputes")
    context = _evidence_context(request, organization, year, form=form)
    return render(request, "objectivity/evidence.html", context, status=400)


def _outcome(record: FlagDispute) -> str:
    if record.what_if_state == WhatIfState.PENDING:
        return (
            f"флаг без класса {record.excluded_class} считается в фоне (для региона — до минуты), "
            "результат появится в разделе «Объяснения школы»"
        )
    if record.excluded_class:
        return (
            f"без класса {record.excluded_class} флага нет"
            if record.what_if_level == 0
            else f"без класса {record.excluded_class} уровень {record.what_if_level}"
        )
    return "класс не исключался"


@login_required
def what_if_state(request: HttpRequest, pk: int) -> HttpResponse:
    """The what-if line of a dispute, polled while the worker computes it."""
    dispute = FlagDispute.objects.visible_to(request.user).filter(pk=pk).first()
    if dispute is None:
        raise Http404("Объяснение не найдено.")
    return render(request, "objectivity/_what_if.html", {"d": dispute})

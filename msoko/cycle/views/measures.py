"""Measures and management decisions: the register, the form and the card with the effect."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from msoko.core.permissions import login_required
from msoko.cycle import selectors, services
from msoko.cycle.effect import comparison_organizations, measure_effects
from msoko.cycle.forms import MeasureForm, measure_initial
from msoko.cycle.models import Measure
from msoko.cycle.rules import CycleRejected, manages_cycle
from msoko.cycle.views._shared import asked_year, department_only
from msoko.directions.catalogue import DIRECTIONS

_FIELDS = (
    "title",
    "kind",
    "direction",
    "number",
    "dated",
    "organizations",
    "indicators",
    "responsible",
    "starts_on",
    "ends_on",
    "description",
    "findings",
    "recommendations",
)


@login_required
def measures(request: HttpRequest) -> HttpResponse:
    direction = request.GET.get("direction", "")
    number = int(direction) if direction.isdigit() else None
    year = asked_year(request)
    rows = list(selectors.measure_list(viewer=request.user, direction=number, year=year))
    context = {
        "rows": rows,
        "direction": number,
        "year": year,
        "years": selectors.cycle_years(),
        "directions": DIRECTIONS,
        "titles": {d.number: d for d in DIRECTIONS},
        "can_manage": manages_cycle(request.user),
    }
    return render(request, "cycle/measures.html", context)


@login_required
def measure(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.visible_measure(viewer=request.user, pk=pk)
    if found is None:
        raise Http404("Мера не найдена.")
    effects = measure_effects(found)
    context = {
        "m": found,
        "effects": effects,
        "comparison": comparison_organizations(found),
        "direction": next((d for d in DIRECTIONS if d.number == found.direction), None),
        "can_manage": manages_cycle(request.user),
        "sees_all": request.user.sees_all_organizations,
    }
    return render(request, "cycle/measure.html", context)


@department_only
def measure_create(request: HttpRequest) -> HttpResponse:
    return _form(request, None)


@department_only
def measure_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.visible_measure(viewer=request.user, pk=pk)
    if found is None:
        raise Http404("Мера не найдена.")
    return _form(request, found)


def _form(request: HttpRequest, found: Measure | None) -> HttpResponse:
    user = request.user
    asked = request.GET.get("direction", "")
    direction = found.direction if found else (int(asked) if asked.isdigit() else None)
    choices = {
        "user": user,
        "findings": selectors.linkable_findings(viewer=user, direction=direction),
        "recommendations": selectors.linkable_recommendations(viewer=user, direction=direction),
    }
    if request.method == "POST":
        form = MeasureForm(request.POST, **choices)
        if form.is_valid():
            fields = {k: form.cleaned_data[k] for k in _FIELDS}
            try:
                if found is None:
                    saved = services.create_measure(actor=user, **fields)
                else:
                    saved = services.update_measure(actor=user, measure=found, **fields)
            except CycleRejected as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Мера «{saved.title}» сохранена.")
                return redirect("cycle:measure", saved.pk)
    elif found is not None:
        form = MeasureForm(initial=measure_initial(found), **choices)
    else:
        form = MeasureForm(initial={"direction": direction} if direction else None, **choices)
    context = {"form": form, "m": found}
    return render(request, "cycle/measure_form.html", context, status=400 if form.errors else 200)

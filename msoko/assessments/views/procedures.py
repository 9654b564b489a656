"""Procedure pages: the list with the user's current coverage, and one procedure's results."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from msoko.assessments import selectors
from msoko.assessments.forms import ProcedureFilterForm
from msoko.assessments.models import Procedure
from msoko.core.forms import filter_values
from msoko.core.permissions import login_required
from msoko.core.views import paginate


@login_required
def procedures(request: HttpRequest) -> HttpResponse:
    form = ProcedureFilterForm(request.GET)
    values = filter_values(form)
    school_year = values.get("school_year")
    items = selectors.procedure_list(
        user=request.user,
        school_year_id=school_year.pk if school_year else None,
        kind=values.get("kind", ""),
        subject=values.get("subject", ""),
    )
    context = {
        "form": form,
        "page": paginate(request, items),
        "filtered": bool(values),
        "subjects": selectors.subject_list(),
    }
    return render(request, "assessments/procedures.html", context)


@login_required
def procedure_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        card = selectors.procedure_card_for(user=request.user, pk=pk)
    except Procedure.DoesNotExist as error:
        raise Http404("Процедура не найдена.") from error
    return render(request, "assessments/procedure.html", {"card": card, "procedure": card.procedure})

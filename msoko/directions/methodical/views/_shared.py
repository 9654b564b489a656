"""What both registers' pages share: who may open a form, the list filters, the export's audit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from msoko.assessments.selectors import subject_list
from msoko.core.forms import filter_values
from msoko.core.permissions import role_required
from msoko.directions.methodical import selectors
from msoko.directions.methodical.models import can_manage_methodical, edits_own_school

#: who may open a form at all: the department and school users (methodologists only read)
editors_only = role_required(lambda user: can_manage_methodical(user) or edits_own_school(user))
reviewers_only = role_required(can_manage_methodical)


def list_filters(
    request: HttpRequest, form_class: type, model: type, subjects: list[str]
) -> tuple[Any, dict, str]:
    """The list's filter form, the selector's arguments and the query of the XLSX link (the same
    rows as shown); a first visit (no year asked) opens on the newest year with rows."""
    data = request.GET.copy()
    if "school_year" not in data:
        newest = selectors.newest_year(model, viewer=request.user)
        data["school_year"] = str(newest.pk) if newest else ""
    form = form_class(data, user=request.user, subjects=subjects)
    values = filter_values(form)
    organization = values.get("organization")
    year = values.get("school_year")
    query = {
        "school_year_id": year.pk if year else None,
        "subject": values.get("subject", ""),
        "organization_id": organization.pk if organization else None,
    } | {key: values.get(key, "") for key in ("level", "status") if key in form.fields}
    data["format"] = "xlsx"
    return form, query | {"year": year}, data.urlencode()


def subject_suggestions(*extra: list[str]) -> list[str]:
    return sorted({*subject_list(), *(s for group in extra for s in group)})


def audit_details(query: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in query.items() if value not in (None, "")}

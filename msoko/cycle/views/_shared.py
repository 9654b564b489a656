"""What the cycle's pages share: who may open the department's pages, the chosen year."""

from __future__ import annotations

from django.http import HttpRequest

from msoko.core.models import SchoolYear, parse_school_year
from msoko.core.permissions import role_required
from msoko.cycle import selectors
from msoko.cycle.rules import manages_cycle

department_only = role_required(manages_cycle)


def asked_year(request: HttpRequest) -> SchoolYear | None:
    """The year in ``?year=2024/2025``, or None when absent or unknown."""
    return selectors.year_named(parse_school_year(request.GET.get("year", "")))

"""Direction 2's pages cached per version of the data, and warmed after a run (issue 16).

The list of schools (the frame of every school, the scatter, the rating) and a school's own
figures (its row, flags, trajectory, teachers' diagnostics) are built once per version of the
data (``pipeline.pages``) and of the year's register: by the worker after a recompute, for the
list and every school on it with a «ШНОР» flag or a register entry, or on the first visit.
The register form, the entry and the messages stay per request (``views``).

Who may be served what: the list is for those who see every school (the view redirects the
others); a school's figures are built with that school's own scope (``organization_scope``),
so they may be served to anyone the view lets see that school.
"""

from __future__ import annotations

from functools import partial
from typing import Any

import polars as pl
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse

from msoko.core.access import DEPARTMENT, organization_scope
from msoko.core.models import SchoolYear
from msoko.directions.low_results import charts as direction_charts
from msoko.directions.low_results import selectors
from msoko.directions.low_results.models import ContextValue, SupportEntry
from msoko.flags.models import Flag, FlagKind
from msoko.pipeline.models import ComputeRun
from msoko.pipeline.pages import cached_page, data_version, run_years, warm_each
from msoko.registry.models import Organization
from msoko.reports import charts

GROUP_KINDS = ("low_results", "adverse_conditions", "resilient")  # the counts above the list


def _key(*parts: object) -> str:
    return ":".join(str(p) for p in (*parts, data_version()))


def department_frame(school_year: SchoolYear) -> pl.DataFrame:
    """``selectors.support_frame`` of every school, as the department sees it."""
    return cached_page(
        _key("support-frame", school_year.pk, selectors.register_version(school_year)),
        lambda: selectors.support_frame(viewer=DEPARTMENT, school_year=school_year),
    )


def mentors_frame(*, viewer: Any, school_year: SchoolYear) -> pl.DataFrame:
    """The schools ``viewer`` may choose a mentor among: every one, from the cache, for those
    who see every school; the viewer's own otherwise (a query of a row)."""
    if viewer.sees_all_organizations:
        return department_frame(school_year)
    return selectors.support_frame(viewer=viewer, school_year=school_year)


def list_body(school_year: SchoolYear) -> str:
    """The list page below its head, for those who see every school (the view checks it)."""
    return cached_page(
        _key("support-list", school_year.pk, selectors.register_version(school_year)),
        lambda: _render_list(school_year),
    )


def _render_list(school_year: SchoolYear) -> str:
    frame = department_frame(school_year)
    school_url = reverse("low_results:school", args=["__CODE__"]) + f"?year={school_year.name}"
    chart = direction_charts.scatter_chart(frame, school_url=school_url)
    context = {
        "year": school_year,
        "rows": frame.to_dicts(),
        "scatter": charts.render_html(chart) if chart is not None else "",
        "counts": {kind: frame[kind].is_not_null().sum() for kind in GROUP_KINDS},
        "rating": selectors.improvement_rating(viewer=DEPARTMENT, school_year=school_year),
    }
    return render_to_string("low_results/_schools_body.html", context)


def school_body(*, organization: Organization, school_year: SchoolYear) -> str:
    """A school's figures of the year (the page between its head and the register), built with
    the school's own scope; the caller checks that the viewer may see the school."""
    return cached_page(
        _key("support-school", organization.pk, school_year.pk),
        lambda: _render_school(organization, school_year),
    )


def _render_school(organization: Organization, school_year: SchoolYear) -> str:
    figures = selectors.school_figures(
        viewer=organization_scope(organization.pk), organization=organization, school_year=school_year
    )
    chart = direction_charts.trajectory_chart(figures.pop("trajectory"))
    context = figures | {"trajectory": charts.render_html(chart) if chart is not None else ""}
    return render_to_string("low_results/_school_body.html", context)


def warm_support_pages(run: ComputeRun) -> int:
    """Build the list of the run's year(s) and the page of every school flagged «ШНОР» or in
    the register that year; returns how many were built."""
    years = [year for year in run_years(run) if ContextValue.objects.filter(school_year=year).exists()]
    return sum(_warm_year(year) for year in years)


def _warm_year(year: SchoolYear) -> int:
    flagged = Flag.objects.filter(school_year=year, kind=FlagKind.LOW_RESULTS).values("organization_id")
    registered = SupportEntry.objects.filter(school_year=year).values("organization_id")
    schools = Organization.objects.filter(Q(pk__in=flagged) | Q(pk__in=registered)).order_by("code")
    pages = [(f"support list {year}", partial(list_body, year))]
    pages += [
        (f"support page {school.code} {year}", partial(school_body, organization=school, school_year=year))
        for school in schools
    ]
    return warm_each(pages)

"""The evidence page's body, cached per school and version of the data, and warmed after a run.

Building it reads the results of every work of the year and lays out a chart per work (about
0.7 s for a region), so it is built once per version of the data (``pipeline.pages``): by the
worker after a recompute for every school with a flag, or on the first visit. The body is built
with the school's own scope (``organization_scope``): anyone the view lets see that school may
be served it. The disputes and the form stay per request (``views.evidence``).
"""

from __future__ import annotations

import logging
import time
from functools import partial
from typing import TypedDict

from django.db.models import Count, Max
from django.template.loader import render_to_string

from msoko.assessments.models import Procedure, ResultCoverage
from msoko.core.access import organization_scope
from msoko.core.models import SchoolYear
from msoko.directions.objectivity.compute import thresholds
from msoko.directions.objectivity.evidence import WorkEvidence, evidence_for, year_works
from msoko.flags.models import Flag, FlagKind
from msoko.pipeline.models import ComputeRun
from msoko.pipeline.pages import cached_page, data_version, run_years, warm_each
from msoko.registry.models import Organization

logger = logging.getLogger(__name__)
EVIDENCE_KINDS = (FlagKind.UNOBJECTIVE, FlagKind.OFFICIAL_MARKERS)


class EvidenceBody(TypedDict):
    html: str  # the page between its head and the disputes, with no form and no user in it
    class_names: list[str]  # what the dispute form may leave out


def evidence_body(*, organization: Organization, school_year: SchoolYear) -> EvidenceBody:
    """The school's evidence body of the year, from the cache or built and cached."""
    key = _key(organization, school_year, year_version(school_year))
    return cached_page(key, lambda: _build(organization, school_year, works=None))


def year_version(school_year: SchoolYear) -> str:
    """What the year's evidence pages are built from: the data (imports, recomputes), the year's
    results and cut scores, and the significance level printed under the table of reasons."""
    year_results = ResultCoverage.objects.filter(active=True, procedure__school_year=school_year).aggregate(
        last=Max("id"), count=Count("id")
    )
    schemes = Procedure.objects.filter(school_year=school_year).aggregate(last=Max("scheme__updated_at"))
    edited = schemes["last"].timestamp() if schemes["last"] else 0
    parts = [data_version(), year_results["last"], year_results["count"], edited, thresholds().alpha]
    return ":".join(str(p) for p in parts)


def _key(organization: Organization, school_year: SchoolYear, version: str) -> str:
    return f"evidence:{organization.pk}:{school_year.pk}:{version}"


def _build(
    organization: Organization, school_year: SchoolYear, works: list[WorkEvidence] | None
) -> EvidenceBody:
    viewer = organization_scope(organization.pk)
    evidence = evidence_for(viewer=viewer, organization=organization, school_year=school_year, works=works)
    html = render_to_string("objectivity/_evidence_body.html", {"e": evidence})
    return {"html": html, "class_names": evidence.class_names()}


def warm_evidence_pages(run: ComputeRun) -> int:
    """Build the evidence body of every school flagged in the run's year(s) (our criteria or the
    2019 markers); returns how many were built."""
    return sum(_warm_year(year) for year in run_years(run))


def _warm_year(year: SchoolYear) -> int:
    """The year's flagged schools, highest level first, from one read of each work's results.

    The pages are filed under the version read before the results: if an import lands while
    they are built, they are filed under the old one and the new data are built on the visit.
    """
    schools = _flagged_schools(year)
    if not schools:
        return 0
    version = year_version(year)
    started = time.perf_counter()
    works = year_works(year, [school.pk for school in schools])
    took = time.perf_counter() - started
    logger.info("read the works of %s flagged schools of %s in %.1f s", len(schools), year, took)
    pages = (
        (f"evidence page {school.code} {year}", partial(_warm, school, year, version, works[school.pk]))
        for school in schools
    )
    return warm_each(pages)


def _flagged_schools(year: SchoolYear) -> list[Organization]:
    """The schools with a flag of direction 5 in the year, the most serious first (the first
    visited, and the first ready)."""
    levels = (
        Flag.objects.filter(school_year=year, kind__in=EVIDENCE_KINDS)
        .values("organization_id")
        .annotate(level=Max("level"))
    )
    order = {row["organization_id"]: row["level"] for row in levels}
    schools = Organization.objects.filter(pk__in=list(order))
    return sorted(schools, key=lambda school: (-order[school.pk], school.code))


def _warm(school: Organization, year: SchoolYear, version: str, works: list[WorkEvidence]) -> EvidenceBody:
    return cached_page(_key(school, year, version), lambda: _build(school, year, works))

"""Warming the analysis pages after a recompute: the worker renders each procedure's municipal
page of the run's year into the shared cache, so the first specialist to open it after an
import does not wait for a region's million rows to be read and laid out (issue 16)."""

from __future__ import annotations

from msoko.assessments.models import Procedure, ResultCoverage
from msoko.core.access import DEPARTMENT
from msoko.directions.achievement.page import NotVisible
from msoko.pipeline.models import ComputeRun
from msoko.pipeline.pages import warm_each


def warm_analysis_pages(run: ComputeRun) -> int:
    """Render the municipal page of every procedure with a scheme and current results of the
    run's year (or of every year for a run of all years); returns how many were rendered."""
    from msoko.directions.achievement.views import page_entry

    procedures = Procedure.objects.filter(
        scheme__isnull=False,
        pk__in=ResultCoverage.objects.filter(active=True).values("procedure_id"),
    )
    if run.school_year_id is not None:
        procedures = procedures.filter(school_year_id=run.school_year_id)
    pages = (
        (f"procedure {pk} page", lambda pk=pk: page_entry(DEPARTMENT, {"pk": pk, "level": "procedure"}))
        for pk in procedures.order_by("pk").values_list("pk", flat=True)
    )
    return warm_each(pages, skip=(Procedure.DoesNotExist, NotVisible))

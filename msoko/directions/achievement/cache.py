"""The cache key of an achievement page: cheap queries that change whenever the page may.

Kept out of the analysis so that a cached page costs these few aggregates and no read of
the results.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from msoko.assessments.models import Procedure, ReferenceValue, ResultCoverage
from msoko.pipeline.selectors import last_finished_run_id


def analysis_cache_key(
    *, viewer: Any, pk: int, level: str, org_code: str | None = None, class_name: str | None = None
) -> str | None:
    """A key that changes whenever what the page shows may change: the procedure's current data
    (coverage), its scheme, the region's and Russia's figures, the last recompute of the
    indicators, and the viewer's scope.

    None when the procedure does not exist (the page then answers 404 without caching).
    """
    procedure = Procedure.objects.filter(pk=pk).select_related("scheme").first()
    if procedure is None or not hasattr(procedure, "scheme"):
        return None
    coverage = ResultCoverage.objects.filter(procedure_id=pk, active=True).aggregate(
        last=Max("id"), count=Count("id")
    )
    reference = ReferenceValue.objects.filter(procedure_id=pk).aggregate(last=Max("id"), count=Count("id"))
    last_run = last_finished_run_id()
    scope = "all" if viewer.sees_all_organizations else f"org{viewer.organization_id}"
    parts = [
        "analysis",
        level,
        pk,
        org_code or "",
        class_name or "",
        scope,
        coverage["last"],
        coverage["count"],
        reference["last"],
        reference["count"],
        last_run,
        procedure.scheme.updated_at.timestamp(),
        int(settings.MSOKO_STABLE_PARTICIPANT_CODES),
    ]
    return ":".join(str(p) for p in parts)

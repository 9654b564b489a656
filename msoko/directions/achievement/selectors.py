"""The one read of a request: scoped results, organisation names and stored indicator values.

Every query of an achievement page happens here (``results_frame(procedure, viewer=user)``,
``Organization.objects.visible_to``, ``IndicatorValue.objects.visible_to``); everything after
it is Polars over the frames.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.conf import settings

from msoko.analytics.columns import C
from msoko.assessments.models import Procedure
from msoko.assessments.selectors import reference_frame, results_frame
from msoko.directions.achievement.deficits import scheme_tasks
from msoko.indicators.catalogue import CATALOGUE
from msoko.indicators.models import IndicatorValue
from msoko.registry.selectors import organization_names

#: catalogue code → the column of a procedure's stored figures (from the catalogue)
STORED_CODES = {code: field for field, code in CATALOGUE.computed_by("achievement.results").items()}


@dataclass(frozen=True)
class ProcedureData:
    """What one request reads: the scoped results, the scheme and the stored indicator values."""

    procedure: Procedure
    results: pl.DataFrame  # results_frame + org_code, org_name
    tasks: pl.DataFrame  # scheme_tasks
    cuts: dict[int, int]  # mark → lowest primary score
    sees_all: bool
    stored: pl.DataFrame  # code, org_code, start_year, value
    #: the same cohort a year earlier: mean % of the same kind and subject, grade − 1, per org code
    cohort: pl.DataFrame = field(default_factory=pl.DataFrame)
    #: last year's results one grade lower (participant_code, total, absent) and their maximum,
    #: read only where participant codes are stable (``MSOKO_STABLE_PARTICIPANT_CODES``)
    previous_results: pl.DataFrame | None = None
    previous_max: int = 0
    #: the region's and Russia's figures the department entered: scope, metric, value
    reference: pl.DataFrame = field(default_factory=pl.DataFrame)

    @property
    def max_score(self) -> int:
        return int(self.tasks[C.TASK_MAX].sum())


def procedure_data_for(*, pk: int, viewer: Any) -> ProcedureData:
    """Raises ``Procedure.DoesNotExist`` for an unknown procedure or one without a scheme."""
    procedure = Procedure.objects.select_related("school_year", "scheme").get(pk=pk, scheme__isnull=False)
    organizations = organization_names(viewer=viewer)
    # two schools of one name («МБОУ Березовская СОШ» in two villages) stay two lines and two
    # rows of every chart: the name a chart keys on carries the code when it repeats
    organizations = organizations.with_columns(
        pl.when(pl.col("org_name").is_duplicated())
        .then(pl.format("{} ({})", "org_name", C.ORG_CODE))
        .otherwise(pl.col("org_name"))
        .alias("org_name")
    )
    results = _with_organizations(results_frame(procedure, viewer=viewer), organizations)
    year = procedure.school_year.start_year
    stored = IndicatorValue.objects.visible_to(viewer).filter(
        code__in=list(STORED_CODES),
        procedure=procedure.kind,
        subject=procedure.subject,
        grade=procedure.grade,
        school_year__start_year__in=[year - 1, year],
    )
    cohort = IndicatorValue.objects.visible_to(viewer).filter(
        code="results.mean_percent",
        procedure=procedure.kind,
        subject=procedure.subject,
        grade=(procedure.grade or 0) - 1,
        school_year__start_year=year - 1,
    )
    previous_results, previous_max = _student_cohort_source(procedure, viewer)
    return ProcedureData(
        procedure=procedure,
        previous_results=previous_results,
        previous_max=previous_max,
        cohort=pl.DataFrame(
            list(cohort.values_list("org_code", "value")),
            schema={C.ORG_CODE: pl.String, "cohort_mean_percent": pl.Float64},
            orient="row",
        ),
        reference=reference_frame(procedure),
        results=results,
        tasks=scheme_tasks(procedure),
        cuts={int(mark): int(cut) for mark, cut in procedure.scheme.scale.items()},
        sees_all=bool(viewer.sees_all_organizations),
        stored=pl.DataFrame(
            list(stored.values_list("code", "org_code", "school_year__start_year", "value")),
            schema={"code": pl.String, C.ORG_CODE: pl.String, "start_year": pl.Int64, "value": pl.Float64},
            orient="row",
        ),
    )


def _with_organizations(results: pl.DataFrame, organizations: pl.DataFrame) -> pl.DataFrame:
    """Each row's ``org_code`` and ``org_name``, rows of organisations not in ``organizations``
    left out: two columns added to a region's million rows, not every column copied by a join."""
    known = results.select(pl.col(C.ORG_ID).is_in(organizations[C.ORG_ID].implode())).to_series()
    if not known.all():
        results = results.filter(known)
    ids = organizations[C.ORG_ID]
    return results.with_columns(
        pl.col(C.ORG_ID).replace_strict(ids, organizations[C.ORG_CODE]).alias(C.ORG_CODE),
        pl.col(C.ORG_ID).replace_strict(ids, organizations["org_name"]).alias("org_name"),
    )


def _student_cohort_source(procedure: Procedure, viewer: Any) -> tuple[pl.DataFrame | None, int]:
    """Last year's results of the same kind and subject one grade lower, as the viewer sees them."""
    if not settings.MSOKO_STABLE_PARTICIPANT_CODES or not procedure.grade:
        return None, 0
    previous = (
        Procedure.objects.select_related("scheme")
        .filter(
            kind=procedure.kind,
            subject=procedure.subject,
            grade=procedure.grade - 1,
            school_year__start_year=procedure.school_year.start_year - 1,
            scheme__isnull=False,
        )
        .first()
    )
    if previous is None:
        return None, 0
    frame = results_frame(previous, viewer=viewer).select(C.PARTICIPANT, C.TOTAL, C.ABSENT)
    return frame, int(scheme_tasks(previous)[C.TASK_MAX].sum())

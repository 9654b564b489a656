"""What a specialist shows a school about its flag: the findings and the data behind them.

Per work of the year the school wrote: its score distribution against the municipality's with
the cut scores, and its marks against the journal next to the municipality's; the cohort
trajectories from the stored indicators; the suspicious classes; the flags of every year;
the recorded disputes. The municipal figures are aggregates: a school user sees no other
school's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import altair as alt
import polars as pl

from msoko.analytics.achievement import (
    MUNICIPALITY,
    present,
    results_indicators,
    score_distribution,
)
from msoko.analytics.columns import C
from msoko.assessments.models import TASK_MATRIX_KINDS, Procedure, ResultCoverage
from msoko.assessments.selectors import results_frame
from msoko.core.models import SchoolYear
from msoko.directions.objectivity.charts import MUNICIPAL, SCHOOL, cohort_charts
from msoko.directions.objectivity.compute import thresholds
from msoko.flags.models import Flag, FlagKind
from msoko.flags.selectors import criterion_results_frame
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.frames import work_scope
from msoko.registry.models import Organization
from msoko.reports import charts

CRITERION_TITLES = {
    "journal": "Отметки ВПР и журнала",
    "oge_annual": "ОГЭ и годовые отметки",
    "medals": "Медалисты и ЕГЭ",
    "bunching": "Границы отметок",
    "hard_tasks": "Сложные задания",
    "similar": "Похожие работы",
    "cohort": "Когорта через год",
}
NEAR_THRESHOLD = 0.05  # checks shown beside the fired ones: «close to the threshold»
MUNICIPAL_ID = 0  # the municipality's rows among the schools' (no organisation has id 0)


@dataclass
class WorkEvidence:
    scope: str
    procedure: Procedure
    participants: int
    chart: alt.TopLevelMixin
    #: rows «ОО» and «Муниципалитет»: lowered / confirmed / raised (% of pupils with a journal mark)
    marks: list[dict[str, Any]]
    classes: list[str] = field(default_factory=list)  # the school's classes that wrote it

    @property
    def chart_svg(self) -> str:
        return charts.render_html(self.chart)


@dataclass
class Evidence:
    organization: Organization
    school_year: SchoolYear
    flags: dict[str, Flag]  # kind → this year's flag
    findings: pl.DataFrame  # our criteria, fired first
    official: pl.DataFrame  # the 2019 markers
    works: list[WorkEvidence]
    cohorts: list[alt.TopLevelMixin]
    classes: pl.DataFrame  # fired «similar works» findings
    history: list[dict[str, Any]]  # one row per year: year, unobjective level, official level

    @property
    def cohort_svgs(self) -> list[str]:
        return [charts.render_html(spec) for spec in self.cohorts]

    @property
    def unobjective(self) -> Flag | None:
        return self.flags.get(FlagKind.UNOBJECTIVE)

    @property
    def official_flag(self) -> Flag | None:
        return self.flags.get(FlagKind.OFFICIAL_MARKERS)

    @property
    def finding_rows(self) -> list[dict[str, Any]]:
        """Fired findings and the checks close to the threshold, for the table of reasons."""
        shown = self.findings.filter(pl.col("fired") | (pl.col("p_value") < NEAR_THRESHOLD))
        return [
            row
            | {
                "title": CRITERION_TITLES.get(row["criterion"], row["criterion"]),
                "p_text": _p_text(row["p_value"]),
            }
            for row in shown.to_dicts()
        ]

    @property
    def official_reasons(self) -> list[str]:
        return self.official["reason"].to_list()

    @property
    def class_reasons(self) -> list[str]:
        return self.classes["reason"].to_list()

    @property
    def alpha_text(self) -> str:
        return f"{thresholds().alpha:g}".replace(".", ",")

    @property
    def notable_works(self) -> list[WorkEvidence]:
        """The works a finding in the table of reasons names, shown open; the others folded."""
        scopes = {row["scope"] for row in self.finding_rows}
        return [w for w in self.works if w.scope in scopes]

    @property
    def other_works(self) -> list[WorkEvidence]:
        scopes = {row["scope"] for row in self.finding_rows}
        return [w for w in self.works if w.scope not in scopes]

    def class_names(self) -> list[str]:
        """The school's classes in the year's works: what a what-if may leave out."""
        names = {name for work in self.works for name in work.classes}
        return sorted(names)


def evidence_for(
    *,
    viewer: Any,
    organization: Organization,
    school_year: SchoolYear,
    works: list[WorkEvidence] | None = None,
) -> Evidence:
    """Everything the evidence page of one school shows, read within ``viewer``'s scope.

    The municipality's distribution and marks are aggregates of every school's results (a
    school user sees its own rows and the municipal figures, never another school's).
    ``works``: the school's part of :func:`year_works` when it was computed for many schools.
    The school's recorded disputes are not part of it: they change between recomputes
    (``selectors.dispute_list``).
    """
    own = Flag.objects.visible_to(viewer).filter(organization=organization, school_year=school_year)
    flags = {f.kind: f for f in own}
    ours = criterion_results_frame(
        viewer=viewer,
        school_year_id=school_year.pk,
        organization_id=organization.pk,
        kind=FlagKind.UNOBJECTIVE,
    )
    official = criterion_results_frame(
        viewer=viewer,
        school_year_id=school_year.pk,
        organization_id=organization.pk,
        kind=FlagKind.OFFICIAL_MARKERS,
    )
    if works is None:
        works = year_works(school_year, [organization.pk])[organization.pk]
    return Evidence(
        organization=organization,
        school_year=school_year,
        flags=flags,
        findings=ours,
        official=official.filter(pl.col("fired")),
        works=works,
        cohorts=_cohorts(viewer, organization, school_year),
        classes=ours.filter(pl.col("fired") & (pl.col("criterion") == "similar")),
        history=_history(viewer, organization),
    )


def year_works(school_year: SchoolYear, organization_ids: list[int]) -> dict[int, list[WorkEvidence]]:
    """The works of the year of each school in ``organization_ids`` (every id is a key), by
    subject and grade: each procedure's results are read once, however many schools are asked
    for (the warming after a run builds every flagged school's page from one pass)."""
    procedures = Procedure.objects.filter(
        school_year=school_year,
        kind__in=TASK_MATRIX_KINDS,
        scheme__isnull=False,
        pk__in=ResultCoverage.objects.filter(active=True, organization_id__in=organization_ids).values(
            "procedure_id"
        ),
    ).select_related("school_year", "scheme")
    works: dict[int, list[WorkEvidence]] = {pk: [] for pk in organization_ids}
    for procedure in procedures:
        rows = present(results_frame(procedure))
        for org_id, work in _procedure_works(procedure, rows, organization_ids).items():
            works[org_id].append(work)
    return {
        pk: sorted(found, key=lambda w: (w.procedure.subject, w.procedure.grade or 0))
        for pk, found in works.items()
    }


def _procedure_works(
    procedure: Procedure, rows: pl.DataFrame, organization_ids: list[int]
) -> dict[int, WorkEvidence]:
    """One procedure's evidence for each listed school that wrote it: its score distribution and
    marks beside the municipality's, all grouped in one frame (the municipality as school
    ``MUNICIPAL_ID``; one frame also keeps the figures bit for bit those of a single school's)."""
    schools = rows.filter(pl.col(C.ORG_ID).is_in(organization_ids)).with_columns(
        pl.lit(SCHOOL).alias(C.ORG_CODE)
    )
    if schools.is_empty():
        return {}
    municipal = rows.with_columns(
        pl.lit(MUNICIPAL_ID, dtype=pl.Int64).alias(C.ORG_ID), pl.lit(MUNICIPAL).alias(C.ORG_CODE)
    )
    both, by, max_score = pl.concat([schools, municipal]), [C.ORG_ID, C.ORG_CODE], procedure.scheme.max_score
    distributions = score_distribution(both, by=by, max_score=max_score).partition_by(
        C.ORG_ID, as_dict=True, include_key=False
    )
    marks = results_indicators(both, by=by, max_score=max_score).partition_by(
        C.ORG_ID, as_dict=True, include_key=False
    )
    pupils = schools.group_by(C.ORG_ID).agg(
        participants=pl.len(), classes=pl.col(C.CLASS_NAME).drop_nulls().unique().sort()
    )
    cuts = {int(m): int(c) for m, c in procedure.scheme.scale.items()}
    scope = work_scope(procedure)
    out = {}
    for org_id, participants, classes in pupils.iter_rows():
        # «Муниципалитет» before «ОО» in the chart, «ОО» first in the table, as for one school
        distribution = pl.concat([distributions[(MUNICIPAL_ID,)], distributions[(org_id,)]])
        out[org_id] = WorkEvidence(
            scope=scope,
            procedure=procedure,
            participants=participants,
            chart=charts.score_distribution_chart(distribution.rename({C.ORG_CODE: charts.GROUP}), cuts=cuts),
            marks=pl.concat([marks[(org_id,)], marks[(MUNICIPAL_ID,)]]).to_dicts(),
            classes=classes,
        )
    return out


def _cohorts(viewer: Any, organization: Organization, school_year: SchoolYear) -> list[alt.TopLevelMixin]:
    """Mean % of the maximum of the school's cohort from the grade below a year earlier, against
    the municipality, per kind and subject (from the stored indicators)."""
    values = (
        IndicatorValue.objects.visible_to(viewer)
        .filter(
            code="results.mean_percent",
            org_code__in=[organization.code, MUNICIPALITY],
            school_year__start_year__in=[school_year.start_year - 1, school_year.start_year],
            grade__isnull=False,
        )
        .values_list("org_code", "procedure", "subject", "grade", "school_year__start_year", "value")
    )
    frame = pl.DataFrame(
        list(values),
        schema={
            C.ORG_CODE: pl.String,
            "kind": pl.String,
            C.SUBJECT: pl.String,
            C.GRADE: pl.Int64,
            "start": pl.Int64,
            "value": pl.Float64,
        },
        orient="row",
    )
    return cohort_charts(frame, organization_code=organization.code, school_year=school_year)


def _history(viewer: Any, organization: Organization) -> list[dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for flag in (
        Flag.objects.visible_to(viewer)
        .filter(organization=organization)
        .select_related("school_year")
        .order_by("school_year__start_year")
    ):
        row = rows.setdefault(flag.school_year.name, {"year": flag.school_year.name})
        row[flag.kind] = flag.level
    return list(rows.values())


def _p_text(p: float | None) -> str:
    """«0,003», «< 0,000001»: p-values as a reader compares them with the threshold."""
    if p is None:
        return "—"
    if p < 1e-6:
        return "< 0,000001"
    if p < 0.001:
        return "< 0,001"
    return f"{p:.3f}".replace(".", ",")

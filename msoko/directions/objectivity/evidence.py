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
    municipality,
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
from msoko.directions.objectivity.models import FlagDispute
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


@dataclass
class WorkEvidence:
    scope: str
    procedure: Procedure
    participants: int
    chart: alt.TopLevelMixin
    #: rows «ОО» and «Муниципалитет»: lowered / confirmed / raised (% of pupils with a journal mark)
    marks: list[dict[str, Any]]
    findings: pl.DataFrame
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
    disputes: list[FlagDispute] = field(default_factory=list)

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


def evidence_for(*, viewer: Any, organization: Organization, school_year: SchoolYear) -> Evidence:
    """Everything the evidence page of one school shows, read within ``viewer``'s scope.

    The municipality's distribution and marks are aggregates of every school's results (a
    school user sees its own rows and the municipal figures, never another school's).
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
    works = _works(organization, school_year, ours)
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
        disputes=list(
            FlagDispute.objects.visible_to(viewer)
            .filter(organization=organization, school_year=school_year)
            .select_related("recorded_by")
        ),
    )


def _works(organization: Organization, school_year: SchoolYear, findings: pl.DataFrame) -> list[WorkEvidence]:
    procedures = Procedure.objects.filter(
        school_year=school_year,
        kind__in=TASK_MATRIX_KINDS,
        scheme__isnull=False,
        pk__in=ResultCoverage.objects.filter(active=True, organization=organization).values("procedure_id"),
    ).select_related("school_year", "scheme")
    out = []
    for procedure in procedures:
        rows = present(results_frame(procedure))
        school = rows.filter(pl.col(C.ORG_ID) == organization.pk).with_columns(
            pl.lit(SCHOOL).alias(C.ORG_CODE)
        )
        if school.is_empty():
            continue
        max_score = procedure.scheme.max_score
        both = pl.concat([school, municipality(rows).with_columns(pl.lit(MUNICIPAL).alias(C.ORG_CODE))])
        distribution = score_distribution(both, by=[C.ORG_CODE], max_score=max_score).rename(
            {C.ORG_CODE: charts.GROUP}
        )
        cuts = {int(m): int(c) for m, c in procedure.scheme.scale.items()}
        indicators = results_indicators(both, by=[C.ORG_CODE], max_score=max_score)
        scope = work_scope(procedure)
        work = WorkEvidence(
            scope=scope,
            procedure=procedure,
            participants=school.height,
            chart=charts.score_distribution_chart(distribution, cuts=cuts),
            marks=indicators.sort(C.ORG_CODE, descending=True).to_dicts(),
            findings=findings.filter(pl.col("scope") == scope),
            classes=sorted(school[C.CLASS_NAME].drop_nulls().unique().to_list()),
        )
        out.append(work)
    return sorted(out, key=lambda w: (w.procedure.subject, w.procedure.grade or 0))


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

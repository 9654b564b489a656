"""«Успеваемость и качество по журналу»: the year's journal marks by school, period, class and
subject, against last year and against the year's ВПР (seed 004, 2.6–2.7).

The reads of a request happen here: the marks of the year and the year before
(``marks_frame``), the organisations the viewer may see (``organization_names``) and the
year's ВПР results (``results_frame``). The municipal figures pool every school's marks — an
aggregate a school user sees beside its own rows; rows of schools come only from the
organisations the viewer may see. Everything after the reads is ``marks_frames``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any
from urllib.parse import urlencode

import altair as alt
import polars as pl
from django.http import QueryDict
from django.urls import NoReverseMatch, reverse

from msoko.analytics.achievement import MUNICIPALITY, municipality, present
from msoko.analytics.columns import C
from msoko.analytics.marks import PERIOD, marks_quality
from msoko.assessments.models import JournalMark, Procedure, ProcedureKind, ResultCoverage
from msoko.assessments.selectors import marks_frame, results_frame
from msoko.core.models import SchoolYear
from msoko.directions.achievement import marks_frames as F
from msoko.directions.achievement.marks_charts import period_dynamics_chart
from msoko.directions.achievement.page import NotVisible
from msoko.flags.selectors import computed_years
from msoko.registry.selectors import organization_names
from msoko.reports import Column, Table, charts

MUNICIPAL_NAME = "Муниципалитет"


@dataclass(frozen=True)
class Filters:
    school: str = ""
    subject: str = ""
    grade: int | None = None
    period: str = ""

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        """The filters of a request; a grade that is not a number is a page that does not exist."""
        grade = query.get("grade", "").strip()
        if grade and not grade.isdigit():
            raise NotVisible(grade)
        return cls(
            school=query.get("school", "").strip(),
            subject=query.get("subject", "").strip(),
            grade=int(grade) if grade else None,
            period=query.get("period", "").strip(),
        )

    def query(self, year: SchoolYear, **changed: object) -> str:
        """The page's query string with these filters, ``changed`` replacing some."""
        values = {"year": year.name, **self.__dict__, **changed}
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass
class MarksPage:
    year: SchoolYear
    previous: SchoolYear | None
    filters: Filters
    options: dict[str, list[Any]]  # schools (code, name), subjects, grades, periods of the year
    periods: list[str]  # shown, in the school year's order
    focus: str | None  # the period of the cards and the year-on-year change
    #: period_matrix + year_change + org_name per school the viewer may see, «МО» last
    schools: pl.DataFrame = field(default_factory=pl.DataFrame)
    school: dict[str, Any] | None = None  # the drilled-down school's year_change row and name
    subjects: list[dict[str, Any]] = field(default_factory=list)
    classes: list[dict[str, Any]] = field(default_factory=list)
    comparison: list[dict[str, Any]] = field(default_factory=list)
    chart_spec: alt.TopLevelMixin | None = None

    @property
    def query(self) -> str:
        """The query string of the page as shown (for the XLSX link)."""
        return self.filters.query(self.year)

    @property
    def query_all_schools(self) -> str:
        """The same without the school, which a link to a school's drill-down adds."""
        return self.filters.query(self.year, school="")

    @cached_property
    def journal_before_vpr(self) -> bool:
        """Whether any ВПР row has journal marks of the period before it (else no such columns)."""
        return any(row.get("journal_marks") for row in self.comparison)

    @property
    def chart(self) -> str:
        return charts.render_html(self.chart_spec) if self.chart_spec is not None else ""

    @property
    def school_rows(self) -> list[dict[str, Any]]:
        return self.schools.filter(pl.col(C.ORG_CODE) != MUNICIPALITY).to_dicts()

    @property
    def municipal(self) -> dict[str, Any] | None:
        rows = self.schools.filter(pl.col(C.ORG_CODE) == MUNICIPALITY)
        return rows.row(0, named=True) if rows.height else None

    def schools_table(self) -> Table:
        """The by-school table as the XLSX export writes it (Russian headers)."""
        columns = [Column(C.ORG_CODE, "Код ОО", "code"), Column("org_name", "Организация")]
        for i, period in enumerate(self.periods):
            columns += [
                Column(f"success_{i}", f"{period}: успеваемость, %", "pct"),
                Column(f"quality_{i}", f"{period}: качество, %", "pct"),
            ]
        if self.focus:
            before = self.previous.name if self.previous else "прошлому году"
            columns += [
                Column("marks", f"Отметок ({self.focus})", "int"),
                Column("mean_mark", f"Средняя отметка ({self.focus})", "num"),
                Column("success_change", f"Успеваемость к {before} ({self.focus}), п. п.", "delta"),
                Column("quality_change", f"Качество к {before} ({self.focus}), п. п.", "delta"),
            ]
        title = f"Успеваемость и качество по журналу, {self.year.name}"
        return Table("schools", title, columns, self.schools)


def marks_years() -> list[SchoolYear]:
    """Years with any journal mark, newest first."""
    return computed_years(JournalMark)


def marks_page(
    *, viewer: Any, school_year: SchoolYear, filters: Filters, schools_only: bool = False
) -> MarksPage:
    """Everything the page shows for ``school_year`` within ``viewer``'s scope. A school user
    is drilled into its own school. Raises :class:`NotVisible` for a school it may not see.

    ``schools_only`` stops after the by-school table (the XLSX download needs no chart, no
    drill-down and no ВПР results).
    """
    if not filters.school and not viewer.sees_all_organizations and viewer.organization_id:
        filters = Filters(**{**filters.__dict__, "school": viewer.organization.code})
    organizations = organization_names(viewer=viewer)
    names = organizations.select(C.ORG_CODE, "org_name")
    year_marks = F.with_grade(marks_frame(school_year_id=school_year.pk))
    visible = year_marks.join(names, on=C.ORG_CODE, how="semi")
    options = {
        "schools": names.join(visible.select(C.ORG_CODE).unique(), on=C.ORG_CODE).sort(C.ORG_CODE).rows(),
        "subjects": sorted(visible[C.SUBJECT].unique().to_list()),
        "grades": sorted(visible[C.GRADE].unique().to_list()),
        "periods": F.periods_in(visible),
    }
    if filters.school and filters.school not in {code for code, _ in options["schools"]}:
        raise NotVisible(filters.school)
    previous = SchoolYear.objects.filter(start_year=school_year.start_year - 1).first()
    marks = _filtered(year_marks, filters)
    before = _filtered(F.with_grade(marks_frame(school_year_id=previous.pk)), filters) if previous else None
    periods = [p for p in F.periods_in(marks) if p == filters.period or not filters.period]
    focus = F.focus_period(periods, filters.period)
    page = MarksPage(
        year=school_year, previous=previous, filters=filters, options=options, periods=periods, focus=focus
    )
    if focus is None:
        return page
    named = pl.concat([names, pl.DataFrame({C.ORG_CODE: [MUNICIPALITY], "org_name": [MUNICIPAL_NAME]})])
    by_school = F.unit_quality(marks, by=[C.ORG_CODE]).join(named, on=C.ORG_CODE, how="semi")
    earlier = F.unit_quality(before, by=[C.ORG_CODE]) if before is not None else None
    page.schools = (
        F.period_matrix(by_school, keys=[C.ORG_CODE], periods=periods)
        .join(F.year_change(by_school, earlier, keys=[C.ORG_CODE], period=focus), on=C.ORG_CODE, how="left")
        .join(named, on=C.ORG_CODE, how="left")
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )
    if schools_only:
        return page
    units = {MUNICIPALITY: MUNICIPAL_NAME}
    if filters.school:
        _drill_down(page, marks, before, named)
        units[filters.school] = page.school["org_name"] if page.school else filters.school
    page.chart_spec = period_dynamics_chart(by_school, periods=periods, units=units)
    page.comparison = _comparison(
        organizations=organizations, school_year=school_year, marks=marks, filters=filters, named=named
    )
    return page


def _filtered(marks: pl.DataFrame, filters: Filters) -> pl.DataFrame:
    """Subject and grade narrow every figure, the municipal ones too; the school does not."""
    if filters.subject:
        marks = marks.filter(pl.col(C.SUBJECT) == filters.subject)
    if filters.grade is not None:
        marks = marks.filter(pl.col(C.GRADE) == filters.grade)
    return marks


def _drill_down(
    page: MarksPage, marks: pl.DataFrame, before: pl.DataFrame | None, named: pl.DataFrame
) -> None:
    """The chosen school by subject (with the change from last year) and by class × subject."""
    code, periods, focus = page.filters.school, page.periods, page.focus
    row = page.schools.filter(pl.col(C.ORG_CODE) == code)
    page.school = (row if row.height else named.filter(pl.col(C.ORG_CODE) == code)).row(0, named=True)
    school = marks.filter(pl.col(C.ORG_CODE) == code)
    if school.is_empty() or focus is None:
        return
    keys = [C.SUBJECT]
    subjects = marks_quality(school, by=keys)
    earlier = (
        marks_quality(before.filter(pl.col(C.ORG_CODE) == code), by=keys) if before is not None else None
    )
    page.subjects = (
        F.period_matrix(subjects, keys=keys, periods=periods)
        .join(F.year_change(subjects, earlier, keys=keys, period=focus), on=keys, how="left")
        .to_dicts()
    )
    # a class is other pupils a year later (5А becomes 6А), so classes get no year-on-year change
    class_keys = [C.GRADE, C.CLASS_NAME, C.SUBJECT]
    classes = marks_quality(school, by=class_keys)
    focus_rates = classes.filter(pl.col(PERIOD) == focus).select(*class_keys, *F.RATES)
    page.classes = (
        F.period_matrix(classes, keys=class_keys, periods=periods)
        .join(focus_rates, on=class_keys, how="left")
        .to_dicts()
    )


def _comparison(
    *,
    organizations: pl.DataFrame,
    school_year: SchoolYear,
    marks: pl.DataFrame,
    filters: Filters,
    named: pl.DataFrame,
) -> list[dict[str, Any]]:
    """Per ВПР of the year × school the viewer may see (and «МО»): the distribution of the ВПР
    marks, of the journal marks of the preceding period, and the pupils' ВПР mark against their
    journal mark. The municipal row pools every school's participants."""
    procedures = Procedure.objects.filter(
        school_year=school_year,
        kind=ProcedureKind.VPR,
        grade__isnull=False,
        scheme__isnull=False,
        pk__in=ResultCoverage.objects.filter(active=True).values("procedure_id"),
    ).select_related("scheme")
    if filters.subject:
        procedures = procedures.filter(subject=filters.subject)
    if filters.grade is not None:
        procedures = procedures.filter(grade=filters.grade)
    codes = organizations.select(C.ORG_ID, C.ORG_CODE)
    if filters.school:
        codes = codes.filter(pl.col(C.ORG_CODE) == filters.school)
    columns = [C.ORG_CODE, C.ABSENT, C.TOTAL, C.MARK, C.JOURNAL_MARK]
    frames = []
    for procedure in procedures.order_by("subject", "grade"):
        rows = present(results_frame(procedure))
        schools = rows.join(codes, on=C.ORG_ID, how="inner").select(columns)
        if schools.is_empty():
            continue
        both = pl.concat([schools, municipality(rows).select(columns)])
        frames.append(
            F.vpr_against_journal(both, max_score=procedure.scheme.max_score).with_columns(
                pl.lit(procedure.pk).alias(C.PROCEDURE_ID),
                pl.lit(procedure.subject).alias(C.SUBJECT),
                pl.lit(procedure.grade, dtype=pl.Int64).alias(C.GRADE),
            )
        )
    if not frames:
        return []
    keys = [C.ORG_CODE, C.SUBJECT, C.GRADE]
    table = (
        pl.concat(frames)
        .join(F.preceding_journal(marks), on=keys, how="left")
        .join(named, on=C.ORG_CODE, how="left")
        .sort(C.SUBJECT, C.GRADE, pl.col(C.ORG_CODE) != MUNICIPALITY, C.ORG_CODE)
    )
    return table.with_columns(**_links(school_year)).to_dicts()


def _links(school_year: SchoolYear) -> dict[str, pl.Expr]:
    """A row's pages: the school's (or the municipality's) analysis of that ВПР and, where the
    objectivity direction is installed and has run on the year, the school's evidence page at
    that work."""
    pk, code = 987654321, "__CODE__"  # placeholders: reverse() checks the arguments' shape
    school = reverse("achievement:school_analysis", args=[pk, code]).replace(str(pk), "{}")
    municipal = reverse("achievement:procedure_analysis", args=[pk]).replace(str(pk), "{}")
    org = pl.col(C.ORG_CODE)
    links = {
        "analysis_url": pl.when(org == MUNICIPALITY)
        .then(pl.format(municipal, C.PROCEDURE_ID))
        .otherwise(pl.format(school.replace(code, "{}"), C.PROCEDURE_ID, org))
    }
    try:
        evidence = reverse("objectivity:evidence", args=[code]).replace(code, "{}")
    except NoReverseMatch:
        return links
    if school_year.pk not in {y.pk for y in computed_years()}:
        return links
    tail = "?" + urlencode({"year": school_year.name}) + "#work-{}"
    links["objectivity_url"] = pl.when(org != MUNICIPALITY).then(
        pl.format(evidence + tail, org, C.PROCEDURE_ID)
    )
    return links

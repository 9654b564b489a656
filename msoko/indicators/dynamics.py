"""Indicator values over the school years, for a direction's page and an indicator's page.

A direction's page shows, for each of its catalogue indicators, the municipality's value by
year, the change from the year before read by the indicator's polarity, its target and how many
organisations miss it; an indicator's page shows one indicator for every organisation. Values
are the stored results of the recompute (``IndicatorValue``): nothing is computed here.

Indicators of assessment procedures (``results.*``, ``gia.*``) have a value per procedure,
subject and grade rather than one per year: such a value is a *breakdown*, chosen on the
indicator's page.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from msoko.indicators.catalogue import CATALOGUE, Indicator, Polarity
from msoko.indicators.models import IndicatorValue
from msoko.registry.selectors import organization_names

MUNICIPALITY = "МО"
REGION = "Регион"
_SCHEMA = {
    "org_code": pl.String,
    "org_id": pl.Int64,
    "procedure": pl.String,
    "subject": pl.String,
    "grade": pl.Int64,
    "school_year": pl.String,
    "value": pl.Float64,
}


@dataclass(frozen=True)
class Breakdown:
    """One procedure × subject × grade of an assessment indicator; all empty for a yearly one."""

    procedure: str = ""
    subject: str = ""
    grade: int | None = None

    @property
    def title(self) -> str:
        if not self.procedure:
            return "по учебному году"
        grade = f", {self.grade} класс" if self.grade else ""
        return f"{self.procedure}, {self.subject}{grade}"

    @property
    def key(self) -> str:
        """How the indicator's page names it in its ``breakdown`` parameter."""
        return f"{self.procedure}|{self.subject}|{self.grade or ''}"

    @classmethod
    def from_key(cls, key: str) -> Breakdown:
        procedure, subject, grade = ([*key.split("|"), "", ""])[:3]
        return cls(procedure, subject, int(grade) if grade.isdigit() else None)


@dataclass
class IndicatorSummary:
    indicator: Indicator
    years: list[tuple[str, float | None]] = field(default_factory=list)  # the municipality's, ascending
    breakdowns: int = 0  # municipal values by procedure, subject and grade (assessment indicators)
    target: float | None = None  # of the latest year with values
    missing_target: int = 0  # organisations that miss it in that year
    organizations: int = 0  # organisations with a value in that year

    @property
    def latest(self) -> tuple[str, float | None] | None:
        return self.years[-1] if self.years else None

    @property
    def change(self) -> float | None:
        if len(self.years) < 2 or self.years[-1][1] is None or self.years[-2][1] is None:
            return None
        return self.years[-1][1] - self.years[-2][1]

    @property
    def trend(self) -> str:
        """«better», «worse» or «same» (or "" when there is no change to read)."""
        return trend(self.indicator, self.change)

    @property
    def meets_target(self) -> bool | None:
        latest = self.latest
        if self.target is None or latest is None or latest[1] is None:
            return None
        return not misses(self.indicator, latest[1], self.target)


def trend(indicator: Indicator, change: float | None) -> str:
    if change is None or indicator.polarity == Polarity.NEUTRAL:
        return ""
    if abs(change) < 1e-9:
        return "same"
    better = change > 0 if indicator.polarity == Polarity.HIGHER_IS_BETTER else change < 0
    return "better" if better else "worse"


def misses(indicator: Indicator, value: float, target: float) -> bool:
    """Whether a value falls short of the target in the indicator's direction of better."""
    if indicator.polarity == Polarity.LOWER_IS_BETTER:
        return value > target
    return value < target


def _missing_expr(indicator: Indicator, target: float) -> pl.Expr:
    if indicator.polarity == Polarity.LOWER_IS_BETTER:
        return pl.col("value") > target
    return pl.col("value") < target


def _trend_expr(indicator: Indicator) -> pl.Expr:
    """:func:`trend` over the ``change`` column."""
    if indicator.polarity == Polarity.NEUTRAL:
        return pl.lit("")
    better = pl.col("change") > 0 if indicator.polarity == Polarity.HIGHER_IS_BETTER else pl.col("change") < 0
    return (
        pl.when(pl.col("change").is_null())
        .then(pl.lit(""))
        .when(pl.col("change").abs() < 1e-9)
        .then(pl.lit("same"))
        .when(better)
        .then(pl.lit("better"))
        .otherwise(pl.lit("worse"))
    )


def values_frame(codes: list[str], *, viewer: Any) -> pl.DataFrame:
    """Every stored value of these indicators that ``viewer`` may see, with a ``code`` column."""
    rows = (
        IndicatorValue.objects.filter(code__in=codes)
        .visible_to(viewer)
        .values_list(
            "code",
            "org_code",
            "organization_id",
            "procedure",
            "subject",
            "grade",
            "school_year__name",
            "value",
        )
    )
    return pl.DataFrame(list(rows), schema={"code": pl.String, **_SCHEMA}, orient="row")


def direction_summaries(direction: int, *, viewer: Any) -> list[IndicatorSummary]:
    """The direction's catalogue indicators in catalogue order, each with its municipal values
    by year, its target and the organisations that miss it in the latest year (two queries)."""
    indicators = [i for i in CATALOGUE if i.direction == direction]
    frame = values_frame([i.code for i in indicators], viewer=viewer)
    yearly = frame.filter(pl.col("procedure") == "")
    summaries = []
    for indicator in indicators:
        own = yearly.filter(pl.col("code") == indicator.code)
        municipal = own.filter(pl.col("org_code") == MUNICIPALITY).sort("school_year")
        summary = IndicatorSummary(
            indicator=indicator,
            years=list(municipal.select("school_year", "value").iter_rows()),
            breakdowns=frame.filter(
                (pl.col("code") == indicator.code)
                & (pl.col("procedure") != "")
                & (pl.col("org_code") == MUNICIPALITY)
            ).height,
        )
        schools = own.filter(pl.col("org_id").is_not_null())
        if not schools.is_empty():
            year = schools["school_year"].max()
            of_year = schools.filter((pl.col("school_year") == year) & pl.col("value").is_not_null())
            summary.organizations = of_year.height
            summary.target = indicator.target_for(str(year))
            if summary.target is not None:
                summary.missing_target = of_year.filter(_missing_expr(indicator, summary.target)).height
        elif summary.years:
            summary.target = indicator.target_for(summary.years[-1][0])
        summaries.append(summary)
    return summaries


@dataclass
class IndicatorDetail:
    indicator: Indicator
    breakdowns: list[Breakdown]
    breakdown: Breakdown
    years: list[str]  # ascending
    year: str | None  # the year the table shows
    municipality: list[tuple[str, float | None]]  # by year, ascending
    region: list[tuple[str, float | None]]
    organizations: pl.DataFrame  # org_code, org_name, value, previous, change, trend, misses
    series: pl.DataFrame  # school_year, org_code, org_name, value, kind («МО», «Регион», «ОО»)
    target: float | None


def indicator_detail(
    indicator: Indicator, *, viewer: Any, breakdown: Breakdown | None = None, year: str | None = None
) -> IndicatorDetail:
    """One indicator for every organisation ``viewer`` may see: the municipal and regional values
    by year, and a table of one year's values with the change from the year before."""
    frame = values_frame([indicator.code], viewer=viewer)
    found = sorted(
        {
            Breakdown(p, s, g)
            for p, s, g in frame.select("procedure", "subject", "grade").unique().iter_rows()
        },
        key=lambda b: (b.procedure, b.subject, b.grade or 0),
    )
    chosen = breakdown if breakdown in found else (found[0] if found else Breakdown())
    grade = pl.col("grade").is_null() if chosen.grade is None else pl.col("grade") == chosen.grade
    rows = frame.filter(
        (pl.col("procedure") == chosen.procedure) & (pl.col("subject") == chosen.subject) & grade
    )
    years = sorted(rows["school_year"].unique().to_list())
    shown = year if year in years else (years[-1] if years else None)
    names = organization_names(viewer=viewer).select("org_id", "org_name")
    schools = rows.filter(pl.col("org_id").is_not_null()).join(names, on="org_id", how="left")
    table = _year_table(indicator, schools, years, shown)
    series = pl.concat(
        [
            schools.select("school_year", "org_code", "org_name", "value", pl.lit("ОО").alias("kind")),
            rows.filter(pl.col("org_id").is_null()).select(
                "school_year",
                "org_code",
                pl.col("org_code").replace({MUNICIPALITY: "Муниципалитет"}).alias("org_name"),
                "value",
                pl.col("org_code").alias("kind"),
            ),
        ]
    ).filter(pl.col("value").is_not_null())

    def line(code: str) -> list[tuple[str, float | None]]:
        return list(
            rows.filter(pl.col("org_code") == code)
            .sort("school_year")
            .select("school_year", "value")
            .iter_rows()
        )

    return IndicatorDetail(
        indicator=indicator,
        breakdowns=found,
        breakdown=chosen,
        years=years,
        year=shown,
        municipality=line(MUNICIPALITY),
        region=line(REGION),
        organizations=table,
        series=series,
        target=indicator.target_for(shown) if shown else indicator.target,
    )


def _year_table(
    indicator: Indicator, schools: pl.DataFrame, years: list[str], year: str | None
) -> pl.DataFrame:
    columns = ["org_code", "org_name", "value", "previous", "change", "trend", "misses"]
    if year is None:
        return pl.DataFrame(schema=dict.fromkeys(columns, pl.String))
    before = years[years.index(year) - 1] if years.index(year) > 0 else None
    current = schools.filter(pl.col("school_year") == year).select("org_id", "org_code", "org_name", "value")
    previous = schools.filter(pl.col("school_year") == (before or "")).select(
        "org_id", pl.col("value").alias("previous")
    )
    target = indicator.target_for(year)
    table = current.join(previous, on="org_id", how="left").with_columns(
        (pl.col("value") - pl.col("previous")).alias("change"),
        (_missing_expr(indicator, target) if target is not None else pl.lit(False))
        .fill_null(False)
        .alias("misses"),
    )
    return (
        table.with_columns(_trend_expr(indicator).alias("trend"))
        .sort(pl.col("value"), descending=indicator.polarity != Polarity.LOWER_IS_BETTER, nulls_last=True)
        .select(columns)
    )

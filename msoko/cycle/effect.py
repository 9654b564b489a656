"""The measured effect of a measure on each indicator it targets (docs/methodology.md#measure-effect).

Before is the indicator's whole-organisation value in the school year before the measure began;
after is its value in the school year the measure ended in (or the first later year with
values). The measure's targets are compared with the organisations of the same kind that it did
not target, by a difference in differences (``analytics.effect``). Nothing is stored: the values
are the recompute's, and the effect is worked out when the measure's page is opened.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl
from django.utils import timezone

from msoko.analytics.effect import Effect, difference_in_differences, effect_frame
from msoko.core.models import SchoolYear
from msoko.cycle.charts import effect_chart
from msoko.cycle.models import Measure, MeasureIndicator
from msoko.indicators.catalogue import Indicator, Polarity, Unit
from msoko.indicators.models import IndicatorValue
from msoko.registry.models import Organization
from msoko.reports.charts import render_html

#: without a promised change, an interval wider than this many percentage points cannot tell
#: an effect from the noise of a few schools; with one, wider than twice the promise
MAX_WIDTH_PERCENT = 20.0


@dataclass(frozen=True)
class IndicatorEffect:
    link: MeasureIndicator
    indicator: Indicator | None
    before_year: str
    after_year: str | None
    effect: Effect | None  # None while the measure's period has not passed
    note: str = ""  # why there is no effect to show
    chart: str = ""  # the chart's HTML (render_html)

    @property
    def verdict(self) -> str:
        return self.effect.verdict if self.effect else ""


def measure_effects(
    measure: Measure, *, today: dt.date | None = None, chart: bool = True
) -> list[IndicatorEffect]:
    """One entry per targeted indicator, in the order they were entered."""
    today = today or timezone.localdate()
    before = SchoolYear.start_of(measure.starts_on) - 1
    ended = SchoolYear.start_of(measure.ends_on)
    before_name = f"{before}/{before + 1}"
    targets = list(measure.organizations.all())
    kinds = {o.kind for o in targets}
    treated = {o.pk for o in targets}
    found = []
    for link in measure.indicators.all():
        indicator = link.indicator
        if not measure.period_passed(today):
            found.append(
                IndicatorEffect(
                    link, indicator, before_name, None, None, f"мера идёт до {measure.ends_on:%d.%m.%Y}"
                )
            )
            continue
        frame = _values(link.code, kinds=kinds, before=before)
        after = _after_year(frame, before=before, ended=ended)
        if after is None:
            note = "нет значений после окончания меры: они появятся после загрузки данных и пересчёта"
            found.append(IndicatorEffect(link, indicator, before_name, None, None, note))
            continue
        rows = frame.filter(pl.col("start_year").is_in([before, after])).select(
            "org_code",
            pl.when(pl.col("start_year") == before)
            .then(pl.lit("before"))
            .otherwise(pl.lit("after"))
            .alias("period"),
            "value",
            pl.col("org_id").is_in(list(treated)).alias("treated"),
        )
        effect = difference_in_differences(
            rows,
            higher_is_better=indicator is None or indicator.polarity != Polarity.LOWER_IS_BETTER,
            expected_change=link.expected_change,
            max_width=_max_width(indicator, link.expected_change),
        )
        after_name = f"{after}/{after + 1}"
        html = ""
        if chart and effect.treated and effect.comparison:
            unit = indicator.unit.value if indicator else ""
            html = render_html(
                effect_chart(effect_frame(rows), before=before_name, after=after_name, unit=unit)
            )
        found.append(IndicatorEffect(link, indicator, before_name, after_name, effect, chart=html))
    return found


def verdict_counts(effects: list[IndicatorEffect]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for e in effects:
        if e.effect is not None:
            counts[e.verdict] = counts.get(e.verdict, 0) + 1
    return counts


def _values(code: str, *, kinds: set[str], before: int) -> pl.DataFrame:
    """Whole-organisation values of ``code`` from the year before on, for organisations of the
    targets' kinds (one query)."""
    rows = (
        IndicatorValue.objects.filter(
            code=code,
            procedure="",
            organization__isnull=False,
            organization__kind__in=kinds,
            school_year__start_year__gte=before,
            value__isnull=False,
        )
        .values_list("org_code", "organization_id", "school_year__start_year", "value")
        .order_by()
    )
    schema = {"org_code": pl.String, "org_id": pl.Int64, "start_year": pl.Int64, "value": pl.Float64}
    return pl.DataFrame(list(rows), schema=schema, orient="row")


def _after_year(frame: pl.DataFrame, *, before: int, ended: int) -> int | None:
    """The year the measure ended in, or the first later one with values (data of a spring
    procedure lands in the year that ends then)."""
    years = sorted(y for y in frame["start_year"].unique().to_list() if y >= ended and y > before)
    return years[0] if years else None


def _max_width(indicator: Indicator | None, expected: float | None) -> float | None:
    if expected:
        return 2 * abs(expected)
    if indicator is not None and indicator.unit == Unit.PERCENT:
        return MAX_WIDTH_PERCENT
    return None


def comparison_organizations(measure: Measure) -> int:
    """How many organisations of the targets' kinds the measure did not target."""
    kinds = set(measure.organizations.values_list("kind", flat=True))
    return Organization.objects.filter(kind__in=kinds).exclude(pk__in=measure.organizations.all()).count()

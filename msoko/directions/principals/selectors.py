"""Direction 6's page: the principal-effectiveness composite of a year and its parts, per school."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.conf import settings

from msoko.core.models import SchoolYear
from msoko.indicators.models import IndicatorValue
from msoko.registry.selectors import organization_names

COLUMNS = {  # catalogue code → column of the page's table
    "principals.effectiveness_index": "index",
    "principals.quality_rate": "quality",
    "principals.objective_results": "objective",
    "teachers.category_share": "categories",
}
WEIGHT_TITLES = {
    "results": "результаты (качество по ВПР)",
    "objectivity": "объективность",
    "conditions": "условия (категории учителей)",
}


def index_years() -> list[SchoolYear]:
    """Years with a computed index, newest first."""
    ids = (
        IndicatorValue.objects.filter(code="principals.effectiveness_index")
        .values("school_year_id")
        .distinct()
    )
    return list(SchoolYear.objects.filter(pk__in=ids).order_by("-start_year"))


def index_page(*, viewer: Any, school_year: SchoolYear) -> dict[str, Any]:
    """The municipality's index and a row per school the viewer may see, best index first,
    with the change of the index from the year before."""
    before = SchoolYear.objects.filter(start_year=school_year.start_year - 1).first()
    years = [school_year.pk] + ([before.pk] if before else [])
    rows = (
        IndicatorValue.objects.filter(school_year_id__in=years, code__in=list(COLUMNS), procedure="")
        .visible_to(viewer)
        .values_list("school_year_id", "org_code", "code", "value")
    )
    frame = pl.DataFrame(
        list(rows),
        schema={"year": pl.Int64, "org_code": pl.String, "code": pl.String, "value": pl.Float64},
        orient="row",
    ).with_columns(pl.col("code").replace_strict(COLUMNS))
    wide = (
        frame.filter(pl.col("year") == school_year.pk)
        .pivot(on="code", index="org_code", values="value")
        .join(
            frame.filter((pl.col("year") != school_year.pk) & (pl.col("code") == "index")).select(
                "org_code", pl.col("value").alias("previous")
            ),
            on="org_code",
            how="left",
        )
    )
    for column in [*COLUMNS.values(), "previous"]:
        if column not in wide.columns:
            wide = wide.with_columns(pl.lit(None, dtype=pl.Float64).alias(column))
    wide = wide.with_columns((pl.col("index") - pl.col("previous")).alias("change"))
    names = organization_names(viewer=viewer).select("org_code", "org_name")
    schools = (
        wide.filter(pl.col("index").is_not_null() & (pl.col("org_code") != "МО"))
        .join(names, on="org_code", how="inner")
        .sort("index", "org_code", descending=[True, False])
    )
    municipal = wide.filter(pl.col("org_code") == "МО").to_dicts()
    weights = settings.MSOKO_PRINCIPAL_WEIGHTS
    return {
        "municipality": municipal[0] if municipal else None,
        "schools": schools.to_dicts(),
        "flagged": schools.filter(pl.col("objective") == 0).height,
        "weights": [(WEIGHT_TITLES[k], weights.get(k, 0.0)) for k in WEIGHT_TITLES],
    }

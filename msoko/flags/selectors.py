"""Reads of flags and the criterion results behind them, shared by the directions that flag
schools: the export (spec/cli.md), the years computed, a school's criterion results.

Rows that belong to a school are read from ``visible_to(user)``: a school sees its own flags.
"""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db.models import Model

from msoko.core.models import SchoolYear
from msoko.flags.models import CriterionResult, Flag, FlagKind

EXPORT_COLUMNS = ["Код ОО", "Флаг", "Вид флага", "Уровень", "Основания"]


def flags_export_frame(*, school_year_name: str, viewer: Any | None = None) -> pl.DataFrame:
    """spec/cli.md `msoko export flags`: Код ОО; Флаг; Вид флага (its Russian name); Уровень;
    Основания (the reasons, worded here: joined by «; »)."""
    flags = Flag.objects.filter(school_year__name=school_year_name)
    if viewer is not None:
        flags = flags.visible_to(viewer)
    rows = flags.order_by("organization__code", "kind").values_list(
        "organization__code", "kind", "level", "reasons"
    )
    stored = pl.DataFrame(
        list(rows),
        schema={"code": pl.String, "kind": pl.String, "level": pl.Int64, "reasons": pl.List(pl.String)},
        orient="row",
    )
    return stored.select(
        pl.col("code").alias("Код ОО"),
        pl.col("kind").alias("Флаг"),
        pl.col("kind").replace_strict(dict(FlagKind.choices), default="").alias("Вид флага"),
        pl.col("level").alias("Уровень"),
        pl.col("reasons").list.join("; ").alias("Основания"),
    )


def criterion_results_frame(
    *, viewer: Any, school_year_id: int, organization_id: int, kind: str
) -> pl.DataFrame:
    """Every criterion result of one school, year and flag kind (fired first, strongest first)."""
    rows = (
        CriterionResult.objects.visible_to(viewer)
        .filter(school_year_id=school_year_id, organization_id=organization_id, kind=kind)
        .values_list(
            "criterion",
            "scope",
            "class_name",
            "n",
            "observed",
            "expected",
            "p_value",
            "evaluated",
            "fired",
            "strong",
            "reason",
        )
    )
    schema = {
        "criterion": pl.String,
        "scope": pl.String,
        "class_name": pl.String,
        "n": pl.Int64,
        "observed": pl.Float64,
        "expected": pl.Float64,
        "p_value": pl.Float64,
        "evaluated": pl.Boolean,
        "fired": pl.Boolean,
        "strong": pl.Boolean,
        "reason": pl.String,
    }
    return pl.DataFrame(list(rows), schema=schema, orient="row").sort(
        "fired", pl.col("p_value").fill_null(1.0), descending=[True, False]
    )


def computed_years(model: type[Model] = CriterionResult) -> list[SchoolYear]:
    """School years with rows of ``model`` (the years the criteria ran on), newest first."""
    ids = model.objects.values("school_year_id").distinct()
    return list(SchoolYear.objects.filter(pk__in=ids).order_by("-start_year"))

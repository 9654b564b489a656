"""The region's figures of a procedure, computed over every valid row of a regional export.

A municipality receives the region's file with every school of the region (``--regional``).
Its own rows are stored as usual; all valid rows — its own and other municipalities' — give
the region's line: the same `results.*` indicators, mark shares and task completion that the
pages compute for the municipality (docs/methodology.md#regional-export). They are kept as
the region's reference values of origin ``file``; figures the department entered from the
official ФИС ОКО reports take precedence over them on the pages.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import mark_distribution, present, results_indicators
from msoko.analytics.columns import C
from msoko.analytics.tasks import COMPLETION, task_completion_wide
from msoko.assessments.encoding import task_scores
from msoko.assessments.models import Procedure, ReferenceOrigin, ReferenceScope, ReferenceValue

REGION = "Регион"  # the «Код ОО» of the region's rows in exports (spec/cli.md)
#: the `results.*` indicators stored for the region: analytics column → metric (= catalogue code)
INDICATOR_COLUMNS = (
    "participants",
    "success_rate",
    "quality_rate",
    "mean_percent",
    "marks_lowered",
    "marks_confirmed",
    "marks_raised",
)
INDICATOR_PREFIX = "results."


def region_figures(rows: pl.DataFrame, tasks: pl.DataFrame, *, max_score: int) -> dict[str, float]:
    """metric → value over ``rows`` (participants of the whole file, valid rows only).

    ``rows`` has the columns of a parsed `results` file (absent, scores, total, mark,
    journal_mark); ``tasks`` is the scheme's task frame (``selectors.scheme_tasks``).
    """
    region = rows.with_columns(pl.lit(REGION).alias(C.ORG_CODE))
    figures: dict[str, float] = {}
    indicators = results_indicators(region, by=[C.ORG_CODE], max_score=max_score)
    if indicators.is_empty():
        return figures
    first = indicators.row(0, named=True)
    figures |= {
        f"{INDICATOR_PREFIX}{column}": float(first[column])
        for column in INDICATOR_COLUMNS
        if first[column] is not None
    }
    marks = mark_distribution(region, by=[C.ORG_CODE]).row(0, named=True)
    figures |= {f"p{m}": float(marks[f"p{m}"]) for m in (2, 3, 4, 5)}
    labels = tasks.get_column(C.TASK).to_list()
    wide = task_scores(present(region), labels=labels)
    completion = task_completion_wide(wide, tasks, by=[C.ORG_CODE])
    figures |= {
        f"task:{label}": float(value)
        for label, value in completion.select(C.TASK, COMPLETION).iter_rows()
        if value is not None
    }
    return figures


def store_region_figures(procedure: Procedure, figures: dict[str, float]) -> tuple[int, int]:
    """Replace the procedure's region figures computed from a file; returns (written, replaced).

    Entered figures (origin ``entered``) are never touched.
    """
    earlier = ReferenceValue.objects.filter(
        procedure=procedure, scope=ReferenceScope.REGION, origin=ReferenceOrigin.FILE
    )
    replaced, _ = earlier.delete()
    ReferenceValue.objects.bulk_create(
        ReferenceValue(
            procedure=procedure,
            scope=ReferenceScope.REGION,
            metric=metric,
            value=round(value, 2),
            origin=ReferenceOrigin.FILE,
        )
        for metric, value in figures.items()
    )
    return len(figures), replaced


def link_region_record(procedure_id: int, record_id: int | None) -> None:
    """The region's figures point at the import that computed them."""
    ReferenceValue.objects.filter(
        procedure_id=procedure_id, scope=ReferenceScope.REGION, origin=ReferenceOrigin.FILE
    ).update(import_record_id=record_id)

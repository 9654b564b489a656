"""Direction 1's computation in every recompute: the `results.*` and `gia.*` indicators.

The frames come from the run (each procedure read once for every computation); the pipeline
writes the values.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import municipality, results_indicators
from msoko.analytics.gia import gia_indicators
from msoko.analytics.marks import annual_marks_indicators
from msoko.assessments.services.region import REGION
from msoko.indicators.catalogue import CATALOGUE
from msoko.pipeline.computations import VALUE_COLUMNS, Computation, Outcome, organisation_values
from msoko.pipeline.frames import YearFrames

#: column of the analytics output → catalogue code: declared once, in the catalogue
RESULTS_CODES = CATALOGUE.computed_by("achievement.results")
GIA_CODES = CATALOGUE.computed_by("achievement.gia")
MARKS_CODES = CATALOGUE.computed_by("achievement.marks")


def achievement_values(frames: YearFrames) -> Outcome:
    """`results.*` of every procedure with a task matrix and `gia.*` of every exam subject,
    per school and for the municipality («МО»); the region («Регион») where a regional export
    gave its figures."""
    parts = []
    region = frames.region_indicators().filter(pl.col("code").is_in(list(RESULTS_CODES.values())))
    for procedure in frames.procedures():
        results = frames.results(procedure)
        max_score = procedure.scheme.max_score
        both = pl.concat(
            [
                results_indicators(results, by=["org_code"], max_score=max_score),
                results_indicators(municipality(results), by=["org_code"], max_score=max_score),
            ]
        )
        parts.append(
            _long(both, RESULTS_CODES).with_columns(
                procedure=pl.lit(procedure.kind),
                subject=pl.lit(procedure.subject),
                grade=pl.lit(procedure.grade),
            )
        )
        own = region.filter(pl.col("procedure_id") == procedure.pk)
        if own.height:
            parts.append(
                own.select(
                    pl.lit(REGION).alias("org_code"),
                    "code",
                    "value",
                    procedure=pl.lit(procedure.kind),
                    subject=pl.lit(procedure.subject),
                    grade=pl.lit(procedure.grade),
                )
            )
    gia = frames.gia()
    if not gia.is_empty():
        both = pl.concat(
            [gia_indicators(gia, by=["org_code"]), gia_indicators(municipality(gia), by=["org_code"])]
        )
        parts.append(
            _long(both, GIA_CODES, keep=["exam", "subject"])
            .rename({"exam": "procedure"})
            .with_columns(grade=pl.lit(None, dtype=pl.Int64))
        )
    marks = frames.marks()
    if not marks.filter(pl.col("period") == "год").is_empty():
        parts.append(organisation_values(annual_marks_indicators(marks), MARKS_CODES))
    values = pl.concat([f.select(VALUE_COLUMNS) for f in parts], how="vertical_relaxed") if parts else None
    return Outcome(values=values)


COMPUTATION = Computation(
    code="achievement", title="показатели достижений", order=10, compute=achievement_values
)


def _long(wide: pl.DataFrame, codes: dict[str, str], *, keep: list[str] | None = None) -> pl.DataFrame:
    """Wide indicator columns → one row per (organisation, indicator), nulls kept out."""
    return (
        wide.unpivot(
            index=["org_code", *(keep or [])], on=list(codes), variable_name="code", value_name="value"
        )
        .filter(pl.col("value").is_not_null())
        .with_columns(pl.col("code").replace_strict(codes), pl.col("value").cast(pl.Float64))
    )

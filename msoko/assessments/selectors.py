"""Reads of procedures, schemes and results (for importers, pages and analytics)."""

from __future__ import annotations

import io
from typing import Any

import polars as pl

from msoko.assessments.importers.results import WorkShape
from msoko.assessments.models import Procedure, ResultCoverage, ResultData, Scheme


def work_shape(scheme: Scheme) -> WorkShape:
    tasks = list(scheme.tasks.order_by("position"))
    return WorkShape(
        labels=tuple(t.label for t in tasks),
        maxima=tuple(t.max_score for t in tasks),
        scale={int(k): int(v) for k, v in scheme.scale.items()},
        grade=scheme.procedure.grade or 0,
    )


RESULT_SCHEMA = {
    "org_id": pl.Int64,
    "class_name": pl.String,
    "participant_code": pl.String,
    "variant": pl.String,
    "absent": pl.Boolean,
    "scores": pl.String,
    "total": pl.Int64,
    "mark": pl.Int64,
    "journal_mark": pl.Int64,
    "sex": pl.String,
}


def encode_block(frame: pl.DataFrame) -> bytes:
    """The stored form of a batch's rows (columns of :data:`RESULT_SCHEMA`)."""
    buffer = io.BytesIO()
    frame.select(pl.col(name).cast(dtype) for name, dtype in RESULT_SCHEMA.items()).write_ipc(
        buffer, compression="zstd"
    )
    return buffer.getvalue()


def results_frame(procedure: Procedure, *, viewer: Any | None = None) -> pl.DataFrame:
    """The current participants of one procedure: one row each, columns of :data:`RESULT_SCHEMA`.

    ``viewer`` scopes the rows to the organisations that user may see (None: all, for
    services). The blocks come in one query; organisations whose data a later batch replaced
    are dropped with a semi-join. Decode the task scores with ``encoding.task_scores``.
    """
    coverage = ResultCoverage.objects.filter(procedure=procedure, active=True)
    if viewer is not None:
        coverage = coverage.visible_to(viewer)
    current = pl.DataFrame(
        list(coverage.values_list("batch_id", "organization_id")),
        schema={"batch_id": pl.Int64, "org_id": pl.Int64},
        orient="row",
    )
    if current.is_empty():
        return pl.DataFrame(schema=RESULT_SCHEMA)
    blocks = ResultData.objects.filter(batch_id__in=current["batch_id"].unique().to_list()).values_list(
        "batch_id", "data"
    )
    frames = [
        pl.read_ipc(io.BytesIO(bytes(data))).with_columns(batch_id=pl.lit(batch_id))
        for batch_id, data in blocks
    ]
    return (
        pl.concat(frames)
        .join(current, on=["batch_id", "org_id"], how="semi")
        .select(list(RESULT_SCHEMA))
        .sort("org_id", "class_name", "participant_code")
    )

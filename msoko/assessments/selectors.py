"""Reads of procedures, schemes and results (for importers, pages and analytics)."""

from __future__ import annotations

from typing import Any

import polars as pl
from django.db import connection

from msoko.assessments.importers.results import WorkShape
from msoko.assessments.models import Procedure, Result, Scheme


def work_shape(scheme: Scheme) -> WorkShape:
    tasks = list(scheme.tasks.order_by("position"))
    return WorkShape(
        labels=tuple(t.label for t in tasks),
        maxima=tuple(t.max_score for t in tasks),
        scale={int(k): int(v) for k, v in scheme.scale.items()},
        grade=scheme.procedure.grade or 0,
    )


def results_frame(procedure: Procedure, *, viewer: Any | None = None) -> pl.DataFrame:
    """One procedure's participants in one query: org, class, code, scores text, total, marks.

    ``viewer`` scopes the rows to what that user may see (None: everything, for services).
    Decode the task scores with :func:`msoko.assessments.encoding.task_scores`.
    """
    queryset = Result.objects.filter(procedure=procedure)
    if viewer is not None:
        queryset = queryset.visible_to(viewer)
    queryset = queryset.values_list(
        "organization_id",
        "organization__code",
        "class_name",
        "participant_code",
        "variant",
        "absent",
        "scores",
        "total",
        "mark",
        "journal_mark",
        "sex",
    )
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    schema = {
        "org_id": pl.Int64,
        "org_code": pl.String,
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
    return pl.DataFrame(rows, schema=schema, orient="row")

"""Insert a Polars frame into a table fast: COPY on PostgreSQL, executemany on SQLite.

Django's bulk_create builds a model instance per row; for a million result rows that alone
costs more than the whole import may. Callers validate first and pass plain columns.
"""

from __future__ import annotations

import io

import polars as pl
from django.db import connection, models

BATCH_ROWS = 50_000
NULL = r"\N"


def bulk_insert(model: type[models.Model], frame: pl.DataFrame) -> int:
    """Insert ``frame``'s rows; its columns are the model's column names (``organization_id`` …)."""
    if frame.is_empty():
        return 0
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(c) for c in frame.columns)
    if connection.vendor == "postgresql":
        buffer = io.BytesIO()
        frame.write_csv(buffer, include_header=False, null_value=NULL, quote_style="non_numeric")
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv, NULL '{NULL}')"
            ) as copy,
        ):
            copy.write(buffer.getvalue())
        return frame.height
    placeholders = ", ".join(["%s"] * frame.width)
    sql = f"INSERT INTO {table} ({columns}) VALUES ({placeholders})"
    with connection.cursor() as cursor:
        for start in range(0, frame.height, BATCH_ROWS):
            cursor.executemany(sql, frame.slice(start, BATCH_ROWS).rows())
    return frame.height

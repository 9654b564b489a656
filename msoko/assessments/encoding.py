"""How one participant's task scores are stored: one short text, decoded in bulk by Polars.

Tokens are joined with ``,`` in the order of the scheme's tasks: a score is its digits, ``X``
is a task not attempted (counts 0) and ``N`` a topic not taught yet («не пройд.»: counts 0
in the total and is left out of task-completion percentages). «3,0,X,1» is four tasks.
A text column is portable between SQLite and PostgreSQL, inserts fast, and
``str.split`` turns a whole procedure into a participants × tasks frame without a Python loop.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

SEPARATOR = ","
NOT_ATTEMPTED = "X"
NOT_TAUGHT = "N"


def encoded_scores(token_columns: Sequence[str]) -> pl.Expr:
    """One text per row from the token columns (already validated tokens)."""
    return pl.concat_str([pl.col(c) for c in token_columns], separator=SEPARATOR)


def task_scores(
    frame: pl.DataFrame, *, labels: Sequence[str], column: str = "scores", dtype: pl.DataType = pl.Int64
) -> pl.DataFrame:
    """Wide decode: one Int column per task label with the score (X → 0, N → null).

    Rows whose ``column`` is null (absent participants) get nulls everywhere. The text is split
    into a struct of fixed width and every token is read as a number (X → 0; anything that is
    not a score 0–99 → null): a region's million participants decode in under a second. The
    split tokens take far more memory than the scores, so rows are decoded
    :data:`DECODE_ROWS` at a time.
    """
    width = max(len(labels) - 1, 0)

    def decode(part: pl.DataFrame) -> pl.DataFrame:
        tokens = part.select(pl.col(column).str.split_exact(SEPARATOR, width).struct.unnest())
        return tokens.select(
            _token_score(pl.col(f"field_{i}")).cast(dtype).alias(label) for i, label in enumerate(labels)
        )

    scores = [decode(frame.slice(offset, DECODE_ROWS)) for offset in range(0, frame.height, DECODE_ROWS)]
    wide = pl.concat(scores).rechunk() if scores else decode(frame)
    return frame.with_columns(wide.get_columns())


#: rows decoded at a time by :func:`task_scores`
DECODE_ROWS = 200_000


def _token_score(token: pl.Expr) -> pl.Expr:
    """The score a stored token stands for, as :data:`TOKEN_VALUES` maps it (tokens as the
    importer writes them: a score 0–99, «X» or «N»)."""
    number = token.str.to_integer(strict=False).cast(pl.Int64)
    return (
        pl.when(token == NOT_ATTEMPTED)
        .then(pl.lit(0, dtype=pl.Int64))
        # the importer writes canonical tokens («7», never «07» or «+7»): no string check needed
        .when(number.is_between(0, 99))
        .then(number)
    )


#: token → score; «N» (not taught) and anything else is null
TOKEN_VALUES = {NOT_ATTEMPTED: 0, **{str(score): score for score in range(100)}}


def task_scores_long(
    frame: pl.DataFrame, *, labels: Sequence[str], keep: Sequence[str], column: str = "scores"
) -> pl.DataFrame:
    """Long decode: one row per participant and task with ``task``, ``token`` and ``task_score``."""
    label_list = pl.lit(pl.Series([list(labels)], dtype=pl.List(pl.String))).first()
    return (
        frame.filter(pl.col(column).is_not_null())
        .select(*keep, pl.col(column).str.split(SEPARATOR).alias("token"), label_list.alias("task"))
        .explode("token", "task")
        .with_columns(
            pl.when(pl.col("token") == NOT_TAUGHT)
            .then(None)
            .when(pl.col("token") == NOT_ATTEMPTED)
            .then(0)
            .otherwise(pl.col("token").cast(pl.Int64, strict=False))
            .alias("task_score")
        )
    )

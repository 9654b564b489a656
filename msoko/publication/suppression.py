"""Small-group suppression of the public table (docs/methodology.md#public-page).

Pure Polars: no Django, no I/O. The shared privacy rule is «aggregates shown to the public
suppress small groups» (shared/ARCHITECTURE.md, Data).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

#: the common small-group rule: a group of fewer people is never shown (MSOKO_PUBLIC_MIN_GROUP)
MIN_GROUP = 10
#: `org_code` of the municipality's row
MUNICIPALITY = "МО"

_ROW, _ALL, _SIZE = "__row", "__table", "__size"


def suppressed(
    table: pl.DataFrame,
    *,
    min_group: int = MIN_GROUP,
    by: Sequence[str] = (),
    org_code: str = "org_code",
    participants: str = "participants",
) -> pl.DataFrame:
    """``table`` with a boolean ``suppressed`` column: which groups the public must not see.

    Input: one row per group (a school, or the municipality with ``org_code`` «МО») of one
    table (procedure × subject × grade); with ``by``, several tables at once, keyed by ``by``.
    Output: the same rows in the same order, plus ``suppressed``.

    * a group with fewer than ``min_group`` participants (null counts as 0) is suppressed —
      the municipality's row too;
    * when the municipality's row is shown and exactly one school is suppressed, its count
      could be back-calculated from the total, so the smallest school still shown (ties: the
      lower code) is suppressed as well;
    * when no school is left to suppress (a table of a single school), the municipality's row
      is suppressed instead.
    """
    keys = list(by) or [_ALL]
    is_mo = pl.col(org_code) == MUNICIPALITY
    small = pl.col(_SIZE) < min_group
    candidate = ~is_mo & ~small
    single = (is_mo & ~small).any().over(keys) & ((~is_mo & small).sum().over(keys) == 1)
    frame = table.with_row_index(_ROW).with_columns(
        pl.col(participants).fill_null(0).alias(_SIZE), *([] if by else [pl.lit(0).alias(_ALL)])
    )
    return (
        frame.sort([*keys, _SIZE, org_code])
        .with_columns(
            suppressed=small
            | (single & candidate & (candidate.cum_sum().over(keys) == 1))
            | (single & is_mo & ~candidate.any().over(keys))
        )
        .sort(_ROW)
        .drop(_ROW, _SIZE, *([] if by else [_ALL]))
    )

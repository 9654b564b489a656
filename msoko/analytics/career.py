"""Direction 4 (career guidance): what the ЕГЭ results say of the graduates' choices.

Input: the ГИА frame of a year (``selectors.gia_frame``): one row per participant × exam ×
subject with ``org_code``, ``participant_code``, ``exam``, ``subject``, ``test_score``, ``mark``
(docs/methodology.md#career-indicators).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, municipality
from msoko.analytics.columns import C
from msoko.analytics.gia import EGE_MINIMUM, failed_expr

#: a graduate «ready for a university» passes the minimum in this many ЕГЭ subjects or more
UNIVERSITY_SUBJECTS = 3


def career_indicators(gia: pl.DataFrame, *, minimums: Mapping[str, int] = EGE_MINIMUM) -> pl.DataFrame:
    """``org_code`` (each school, then «МО») with, over the ЕГЭ participants (graduates):

    * ``ege_three_subjects_share`` — % who passed the minimum in three or more subjects;
    * ``ege_all_passed_share`` — % with no subject below the minimum (a subject whose minimum is
      unknown counts neither way).
    """
    ege = gia.filter(pl.col("exam") == "ЕГЭ").with_columns(failed_expr(minimums).alias("failed"))
    graduates = ege.group_by(C.ORG_CODE, C.PARTICIPANT).agg(
        # a subject without a known minimum is null: it counts neither way
        (~pl.col("failed")).sum().alias("passed"),
        pl.col("failed").sum().alias("failed"),
    )
    # the municipality counts a graduate once, whatever schools the rows name
    both = pl.concat([graduates, municipality(graduates.unique(C.PARTICIPANT, keep="first"))])
    return (
        both.group_by(C.ORG_CODE, maintain_order=True)
        .agg(
            ((pl.col("passed") >= UNIVERSITY_SUBJECTS).mean() * 100).alias("ege_three_subjects_share"),
            ((pl.col("failed") == 0) & (pl.col("passed") > 0)).mean().mul(100).alias("ege_all_passed_share"),
        )
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )

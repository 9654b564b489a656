"""Student-level cohorts: the same participants a year earlier, one grade lower.

Only meaningful where a region's participant codes are stable across years (ФИС ОКО codes are
not: the setting ``MSOKO_STABLE_PARTICIPANT_CODES`` says so); otherwise the cohort is followed
through organisation and grade (docs/methodology.md#cohorts).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.columns import C

PREVIOUS_PERCENT = "prev_percent"


def previous_percent(previous: pl.DataFrame, *, max_score: int) -> pl.DataFrame:
    """Each participant's % of the maximum in last year's procedure: participant_code, prev_percent.

    A code present twice (a pupil who wrote it in two schools, or a reused code) keeps the mean.
    """
    return (
        present(previous)
        .group_by(C.PARTICIPANT)
        .agg((pl.col(C.TOTAL) / max_score * 100).mean().alias(PREVIOUS_PERCENT))
    )


def student_cohort(
    current: pl.DataFrame, previous: pl.DataFrame, *, by: list[str], max_score: int, previous_max: int
) -> pl.DataFrame:
    """Per group: the participants found in last year's procedure and how their % changed.

    Output: ``by`` + cohort_matched (participants with a result in both), cohort_share (% of
    the group's participants with a result who were found), cohort_then and cohort_now (mean %
    of the maximum of the matched participants a year ago and now) and cohort_delta (now − then,
    percentage points). Groups with no participant with a result do not appear.
    """
    found = present(current).join(
        previous_percent(previous, max_score=previous_max), on=C.PARTICIPANT, how="left"
    )
    now = pl.col(C.TOTAL) / max_score * 100
    matched = pl.col(PREVIOUS_PERCENT).is_not_null()
    return (
        found.group_by(by)
        .agg(
            cohort_matched=matched.sum().cast(pl.Int64),
            cohort_share=matched.mean() * 100,
            cohort_then=pl.col(PREVIOUS_PERCENT).filter(matched).mean(),
            cohort_now=now.filter(matched).mean(),
        )
        .with_columns(cohort_delta=pl.col("cohort_now") - pl.col("cohort_then"))
        .sort(by)
    )

"""Achievement indicators of a procedure (spec/cli.md, `results.*`): per class, school, municipality.

Input grain everywhere here: one row per participant of one procedure (the frame of
``selectors.results_frame``), with C.ABSENT, C.TOTAL, C.MARK, C.JOURNAL_MARK and the
grouping columns ``by`` (at least one: use :func:`municipality` for the whole municipality).
Percentages are 0–100 and computed over participants with a result.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.columns import C

MUNICIPALITY = "МО"  # the «Код ОО» of the municipality as a whole (spec/cli.md)


def present(results: pl.DataFrame) -> pl.DataFrame:
    """Participants with a result: absent rows and rows without a total are left out.

    Rows that are all present come back as they are, not copied: the recompute keeps the
    present pupils of each work, and every criterion asking again would copy a million rows."""
    keep = results.select(~pl.col(C.ABSENT).fill_null(False) & pl.col(C.TOTAL).is_not_null()).to_series()
    return results if keep.all() else results.filter(keep)


def present_columns(results: pl.DataFrame, by: list[str], *columns: str) -> pl.DataFrame:
    """:func:`present` of ``by`` and ``columns`` only. A group-by over the whole frame has
    Polars copy every column of it first, the pupils' codes and encoded scores included: a
    region's analysis page stacks a million pupils twice (+375 MB)."""
    return present(results.select(list(dict.fromkeys([*by, *columns, C.TOTAL, C.ABSENT]))))


def results_indicators(results: pl.DataFrame, *, by: list[str], max_score: int) -> pl.DataFrame:
    """The `results.*` indicators per group (docs/methodology.md#results-indicators).

    Output: ``by`` + participants, success_rate (% with «3»–«5»), quality_rate (% with «4»,
    «5»), mean_percent (mean of total / max_score × 100), with_journal (participants who have
    a journal mark), marks_lowered / marks_confirmed / marks_raised (% of with_journal whose
    procedure mark is below / equal to / above the journal mark; null when nobody has one).
    Groups with no participant with a result do not appear. Sorted by ``by``.
    """
    journal = pl.col(C.JOURNAL_MARK).is_not_null()
    out = (
        present_columns(results, by, C.MARK, C.JOURNAL_MARK)
        .group_by(by)
        .agg(
            participants=pl.len(),
            success_rate=(pl.col(C.MARK) >= 3).mean() * 100,
            quality_rate=(pl.col(C.MARK) >= 4).mean() * 100,
            mean_percent=(pl.col(C.TOTAL) / max_score * 100).mean(),
            with_journal=journal.sum(),
            lowered=(journal & (pl.col(C.MARK) < pl.col(C.JOURNAL_MARK))).sum(),
            confirmed=(journal & (pl.col(C.MARK) == pl.col(C.JOURNAL_MARK))).sum(),
            raised=(journal & (pl.col(C.MARK) > pl.col(C.JOURNAL_MARK))).sum(),
        )
    )
    share = {
        f"marks_{name}": pl.when(pl.col("with_journal") > 0).then(pl.col(name) / pl.col("with_journal") * 100)
        for name in ("lowered", "confirmed", "raised")
    }
    columns = [*by, "participants", "success_rate", "quality_rate", "mean_percent", "with_journal", *share]
    return out.with_columns(**share).select(columns).sort(by)


def mark_distribution(results: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """Count and % of participants with each mark 2–5 per group («Статистика по отметкам»).

    Output: ``by`` + participants, n2..n5, p2..p5 (0–100); marks absent in a group count 0.
    """
    counts = (
        present_columns(results, by, C.MARK)
        .group_by(by)
        .agg(participants=pl.len(), **{f"n{m}": (pl.col(C.MARK) == m).sum() for m in (2, 3, 4, 5)})
        .with_columns(**{f"p{m}": pl.col(f"n{m}") / pl.col("participants") * 100 for m in (2, 3, 4, 5)})
    )
    columns = [*by, "participants", *(f"n{m}" for m in (2, 3, 4, 5)), *(f"p{m}" for m in (2, 3, 4, 5))]
    return counts.select(columns).sort(by)


def score_distribution(results: pl.DataFrame, *, by: list[str], max_score: int) -> pl.DataFrame:
    """Participants per primary score 0..max_score per group («Распределение первичных баллов»).

    Output: ``by`` + score, count, percent (0–100 of the group's participants); every score
    from 0 to max_score appears, with count 0 where nobody has it.
    """
    rows = present_columns(results, by)
    scores = pl.DataFrame({"score": list(range(max_score + 1))}, schema={"score": pl.Int64})
    counts = rows.group_by([*by, pl.col(C.TOTAL).cast(pl.Int64).alias("score")]).agg(count=pl.len())
    totals = rows.group_by(by).agg(participants=pl.len())
    return (
        totals.join(scores, how="cross")
        .join(counts, on=[*by, "score"], how="left")
        .with_columns(pl.col("count").fill_null(0))
        .with_columns(percent=pl.col("count") / pl.col("participants") * 100)
        .select(*by, "score", "count", "percent")
        .sort([*by, "score"])
    )


def municipality(results: pl.DataFrame) -> pl.DataFrame:
    """The same rows as one group whose «Код ОО» is «МО», for the municipal level."""
    return results.with_columns(pl.lit(MUNICIPALITY).alias(C.ORG_CODE))

"""The frames of the journal-marks page, built from ``analytics.marks.marks_quality`` (pure Polars).

Units are the schools and the municipality («МО», every school's marks together), or a school's
subjects and classes. Periods keep the school year's order (``analytics.marks.PERIODS``).
docs/methodology.md#journal-marks.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import mark_distribution, municipality, results_indicators
from msoko.analytics.columns import C
from msoko.analytics.marks import PERIOD, PERIODS, YEAR, marks_quality

MARKS = (2, 3, 4, 5)
#: the journal period a spring ВПР follows: the third term, or the first half-year where a school
#: marks the subject by half-years (10–11 grades, some schools throughout)
PRECEDING = ("3 четверть", "1 полугодие")
RATES = ("marks", "success_rate", "quality_rate", "mean_mark")


def with_grade(marks: pl.DataFrame) -> pl.DataFrame:
    """The marks with ``grade``, the number of the class name («5А» → 5, «11» → 11)."""
    grade = pl.col(C.CLASS_NAME).str.extract(r"^(\d{1,2})", 1).cast(pl.Int64)
    return marks.with_columns(grade.alias(C.GRADE))


def periods_in(marks: pl.DataFrame) -> list[str]:
    """The periods that have marks, in the school year's order."""
    present = set(marks[PERIOD].unique().to_list())
    return [p for p in PERIODS if p in present]


def focus_period(periods: list[str], chosen: str | None) -> str | None:
    """The period the cards and the year-on-year change are about: the chosen one, else the
    year, else the latest period with marks (a year whose annual marks are not in yet)."""
    if chosen:
        return chosen
    if YEAR in periods:
        return YEAR
    return periods[-1] if periods else None


def unit_quality(marks: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """``marks_quality`` per ``by`` (whose first column is ``org_code``) and for the municipality
    as one more unit «МО»."""
    return marks_quality(pl.concat([marks, municipality(marks)], how="diagonal_relaxed"), by=by)


def year_change(
    current: pl.DataFrame, previous: pl.DataFrame | None, *, keys: list[str], period: str
) -> pl.DataFrame:
    """``keys`` + the four rates of ``period`` and success_change, quality_change (percentage
    points) and mean_change against the same period of the previous year; null where the unit
    had no marks of that period then."""
    now = current.filter(pl.col(PERIOD) == period).select(*keys, *RATES)
    if previous is None:
        then = pl.DataFrame(schema={**{k: now.schema[k] for k in keys}, **dict.fromkeys(RATES, pl.Float64)})
    else:
        then = previous.filter(pl.col(PERIOD) == period).select(*keys, *RATES)
    joined = now.join(then, on=keys, how="left", suffix="_before")
    return joined.select(
        *keys,
        *RATES,
        (pl.col("success_rate") - pl.col("success_rate_before")).alias("success_change"),
        (pl.col("quality_rate") - pl.col("quality_rate_before")).alias("quality_change"),
        (pl.col("mean_mark") - pl.col("mean_mark_before")).alias("mean_change"),
    )


def period_matrix(quality: pl.DataFrame, *, keys: list[str], periods: list[str]) -> pl.DataFrame:
    """One row per ``keys``: success_<i> and quality_<i> of the i-th of ``periods`` and ``cells``,
    the same as a list of {period, success, quality} for the page; null where no marks.
    ``periods`` is not empty; rows keep the order of ``quality``."""
    picked = [
        pl.col(rate).filter(pl.col(PERIOD) == period).first().alias(f"{rate.split('_')[0]}_{i}")
        for i, period in enumerate(periods)
        for rate in ("success_rate", "quality_rate")
    ]
    cells = pl.concat_list(
        pl.struct(
            pl.lit(period).alias("period"),
            pl.col(f"success_{i}").alias("success"),
            pl.col(f"quality_{i}").alias("quality"),
        )
        for i, period in enumerate(periods)
    )
    return quality.group_by(keys, maintain_order=True).agg(picked).with_columns(cells.alias("cells"))


def preceding_journal(marks: pl.DataFrame) -> pl.DataFrame:
    """The journal marks of the period before a spring ВПР per school (and «МО») × subject ×
    grade: journal_period, journal_marks and j2..j5 (% of those marks).

    Each school's period is the first of :data:`PRECEDING` it has marks of in that subject and
    grade; the municipality pools the periods its schools use (its label names both if they
    differ). Marks of other periods are ignored.
    """
    keys = [C.ORG_CODE, C.SUBJECT, C.GRADE]
    rank = pl.col(PERIOD).replace_strict({p: i for i, p in enumerate(PRECEDING)}, default=None)
    candidates = marks.filter(pl.col(PERIOD).is_in(PRECEDING))
    chosen = candidates.group_by(keys).agg(pl.col(PERIOD).sort_by(rank).first())
    rows = candidates.join(chosen, on=[*keys, PERIOD], how="semi")
    return (
        pl.concat([rows, municipality(rows)])
        .group_by(keys)
        .agg(
            # «3 четверть» sorts after «1 полугодие»: descending puts the term first, as PRECEDING
            pl.col(PERIOD).unique().sort(descending=True).str.join(" / ").alias("journal_period"),
            pl.len().alias("journal_marks"),
            *((pl.col(C.MARK) == m).mean().mul(100).alias(f"j{m}") for m in MARKS),
        )
        .sort(keys)
    )


def vpr_against_journal(results: pl.DataFrame, *, max_score: int) -> pl.DataFrame:
    """Per ``org_code`` of one ВПР: participants, p2..p5 (% of ВПР marks), with_journal and
    marks_lowered / marks_confirmed / marks_raised — the ФИС ОКО comparison of each pupil's
    ВПР mark with the journal mark of the file, as on the objectivity pages
    (``results_indicators``, docs/methodology.md#marks-vs-journal)."""
    comparison = results_indicators(results, by=[C.ORG_CODE], max_score=max_score).select(
        C.ORG_CODE, "with_journal", "marks_lowered", "marks_confirmed", "marks_raised"
    )
    distribution = mark_distribution(results, by=[C.ORG_CODE]).select(
        C.ORG_CODE, "participants", *(f"p{m}" for m in MARKS)
    )
    return distribution.join(comparison, on=C.ORG_CODE, how="left")

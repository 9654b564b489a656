"""Journal marks, analysed (seed 004, 2.6–2.7: «мониторинг качества успеваемости (1 раз в
полугодие и за год)»): успеваемость and качество per group and period.

Input grain: one row per pupil × subject × period of the `marks` import: ``org_code``,
``class_name``, ``subject``, ``period`` («1 четверть» … «год»), ``mark`` 2–5
(docs/methodology.md#journal-marks).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, municipality
from msoko.analytics.columns import C

PERIOD = "period"
YEAR = "год"
#: the order periods are shown in
PERIODS = ("1 четверть", "2 четверть", "1 полугодие", "3 четверть", "4 четверть", "2 полугодие", YEAR)


def marks_quality(marks: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """``by`` + ``period`` with marks (count), success_rate (% of «3»–«5»), quality_rate (% of
    «4», «5») and mean_mark; sorted by ``by`` and the school year's order of periods."""
    order = {period: i for i, period in enumerate(PERIODS)}
    return (
        marks.group_by([*by, PERIOD])
        .agg(
            pl.len().alias("marks"),
            ((pl.col(C.MARK) >= 3).mean() * 100).alias("success_rate"),
            ((pl.col(C.MARK) >= 4).mean() * 100).alias("quality_rate"),
            pl.col(C.MARK).mean().alias("mean_mark"),
        )
        .sort([*by, pl.col(PERIOD).replace_strict(order, default=len(order))])
    )


def annual_marks_indicators(marks: pl.DataFrame) -> pl.DataFrame:
    """``org_code`` (each school, then «МО») with the success and quality rates of the annual
    marks of every subject (`marks.success_rate`, `marks.quality_rate`)."""
    annual = marks.filter(pl.col(PERIOD) == YEAR)
    both = pl.concat([annual, municipality(annual)])
    return (
        marks_quality(both, by=[C.ORG_CODE])
        .drop(PERIOD, "marks", "mean_mark")
        .sort(pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE)
    )

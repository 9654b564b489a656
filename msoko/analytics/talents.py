"""Direction 3 (talents): the olympiad indicators of spec/cli.md, per school and for «МО».

Input grain: one row per participant of one stage of ВсОШ in one subject (the olympiad
protocols): ``org_code`` (the participant's school in that protocol), ``participant_code``,
``subject``, ``stage`` (``школьный``, ``муниципальный``, ``региональный``, ``заключительный``)
and ``status`` (``участник``, ``призёр``, ``победитель``). Counted as (participant, subject)
pairs, so one pupil in two subjects is two (docs/methodology.md#talents-indicators).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY
from msoko.analytics.columns import C

SCHOOL, MUNICIPAL, REGIONAL, FINAL = "школьный", "муниципальный", "региональный", "заключительный"
AWARDED = ("победитель", "призёр")
STAGE = "stage"
STATUS = "status"
PAIR = [C.PARTICIPANT, C.SUBJECT]


def talents_indicators(olympiad: pl.DataFrame) -> pl.DataFrame:
    """``org_code`` (each school, then «МО») with:

    * ``municipal_participants`` — (participant, subject) pairs at the municipal stage;
    * ``municipal_winners`` — of them, winners and prize-winners (spec: talents.municipal_winners);
    * ``winners_per_100_participants`` — municipal_winners / municipal_participants × 100;
    * ``regional_stage_share`` — % of the winner pairs whose participant took part in the
      regional stage in the same subject (and year: the frame is one year); null without winners.
    """
    municipal = olympiad.filter(pl.col(STAGE) == MUNICIPAL).unique([C.ORG_CODE, *PAIR])
    regional = (
        olympiad.filter(pl.col(STAGE) == REGIONAL)
        .select(PAIR)
        .unique()
        .with_columns(pl.lit(True).alias("regional"))
    )
    pairs = municipal.join(regional, on=PAIR, how="left").with_columns(
        pl.col("regional").fill_null(False), pl.col(STATUS).is_in(AWARDED).alias("awarded")
    )
    per_school = _count(pairs, by=[C.ORG_CODE])
    whole = _count(pairs.unique(PAIR).with_columns(pl.lit(MUNICIPALITY).alias(C.ORG_CODE)), by=[C.ORG_CODE])
    return pl.concat([per_school.sort(C.ORG_CODE), whole])


def _count(pairs: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    awarded = pl.col("awarded")
    return (
        pairs.group_by(by)
        .agg(
            pl.len().alias("municipal_participants"),
            awarded.sum().alias("municipal_winners"),
            (awarded & pl.col("regional")).sum().alias("winners_at_regional"),
        )
        .with_columns(
            (pl.col("municipal_winners") / pl.col("municipal_participants") * 100).alias(
                "winners_per_100_participants"
            ),
            pl.when(pl.col("municipal_winners") > 0)
            .then(pl.col("winners_at_regional") / pl.col("municipal_winners") * 100)
            .alias("regional_stage_share"),
        )
        .select(
            *by,
            pl.col("municipal_participants").cast(pl.Int64),
            pl.col("municipal_winners").cast(pl.Int64),
            "winners_per_100_participants",
            "regional_stage_share",
        )
    )

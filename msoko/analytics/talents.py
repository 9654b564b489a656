"""Direction 3 (talents): the olympiad indicators of spec/cli.md, per school and for «МО».

Input grain: one row per participant of one stage of ВсОШ in one subject (the olympiad
protocols): ``org_code`` (the participant's school in that protocol), ``participant_code``,
``subject``, ``stage`` (``школьный``, ``муниципальный``, ``региональный``, ``заключительный``)
and ``status`` (``участник``, ``призёр``, ``победитель``). Counted as (participant, subject)
pairs, so one pupil in two subjects is two (docs/methodology.md#talents-indicators).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, municipality
from msoko.analytics.columns import C

SCHOOL, MUNICIPAL, REGIONAL, FINAL = "школьный", "муниципальный", "региональный", "заключительный"
AWARDED = ("победитель", "призёр")
STAGE = "stage"
STATUS = "status"
PAIR = [C.PARTICIPANT, C.SUBJECT]


def talents_indicators(olympiad: pl.DataFrame, students: pl.DataFrame | None = None) -> pl.DataFrame:
    """``org_code`` (each school, then «МО») with:

    * ``municipal_participants`` — (participant, subject) pairs at the municipal stage;
    * ``municipal_winners`` — of them, winners and prize-winners (spec: talents.municipal_winners);
    * ``winners_per_100_participants`` — municipal_winners / municipal_participants × 100;
    * ``regional_stage_share`` — % of the winner pairs whose participant took part in the
      regional stage in the same subject (and year: the frame is one year); null without winners;
    * ``school_stage_per_100`` and ``municipal_stage_per_100`` — pairs of the school and of the
      municipal stage per 100 pupils (``students``: ``org_code``, ``students`` from the registry;
      null where the number of pupils is unknown);
    * ``subjects_without_municipal`` — subjects of the municipal stage (anyone's) in which the
      school had no participant; not computed for «МО».
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
    whole = _count(municipality(pairs.unique(PAIR)), by=[C.ORG_CODE])
    out = pl.concat([per_school.sort(C.ORG_CODE), whole])
    return out.join(_coverage(olympiad, students), on=C.ORG_CODE, how="full", coalesce=True).sort(
        pl.col(C.ORG_CODE) == MUNICIPALITY, C.ORG_CODE
    )


def _coverage(olympiad: pl.DataFrame, students: pl.DataFrame | None) -> pl.DataFrame:
    """Stage pairs per 100 pupils and the municipal subjects a school missed."""
    stage_pairs = olympiad.unique([C.ORG_CODE, STAGE, *PAIR])
    counts = stage_pairs.group_by(C.ORG_CODE).agg(
        (pl.col(STAGE) == SCHOOL).sum().alias("school_pairs"),
        (pl.col(STAGE) == MUNICIPAL).sum().alias("municipal_pairs"),
    )
    whole = stage_pairs.unique([STAGE, *PAIR]).select(
        pl.lit(MUNICIPALITY).alias(C.ORG_CODE),
        (pl.col(STAGE) == SCHOOL).sum().alias("school_pairs"),
        (pl.col(STAGE) == MUNICIPAL).sum().alias("municipal_pairs"),
    )
    counts = pl.concat([counts, whole], how="vertical_relaxed")
    if students is None or students.is_empty():
        students = pl.DataFrame(schema={C.ORG_CODE: pl.String, "students": pl.Int64})
    pupils = pl.concat(
        [
            students.select(C.ORG_CODE, pl.col("students").cast(pl.Int64)),
            students.select(pl.lit(MUNICIPALITY).alias(C.ORG_CODE), pl.col("students").sum().cast(pl.Int64)),
        ]
    )
    per_pupil = counts.join(pupils, on=C.ORG_CODE, how="left").select(
        C.ORG_CODE,
        *(
            pl.when(pl.col("students") > 0)
            .then(pl.col(f"{stage}_pairs") / pl.col("students") * 100)
            .alias(f"{stage}_stage_per_100")
            for stage in ("school", "municipal")
        ),
    )
    municipal = olympiad.filter(pl.col(STAGE) == MUNICIPAL)
    subjects = municipal.get_column(C.SUBJECT).unique()
    missed = (
        olympiad.select(C.ORG_CODE)
        .unique()
        .join(
            municipal.group_by(C.ORG_CODE).agg(pl.col(C.SUBJECT).unique().alias("taken")),
            on=C.ORG_CODE,
            how="left",
        )
        .select(
            C.ORG_CODE,
            (pl.lit(subjects.len()) - pl.col("taken").list.len().fill_null(0))
            .cast(pl.Int64)
            .alias("subjects_without_municipal"),
        )
    )
    return per_pupil.join(missed, on=C.ORG_CODE, how="left")


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

"""Who the ВсОШ protocols put in the municipal bank of gifted children, and with what.

Pure Polars, no Django: the refresh (``services.refresh_bank``) reads the protocols of every
imported year into one frame and hands it here. Input grain: one row per protocol row, any
year: ``municipality_id``, ``participant_code``, ``org_id`` (the school in that protocol),
``school_year_id``, ``start_year``, ``subject``, ``stage`` (``школьный``, ``муниципальный``,
``региональный``, ``заключительный``), ``status`` (``участник``, ``призёр``, ``победитель``)
and ``grade``. A child is a participant code within a municipality (docs/methodology.md#gifted-bank).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.columns import C
from msoko.analytics.talents import AWARDED, FINAL, MUNICIPAL, REGIONAL, SCHOOL, STAGE, STATUS

MUNICIPALITY = "municipality_id"
CHILD = [MUNICIPALITY, C.PARTICIPANT]
#: the stages in the order a pupil goes through them
STAGE_RANK = {SCHOOL: 1, MUNICIPAL: 2, REGIONAL: 3, FINAL: 4}
STATUS_RANK = {"участник": 1, "призёр": 2, "победитель": 3}


def _stage_rank() -> pl.Expr:
    return pl.col(STAGE).replace_strict(STAGE_RANK, default=0, return_dtype=pl.Int8)


def qualifying_row() -> pl.Expr:
    """True for a protocol row that by itself puts its participant in the bank.

    Our documented rule (docs/methodology.md#gifted-bank): a child is in the bank if in any
    imported year, in any subject, they were

    * a winner or prize-winner of the municipal stage or a higher one, or
    * a participant (whatever the status) of the regional or the final stage.

    Not enough on their own: any result of the school stage (open to every pupil, checked by
    the school itself), and taking part in the municipal stage without an award.
    """
    rank = _stage_rank()
    awarded = pl.col(STATUS).is_in(AWARDED)
    return ((rank >= STAGE_RANK[MUNICIPAL]) & awarded) | (rank >= STAGE_RANK[REGIONAL])


def bank_members(olympiad: pl.DataFrame) -> pl.DataFrame:
    """One row per child the rule includes: ``municipality_id``, ``participant_code`` and
    ``org_id`` — the school of their latest protocol row (the latest year, then its highest
    stage, where the pupil was last seen; a tie goes to the lower org_id). Sorted by the child.
    """
    included = olympiad.filter(qualifying_row()).select(CHILD).unique()
    latest = olympiad.with_columns(stage_rank=_stage_rank()).sort(
        ["start_year", "stage_rank", C.ORG_ID], descending=[True, True, False]
    )
    schools = latest.unique(CHILD, keep="first", maintain_order=True).select(*CHILD, C.ORG_ID)
    return included.join(schools, on=CHILD, how="inner").sort(CHILD)


def protocol_achievements(olympiad: pl.DataFrame) -> pl.DataFrame:
    """The achievements the protocols give every child of the frame, of every stage.

    One row per child × school year × stage × subject, with ``status`` and ``grade``; a
    participant listed by two schools at the same stage keeps the better status (and the
    higher grade). The school stage is kept too: the card shows the child's whole path through
    the olympiad, though the school stage alone never brings a child in. Sorted by the key.
    """
    key = [*CHILD, "school_year_id", STAGE, C.SUBJECT]
    return (
        olympiad.with_columns(pl.col(STATUS).replace_strict(STATUS_RANK, default=0).alias("status_rank"))
        .sort(["status_rank", C.GRADE], descending=True, nulls_last=True)
        .unique(key, keep="first", maintain_order=True)
        .select(*key, STATUS, C.GRADE)
        .sort(key)
    )

"""Build and refresh the bank of gifted children from the ВсОШ protocols of every imported year.

Runs in every recompute (``compute.py`` stores it with the run's other writes) and may be called
directly (the demo, tests). One read of the protocols and a few of the bank, then bulk writes of
the differences only: a second run over the same protocols writes nothing.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import polars as pl
from django.db import transaction
from django.utils import timezone

from msoko.analytics.columns import C
from msoko.assessments.selectors import OLYMPIAD_STAGES
from msoko.core import audit
from msoko.core.models import AuditAction, User
from msoko.directions.talents.bank_frames import (
    bank_olympiad_frame,
    children_frame,
    protocol_achievements_frame,
)
from msoko.directions.talents.bank_rule import CHILD, bank_members, protocol_achievements
from msoko.directions.talents.models import (
    STAGE_LEVEL,
    Achievement,
    BankState,
    GiftedChild,
    Inclusion,
    Source,
)

#: the protocols' stage («муниципальный») → the achievement's event («ВсОШ-муниципальный»)
STAGE_EVENT = {stage: kind for kind, stage in OLYMPIAD_STAGES.items()}
#: the protocols' stage → the level of the event (the final stage is the all-Russian level)
STAGE_LEVEL_NAME = {stage: STAGE_LEVEL[kind].value for kind, stage in OLYMPIAD_STAGES.items()}
KEY = ["child_id", "school_year_id", "event_kind", "subject"]
VALUES = ["level", "result", "grade"]
BATCH = 2000


@dataclass(frozen=True)
class BankRefresh:
    """What one refresh changed (all zero when the bank already matched the protocols)."""

    children_added: int = 0
    children_moved: int = 0  # their latest protocol names another school
    children_removed: int = 0
    children_kept: int = 0  # no longer included by the rule, kept as entered by hand
    achievements_added: int = 0
    achievements_updated: int = 0
    achievements_removed: int = 0

    @property
    def changed(self) -> bool:
        return any(dataclasses.astuple(self))

    def summary(self) -> str:
        return (
            f"детей добавлено {self.children_added}, сменили школу {self.children_moved}, "
            f"удалено {self.children_removed}, оставлено как внесённые вручную {self.children_kept}; "
            f"достижений добавлено {self.achievements_added}, изменено {self.achievements_updated}, "
            f"удалено {self.achievements_removed}"
        )


def refresh_bank(*, actor: User | None = None) -> BankRefresh:
    """Bring the bank in line with the protocols (the rule: ``bank_rule.qualifying_row``).

    * A child the rule includes and the bank lacks is added («по протоколам ВсОШ»); an
      automatically included child follows their latest protocol's school.
    * An automatically included child the rule no longer includes (their protocol rows were
      replaced or removed) is deleted, unless someone has worked on the record — a note, an
      exclusion, an achievement entered by hand: then it stays, as included by hand.
    * Every child in the bank, whoever included them, gets the protocol achievements of every
      year and stage (``bank_rule.protocol_achievements``); one whose protocol row is gone is
      removed, a changed status or grade is updated.

    Children included by hand, achievements entered by hand, exclusions and notes are never
    changed. A refresh that changes anything writes one audit row (``actor``, or «msoko»).
    """
    with transaction.atomic():
        BankState.lock()
        olympiad = bank_olympiad_frame()
        children = _refresh_children(bank_members(olympiad))
        achievements = _refresh_achievements(protocol_achievements(olympiad))
        result = BankRefresh(**children, **achievements)
        BankState.objects.filter(pk=1).update(refreshed_at=timezone.now())
        if result.changed:
            audit.record(
                actor=actor,
                actor_name="msoko",
                action=AuditAction.UPDATE,
                summary=f"Банк одарённых детей обновлён по протоколам ВсОШ: {result.summary()}",
                details=dataclasses.asdict(result),
            )
    return result


def _refresh_children(members: pl.DataFrame) -> dict[str, int]:
    children = children_frame()
    automatic = children.filter(pl.col("inclusion") == Inclusion.AUTO)
    new = members.join(children, on=CHILD, how="anti")
    GiftedChild.objects.bulk_create(
        (
            GiftedChild(
                municipality_id=row["municipality_id"],
                participant_code=row[C.PARTICIPANT],
                organization_id=row[C.ORG_ID],
                inclusion=Inclusion.AUTO,
            )
            for row in new.iter_rows(named=True)
        ),
        batch_size=BATCH,
    )
    moved = members.join(automatic, on=CHILD, how="inner", suffix="_now").filter(
        pl.col(C.ORG_ID) != pl.col(f"{C.ORG_ID}_now")
    )
    GiftedChild.objects.bulk_update(
        [GiftedChild(pk=row["id"], organization_id=row[C.ORG_ID]) for row in moved.iter_rows(named=True)],
        ["organization"],
        batch_size=BATCH,
    )
    gone = automatic.join(members, on=CHILD, how="anti")
    kept = gone.filter(pl.col("worked_on"))["id"].to_list()
    for part in _batches(kept):
        GiftedChild.objects.filter(pk__in=part).update(inclusion=Inclusion.MANUAL)
    removed = gone.filter(~pl.col("worked_on"))["id"].to_list()
    for part in _batches(removed):
        GiftedChild.objects.filter(pk__in=part).delete()  # their protocol achievements go with them
    return {
        "children_added": new.height,
        "children_moved": moved.height,
        "children_removed": len(removed),
        "children_kept": len(kept),
    }


def _refresh_achievements(from_protocols: pl.DataFrame) -> dict[str, int]:
    ids = children_frame().select("id", *CHILD)
    wanted = (
        from_protocols.join(ids, on=CHILD, how="inner")
        .select(
            pl.col("id").alias("child_id"),
            "school_year_id",
            pl.col("stage").replace_strict(STAGE_EVENT).alias("event_kind"),
            C.SUBJECT,
            pl.col("stage").replace_strict(STAGE_LEVEL_NAME).alias("level"),
            pl.col("status").alias("result"),
            C.GRADE,
        )
        .with_columns(wanted=pl.lit(True))
    )
    stored = protocol_achievements_frame()
    both = wanted.join(stored, on=KEY, how="full", coalesce=True, suffix="_stored")
    new = both.filter(pl.col("id").is_null())
    gone = both.filter(pl.col("wanted").is_null())
    changed = both.filter(
        pl.col("id").is_not_null()
        & pl.col("wanted").is_not_null()
        & pl.any_horizontal(pl.col(v).ne_missing(pl.col(f"{v}_stored")) for v in VALUES)
    )
    Achievement.objects.bulk_create(
        (
            Achievement(**{k: row[k] for k in (*KEY, *VALUES)}, source=Source.PROTOCOL)
            for row in new.iter_rows(named=True)
        ),
        batch_size=BATCH,
    )
    Achievement.objects.bulk_update(
        [Achievement(pk=row["id"], **{v: row[v] for v in VALUES}) for row in changed.iter_rows(named=True)],
        VALUES,
        batch_size=BATCH,
    )
    for part in _batches(gone["id"].to_list()):
        Achievement.objects.filter(pk__in=part).delete()
    return {
        "achievements_added": new.height,
        "achievements_updated": changed.height,
        "achievements_removed": gone.height,
    }


def _batches(ids: list[int]) -> list[list[int]]:
    """Ids in parts small enough for one ``IN (…)`` on every database."""
    return [ids[start : start + BATCH] for start in range(0, len(ids), BATCH)]

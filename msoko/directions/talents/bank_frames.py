"""The refresh's reads (``services/refresh.py``): the protocols of every year and the bank as
it stands, one query per frame.

These are the whole database's, not a viewer's: the refresh is the system's own work.
"""

from __future__ import annotations

import polars as pl
from django.db.models import Exists, OuterRef, Q

from msoko.analytics.columns import C
from msoko.assessments.models import OlympiadResult, ProcedureKind
from msoko.assessments.selectors import OLYMPIAD_STAGES
from msoko.directions.talents.models import Achievement, GiftedChild, Source


def bank_olympiad_frame() -> pl.DataFrame:
    """Every protocol row, of every year, of a participant who may be in the bank: one who got
    past the school stage in some year, or who is in the bank already (one query).

    Columns as ``bank_rule`` expects them; the rule itself decides who is in.
    """
    past_school = OlympiadResult.objects.exclude(procedure__kind=ProcedureKind.OLYMPIAD_SCHOOL)
    rows = OlympiadResult.objects.filter(
        Q(participant_code__in=past_school.values("participant_code"))
        | Q(participant_code__in=GiftedChild.objects.values("participant_code"))
    ).values_list(
        "organization__municipality_id",
        "participant_code",
        "organization_id",
        "procedure__school_year_id",
        "procedure__school_year__start_year",
        "procedure__subject",
        "procedure__kind",
        "status",
        "grade",
    )
    frame = pl.DataFrame(
        list(rows),
        schema={
            "municipality_id": pl.Int64,
            C.PARTICIPANT: pl.String,
            C.ORG_ID: pl.Int64,
            "school_year_id": pl.Int64,
            "start_year": pl.Int64,
            C.SUBJECT: pl.String,
            "stage": pl.String,
            "status": pl.String,
            C.GRADE: pl.Int64,
        },
        orient="row",
    )
    return frame.with_columns(pl.col("stage").replace_strict(OLYMPIAD_STAGES, default=None))


def children_frame() -> pl.DataFrame:
    """Every child of the bank: ``id``, ``municipality_id``, ``participant_code``, ``org_id``,
    ``inclusion`` and ``worked_on`` (a note, an exclusion or an achievement entered by hand)."""
    manual = Achievement.objects.filter(child=OuterRef("pk"), source=Source.MANUAL)
    rows = GiftedChild.objects.annotate(manual=Exists(manual)).values_list(
        "id",
        "municipality_id",
        "participant_code",
        "organization_id",
        "inclusion",
        "excluded",
        "note",
        "manual",
    )
    frame = pl.DataFrame(
        list(rows),
        schema={
            "id": pl.Int64,
            "municipality_id": pl.Int64,
            C.PARTICIPANT: pl.String,
            C.ORG_ID: pl.Int64,
            "inclusion": pl.String,
            "excluded": pl.Boolean,
            "note": pl.String,
            "manual": pl.Boolean,
        },
        orient="row",
    )
    worked_on = pl.col("excluded") | (pl.col("note") != "") | pl.col("manual")
    return frame.select(
        "id", "municipality_id", C.PARTICIPANT, C.ORG_ID, "inclusion", worked_on.alias("worked_on")
    )


def protocol_achievements_frame() -> pl.DataFrame:
    """The achievements the last refresh took from the protocols: ``id``, ``child_id``,
    ``school_year_id``, ``event_kind``, ``subject``, ``level``, ``result``, ``grade``."""
    rows = Achievement.objects.filter(source=Source.PROTOCOL).values_list(
        "id", "child_id", "school_year_id", "event_kind", "subject", "level", "result", "grade"
    )
    return pl.DataFrame(
        list(rows),
        schema={
            "id": pl.Int64,
            "child_id": pl.Int64,
            "school_year_id": pl.Int64,
            "event_kind": pl.String,
            "subject": pl.String,
            "level": pl.String,
            "result": pl.String,
            "grade": pl.Int64,
        },
        orient="row",
    )

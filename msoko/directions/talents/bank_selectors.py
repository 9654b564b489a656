"""The pages' reads of the bank of gifted children: the list, its download and a child's card.

Every read starts from ``visible_to(viewer)`` (models.py): a school user gets its own children
only, and another school's child is ``None`` (the page answers 404).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from msoko.analytics.columns import C
from msoko.core.models import SchoolYear
from msoko.directions.talents.models import (
    LEVEL_RANK,
    Achievement,
    BankState,
    GiftedChild,
    Inclusion,
    Level,
    Result,
)
from msoko.registry.models import Organization

#: a level's name by its rank (the list's «лучший уровень»)
LEVEL_BY_RANK = {rank: level for level, rank in LEVEL_RANK.items()}


def bank_summary(*, viewer: Any) -> dict[str, Any]:
    """For the olympiad page's link: the children in the bank ``viewer`` may see (not excluded)."""
    state = BankState.objects.filter(pk=1).first()
    return {
        "count": GiftedChild.objects.visible_to(viewer).filter(excluded=False).count(),
        "refreshed_at": state.refreshed_at if state else None,
    }


@dataclass(frozen=True)
class BankFilter:
    """The list's filters; a child is listed if one of its achievements matches all of those set."""

    school_year: SchoolYear | None = None
    subject: str = ""
    organization: Organization | None = None
    level: str = ""
    status: str = ""  # "" in the bank, «excluded» the excluded only, «all» both
    q: str = ""  # part of the participant code

    @property
    def on_achievements(self) -> bool:
        return bool(self.school_year or self.subject or self.level)


def bank_frame(*, viewer: Any, where: BankFilter) -> pl.DataFrame:
    """One row per child ``viewer`` may see that passes ``where`` (two queries): ``id``,
    ``participant_code``, ``org_code``, ``org_name``, ``inclusion``, ``excluded``,
    ``exclusion_reason``, ``note``, ``achievements``, ``best_level_rank``, ``best_level``,
    ``subjects`` and ``years`` («2023/2024, 2024/2025»).

    The counts, the best level, the subjects and the years are of the achievements that match
    the filter (all of them without one). Sorted by the best level, then the number of
    achievements (both descending), then the code.
    """
    children = GiftedChild.objects.visible_to(viewer)
    if where.status == "excluded":
        children = children.filter(excluded=True)
    elif where.status != "all":
        children = children.filter(excluded=False)
    if where.organization is not None:
        children = children.filter(organization=where.organization)
    if where.q:
        children = children.filter(participant_code__icontains=where.q)
    achievements = Achievement.objects.visible_to(viewer).filter(child__in=children.values("pk"))
    if where.school_year is not None:
        achievements = achievements.filter(school_year=where.school_year)
    if where.subject:
        achievements = achievements.filter(subject=where.subject)
    if where.level:
        achievements = achievements.filter(level=where.level)
    people = _children(children)
    per_child = _per_child(achievements)
    how = "inner" if where.on_achievements else "left"
    return (
        people.join(per_child, on="id", how=how)
        .with_columns(pl.col("achievements").fill_null(0), pl.col("subjects").fill_null(""))
        .with_columns(pl.col("years").fill_null(""))
        .with_columns(
            pl.col("best_level_rank").replace_strict(LEVEL_BY_RANK, default=None).alias("best_level")
        )
        .sort(
            ["best_level_rank", "achievements", C.PARTICIPANT],
            descending=[True, True, False],
            nulls_last=True,
        )
    )


def _children(children: Any) -> pl.DataFrame:
    rows = children.values_list(
        "id",
        "participant_code",
        "organization__code",
        "organization__short_name",
        "organization__name",
        "inclusion",
        "excluded",
        "exclusion_reason",
        "note",
    )
    schema = {
        "id": pl.Int64,
        C.PARTICIPANT: pl.String,
        C.ORG_CODE: pl.String,
        "short_name": pl.String,
        "full_name": pl.String,
        "inclusion": pl.String,
        "excluded": pl.Boolean,
        "exclusion_reason": pl.String,
        "note": pl.String,
    }
    frame = pl.DataFrame(list(rows), schema=schema, orient="row")
    name = pl.when(pl.col("short_name") != "").then("short_name").otherwise("full_name")
    return frame.with_columns(name.alias("org_name")).drop("short_name", "full_name")


def _per_child(achievements: Any) -> pl.DataFrame:
    rows = achievements.values_list("child_id", "school_year__name", "subject", "level")
    frame = pl.DataFrame(
        list(rows),
        schema={"id": pl.Int64, "year": pl.String, C.SUBJECT: pl.String, "level": pl.String},
        orient="row",
    )
    return frame.group_by("id").agg(
        pl.len().alias("achievements"),
        pl.col("level").replace_strict(LEVEL_RANK, default=0).max().alias("best_level_rank"),
        pl.col(C.SUBJECT).filter(pl.col(C.SUBJECT) != "").unique().sort().str.join(", ").alias("subjects"),
        pl.col("year").unique().sort().str.join(", ").alias("years"),
    )


#: the export's columns: frame column → the header in the file
EXPORT_COLUMNS = {
    C.PARTICIPANT: "Код участника",
    C.ORG_CODE: "Код ОО",
    "org_name": "Организация",
    "achievements": "Достижений",
    "best_level": "Лучший уровень",
    "subjects": "Предметы",
    "years": "Учебные годы",
    "inclusion_text": "Включён в банк",
    "excluded_text": "Исключён",
    "exclusion_reason": "Причина исключения",
    "note": "Примечание",
}


def bank_export_frame(bank: pl.DataFrame) -> pl.DataFrame:
    """The list as the XLSX download has it: Russian headers, words instead of codes."""
    inclusion = {choice.value: choice.label for choice in Inclusion}
    return bank.with_columns(
        pl.col("inclusion").replace_strict(inclusion, default="").alias("inclusion_text"),
        pl.when(pl.col("excluded")).then(pl.lit("да")).otherwise(pl.lit("нет")).alias("excluded_text"),
    ).select(pl.col(name).alias(header) for name, header in EXPORT_COLUMNS.items())


def bank_filter_choices(*, viewer: Any) -> dict[str, Any]:
    """What the list's filters offer: the years, subjects and schools of the visible bank."""
    achievements = Achievement.objects.visible_to(viewer)
    children = GiftedChild.objects.visible_to(viewer)
    return {
        "years": SchoolYear.objects.filter(pk__in=achievements.values("school_year_id")).order_by(
            "-start_year"
        ),
        "subjects": sorted(set(achievements.exclude(subject="").values_list("subject", flat=True))),
        "organizations": Organization.objects.visible_to(viewer)
        .filter(pk__in=children.values("organization_id"))
        .only("id", "code", "name", "short_name"),
        "levels": Level.choices,
    }


# --- a child's card ------------------------------------------------------------------------------


def child_for(*, viewer: Any, pk: int) -> GiftedChild | None:
    """One child if ``viewer`` may see it (else None: the page answers 404)."""
    return (
        GiftedChild.objects.visible_to(viewer)
        .select_related("organization", "municipality")
        .filter(pk=pk)
        .first()
    )


def achievement_of(*, child: GiftedChild, pk: int) -> Achievement | None:
    """One achievement of a child the viewer has already been allowed to see."""
    return child.achievements.select_related("school_year").filter(pk=pk).first()


def child_card(*, child: GiftedChild) -> dict[str, Any]:
    """The card: every achievement (newest year first, the highest level first within a year),
    a table by year and the subjects with their best level."""
    achievements = sorted(
        child.achievements.select_related("school_year", "entered_by"),
        key=lambda a: (-a.school_year.start_year, -LEVEL_RANK[a.level], a.subject, a.event),
    )
    return {
        "achievements": achievements,
        "by_year": _by_year(achievements),
        "by_subject": _by_subject(achievements),
    }


def _by_year(achievements: list[Achievement]) -> list[dict[str, Any]]:
    """Per school year, newest first: achievements, winners, prize-winners and participants,
    the best level and the subjects."""
    keys = {
        Result.WINNER: "winners",
        Result.PRIZE_WINNER: "prize_winners",
        Result.PARTICIPANT: "participants",
    }
    years: dict[str, dict[str, Any]] = {}
    for a in achievements:  # already read for the card: a few dozen rows at most
        row = years.setdefault(
            a.school_year.name,
            {
                "year": a.school_year.name,
                "n": 0,
                **dict.fromkeys(keys.values(), 0),
                "rank": 0,
                "subjects": set(),
            },
        )
        row["n"] += 1
        row[keys[a.result]] += 1
        row["rank"] = max(row["rank"], LEVEL_RANK[a.level])
        if a.subject:
            row["subjects"].add(a.subject)
    return [
        {
            **row,
            "best_level": LEVEL_BY_RANK.get(row["rank"], ""),
            "subjects": ", ".join(sorted(row["subjects"])),
        }
        for row in years.values()
    ]


def _by_subject(achievements: list[Achievement]) -> list[dict[str, Any]]:
    """Per subject: achievements and the best level reached, the highest first."""
    subjects: dict[str, dict[str, Any]] = {}
    for a in achievements:
        if not a.subject:
            continue
        row = subjects.setdefault(a.subject, {"subject": a.subject, "n": 0, "rank": 0})
        row["n"] += 1
        row["rank"] = max(row["rank"], LEVEL_RANK[a.level])
    rows = sorted(subjects.values(), key=lambda r: (-r["rank"], r["subject"]))
    return [{**r, "best_level": LEVEL_BY_RANK[r["rank"]]} for r in rows]

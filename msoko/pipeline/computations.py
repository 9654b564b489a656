"""The ordered computations a recompute runs, registered by the directions.

The pipeline knows computations only through this registry: a direction's app registers its
own when Django starts (``AppConfig.ready``), and the pipeline never imports a direction.
Each computation reads what it needs from the run's :class:`~msoko.pipeline.frames.YearFrames`
and returns an :class:`Outcome`; nothing is written until every computation has finished.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from msoko.core.models import SchoolYear
from msoko.pipeline.frames import YearFrames

#: columns of an outcome's indicator values (one row per organisation and indicator)
VALUE_COLUMNS = ["code", "org_code", "procedure", "subject", "grade", "value"]
#: columns of an outcome's flags; ``reasons`` is a list of sentences, worded when shown
FLAG_COLUMNS = ["org_code", "flag", "level", "reasons"]

OrgIds = dict[str, int]


@dataclass
class Outcome:
    """What one computation produced for a school year, before anything is written."""

    values: pl.DataFrame | None = None  # VALUE_COLUMNS
    flags: pl.DataFrame | None = None  # FLAG_COLUMNS
    criteria: pl.DataFrame | None = None  # criterion results behind the flags (flags.CriterionResult)
    details: dict[str, Any] = field(default_factory=dict)  # kept with the run, e.g. an index
    #: the direction's own tables, written inside the run's one transaction
    store: Callable[[SchoolYear, OrgIds], None] | None = None


@dataclass(frozen=True)
class Computation:
    code: str
    title: str  # what the progress line says while it runs («показатели достижений»)
    order: int  # computations run by order; one may use what an earlier one put in the frames' memo
    compute: Callable[[YearFrames], Outcome]
    #: the flag kinds it owns: a run replaces the year's flags of these kinds whole
    flag_kinds: tuple[str, ...] = ()


_registry: dict[str, Computation] = {}


def register(computation: Computation) -> None:
    """Declare a computation (from a direction's ``AppConfig.ready``); the same code twice is an error."""
    known = _registry.get(computation.code)
    if known is not None and known != computation:
        raise ValueError(f"computation {computation.code!r} is registered twice")
    _registry[computation.code] = computation


def registered() -> list[Computation]:
    return sorted(_registry.values(), key=lambda c: (c.order, c.code))


def owned_flag_kinds() -> list[str]:
    return [kind for c in registered() for kind in c.flag_kinds]


def organisation_values(wide: pl.DataFrame, codes: dict[str, str]) -> pl.DataFrame:
    """Indicator columns per ``org_code`` (``codes``: column → catalogue code) as VALUE_COLUMNS
    rows of a whole organisation (no procedure, subject or grade); nulls are left out."""
    return (
        wide.unpivot(index="org_code", on=list(codes), variable_name="code", value_name="value")
        .filter(pl.col("value").is_not_null())
        .with_columns(
            pl.col("code").replace_strict(codes),
            pl.col("value").cast(pl.Float64),
            procedure=pl.lit(None, dtype=pl.String),
            subject=pl.lit(None, dtype=pl.String),
            grade=pl.lit(None, dtype=pl.Int64),
        )
        .select(VALUE_COLUMNS)
    )

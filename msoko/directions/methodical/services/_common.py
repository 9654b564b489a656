"""What every write of the registers shares: who acted, in the form the audit log takes it."""

from __future__ import annotations

from msoko.core.models import SchoolYear, User
from msoko.pipeline.tasks import schedule_recompute


def acting_user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def system_name(actor: User | None) -> str:
    """The audit log's name for a write with no user: the demo loader, a command."""
    return "msoko" if actor is None else ""


def registers_changed(school_year: SchoolYear) -> None:
    """Inside the write's transaction: the year's direction 8 indicators are read from the
    registers, so a change queues their recompute (coalesced with one still waiting)."""
    schedule_recompute(school_year=school_year, reason="реестры методической работы")

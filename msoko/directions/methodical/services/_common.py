"""What every write of the registers shares: who acted, in the form the audit log takes it."""

from __future__ import annotations

from msoko.core.models import User


def acting_user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def system_name(actor: User | None) -> str:
    """The audit log's name for a write with no user: the demo loader, a command."""
    return "msoko" if actor is None else ""

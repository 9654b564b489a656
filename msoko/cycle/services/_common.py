"""What every write of the cycle shares: who acted, in the form the audit log takes it."""

from __future__ import annotations

from typing import Any

from django.db import models

from msoko.core import audit
from msoko.core.models import AuditAction, User


def acting_user(actor: User | None) -> User | None:
    return actor if actor is not None and actor.is_authenticated else None


def record(
    *, actor: User | None, action: AuditAction, summary: str, obj: models.Model | None = None, **details: Any
) -> None:
    """The audit row of a cycle write; «msoko» names the system when no user acted."""
    audit.record(
        actor=actor,
        actor_name="msoko" if actor is None else "",
        action=action,
        summary=f"Управленческий цикл: {summary}",
        obj=obj,
        details=details,
    )

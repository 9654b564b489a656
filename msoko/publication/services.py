"""Publishing and unpublishing a procedure on the public page: one transaction, one audit row."""

from __future__ import annotations

from django.db import transaction

from msoko.assessments.models import Procedure
from msoko.core.audit import record
from msoko.core.models import AuditAction, User
from msoko.publication.models import Unpublished


def set_published(
    *, procedure: Procedure, published: bool, actor: User | None, reason: str = "", ip: str | None = None
) -> bool:
    """Publish ``procedure`` (the default) or take it off the public page and the export.
    Returns whether anything changed; a change is recorded in the audit log (UPDATE)."""
    with transaction.atomic():
        if published:
            changed = Unpublished.objects.filter(procedure=procedure).delete()[0] > 0
        else:
            user = actor if actor is not None and actor.is_authenticated else None
            _, changed = Unpublished.objects.get_or_create(
                procedure=procedure, defaults={"unpublished_by": user, "reason": reason.strip()}
            )
        if changed:
            record(
                actor=actor,
                action=AuditAction.UPDATE,
                summary=(
                    f"Открытые данные: процедура «{procedure}» "
                    + ("опубликована" if published else "снята с публикации")
                ),
                obj=procedure,
                details={"published": published, "reason": reason.strip()},
                ip=ip,
            )
    return changed

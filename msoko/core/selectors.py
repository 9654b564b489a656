"""Reads of the core for pages: the import history and the audit log."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from msoko.core.models import AuditEvent, ImportRecord


def import_record_list(*, kind: str = "", status: str = "") -> QuerySet[ImportRecord]:
    """The history of uploads; only registry managers reach it, so it is not scoped further."""
    qs = ImportRecord.objects.select_related("actor", "school_year")
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    return qs


def import_record_get(*, pk: int) -> ImportRecord:
    return ImportRecord.objects.get(pk=pk)


def recent_import_records(*, limit: int = 5) -> list[ImportRecord]:
    return list(ImportRecord.objects.select_related("actor")[:limit])


def audit_event_list(*, action: str = "", login: str = "") -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if login:
        qs = qs.filter(Q(actor_name__iexact=login) | Q(actor__username__iexact=login))
    return qs


def audit_logins() -> list[str]:
    """Logins that appear in the log, for the filter's suggestions."""
    return list(
        AuditEvent.objects.exclude(actor_name="")
        .order_by("actor_name")
        .values_list("actor_name", flat=True)
        .distinct()
    )

"""Reads of the core for pages: the import history and the audit log."""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils import timezone

from msoko.core.models import AuditEvent, ImportRecord
from msoko.core.search import text_search


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


def audit_event_list(
    *,
    action: str = "",
    login: str = "",
    since: dt.date | None = None,
    until: dt.date | None = None,
    object_type: str = "",
    text: str = "",
    ip: str = "",
) -> QuerySet[AuditEvent]:
    """The log filtered as the audit page asks; dates are whole local days, both included."""
    qs = AuditEvent.objects.select_related("actor")
    if action:
        qs = qs.filter(action=action)
    if login:
        qs = qs.filter(Q(actor_name__iexact=login) | Q(actor__username__iexact=login))
    if since:
        qs = qs.filter(at__gte=_day_start(since))
    if until:
        qs = qs.filter(at__lt=_day_start(until + dt.timedelta(days=1)))
    if object_type:
        qs = qs.filter(object_type=object_type)
    if text:
        qs = qs.filter(text_search(text, ("summary",)))
    if ip:
        qs = qs.filter(ip=ip)
    return qs


def _day_start(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def audit_object_types() -> list[tuple[str, str]]:
    """(label, Russian name) of every kind of object the log mentions, for the filter."""
    labels = AuditEvent.objects.exclude(object_type="").values_list("object_type", flat=True).distinct()
    return sorted(((label, object_type_name(label)) for label in labels), key=lambda pair: pair[1])


def object_type_name(label: str) -> str:
    """«учебный год» for ``core.SchoolYear``; the label itself for a model that no longer exists."""
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def audit_logins() -> list[str]:
    """Logins that appear in the log, for the filter's suggestions."""
    return list(
        AuditEvent.objects.exclude(actor_name="")
        .order_by("actor_name")
        .values_list("actor_name", flat=True)
        .distinct()
    )

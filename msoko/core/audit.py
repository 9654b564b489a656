"""The one function every action calls to leave a trace in the audit log."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.db import models

from msoko.core.models import AuditAction, AuditEvent, User


def record(
    *,
    actor: User | None,
    action: AuditAction,
    summary: str,
    obj: models.Model | None = None,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
    actor_name: str = "",
) -> AuditEvent:
    """Write one audit row. Call it inside the action's transaction so both land or neither."""
    user = actor if actor is not None and actor.is_authenticated else None
    return AuditEvent.objects.create(
        actor=user,
        actor_name=(user.username if user else actor_name)[:150],
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None else "",
        summary=summary[:500],
        details=details or {},
        ip=ip,
    )


def client_ip(request: Any) -> str | None:
    """The client's address: REMOTE_ADDR, or — when the request came through a trusted reverse
    proxy (MSOKO_TRUSTED_PROXIES) — the last address of X-Forwarded-For that is not a trusted
    proxy. A forwarded header from anyone else is ignored (it is the client's to forge)."""
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR")
    if not _trusted(remote):
        return remote
    chain = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
    for address in reversed(chain):
        if not _trusted(address):
            return address
    return remote


def _trusted(address: str | None) -> bool:
    """Whether ``address`` is one of MSOKO_TRUSTED_PROXIES (addresses or networks, as gunicorn
    takes them: «127.0.0.1», «172.16.0.0/12»)."""
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(entry, strict=False) for entry in settings.MSOKO_TRUSTED_PROXIES)


def record_download(request: Any, *, summary: str, obj: models.Model | None = None) -> None:
    """A file a user downloaded (data of organisations leaving the system): who, what, from where."""
    record(
        actor=request.user,
        action=AuditAction.EXPORT,
        summary=summary,
        obj=obj,
        ip=client_ip(request),
    )


def record_password_change(request: Any) -> None:
    record(
        actor=request.user,
        action=AuditAction.PASSWORD_CHANGED,
        summary="Пользователь сменил свой пароль",
        obj=request.user,
        ip=client_ip(request),
    )

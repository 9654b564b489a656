"""Logins, logouts and failed logins go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from msoko.core.audit import client_ip, record
from msoko.core.models import AuditAction


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs) -> None:
    record(actor=user, action=AuditAction.LOGIN, summary="Вход в систему", ip=client_ip(request))


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, summary="Выход из системы", ip=client_ip(request))


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    login = str(credentials.get("username", ""))
    record(
        actor=None,
        actor_name=login,
        action=AuditAction.LOGIN_FAILED,
        summary=f"Неудачная попытка входа под логином «{login}»",
        ip=client_ip(request),
    )

"""Logins, logouts, failed logins and password changes go to the audit log."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from msoko.core.audit import client_ip, record
from msoko.core.models import AuditAction, User


@receiver(user_logged_in)
def _audit_login(sender, request, user, **kwargs) -> None:
    record(actor=user, action=AuditAction.LOGIN, summary="Вход в систему", ip=client_ip(request))


@receiver(user_logged_out)
def _audit_logout(sender, request, user, **kwargs) -> None:
    if user is not None:
        record(actor=user, action=AuditAction.LOGOUT, summary="Выход из системы", ip=client_ip(request))


@receiver(user_login_failed)
def _audit_login_failed(sender, credentials, request=None, **kwargs) -> None:
    """A wrong password for an existing login names that login; anything else typed into the
    login field (often a password typed in the wrong field) is never shown to other users."""
    typed = str(credentials.get("username", ""))
    known = typed if typed and User.objects.filter(username=typed).exists() else ""
    record(
        actor=None,
        actor_name=known or "неизвестный логин",
        action=AuditAction.LOGIN_FAILED,
        summary=(
            f"Неудачная попытка входа под логином «{known}»"
            if known
            else "Неудачная попытка входа под несуществующим логином"
        ),
        ip=client_ip(request),
    )

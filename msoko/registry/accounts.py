"""Accounts: creating a user of a role, bound to an organisation of the registry."""

from __future__ import annotations

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from msoko.core.audit import record
from msoko.core.models import AuditAction, Role, User
from msoko.registry.models import Organization


class UserRejected(Exception):
    def __init__(self, messages: list[str]):
        super().__init__("; ".join(messages))
        self.messages = messages


def create_user(
    *,
    login: str,
    role: str,
    org_code: str | None,
    password: str,
    actor: User | None,
    check_password: bool = True,
) -> User:
    """Create a user of a role; a `school` user must be bound to an organisation in the registry."""
    problems = []
    field = User._meta.get_field("username")
    try:  # the same rules as the admin's form: length, letters, digits and @ . + - _ only
        field.clean(login, None)
    except ValidationError as error:
        problems += [f"логин «{login}»: {m}" for m in error.messages]
    if User.objects.filter(username=login).exists():
        problems.append(f"пользователь «{login}» уже существует")
    organization = None
    if role == Role.SCHOOL and not org_code:
        problems.append("для роли school укажите код организации: --org КОД")
    if org_code:
        organization = Organization.objects.filter(code=org_code).first()
        if organization is None:
            problems.append(f"организация с кодом «{org_code}» не найдена в реестре")
    candidate = User(username=login, role=role, organization=organization)
    if check_password:
        try:
            validate_password(password, candidate)
        except ValidationError as error:
            problems += [f"пароль: {m}" for m in error.messages]
    if problems:
        raise UserRejected(problems)
    with transaction.atomic():
        candidate.set_password(password)
        candidate.is_staff = role == Role.ADMIN
        candidate.is_superuser = role == Role.ADMIN
        candidate.save()
        record(
            actor=actor,
            action=AuditAction.USER_CREATED,
            summary=f"Создан пользователь «{login}» с ролью «{candidate.get_role_display()}»",
            obj=candidate,
        )
    return candidate

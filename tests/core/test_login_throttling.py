"""Logins are throttled per account and per address (django-axes), also on the admin's login;
a user changes their own password; a new account without a role sees nothing."""

from __future__ import annotations

import pytest
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent, User
from tests import factories
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db
LIMIT = 10


def _try(client, login: str, password: str, *, address: str = "10.0.0.1"):
    return client.post(reverse("login"), {"username": login, "password": password}, REMOTE_ADDR=address)


def test_ten_wrong_passwords_lock_the_account_even_for_the_right_one(client, specialist):
    for _ in range(LIMIT - 1):
        assert _try(client, "spec", "неверный").status_code == 200  # the form again, with its error
    assert _try(client, "spec", "неверный").status_code == 429  # the tenth failure locks

    refused = _try(client, "spec", PASSWORD)

    assert refused.status_code == 429
    assert "Вход временно заблокирован" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_account_is_locked_from_another_address_too(client, specialist):
    for _ in range(LIMIT):
        _try(client, "spec", "неверный", address="10.0.0.1")

    assert _try(client, "spec", PASSWORD, address="10.9.9.9").status_code == 429


def test_an_address_guessing_many_logins_is_locked(client, specialist):
    factories.UserFactory(username="other", role="specialist")
    for n in range(LIMIT):
        _try(client, f"guess{n}", "неверный", address="10.0.0.7")

    assert _try(client, "other", PASSWORD, address="10.0.0.7").status_code == 429
    assert _try(client, "other", PASSWORD, address="10.0.0.8").status_code == 302  # another address


def test_nine_failures_then_the_right_password_logs_in(client, specialist):
    for _ in range(LIMIT - 1):
        _try(client, "spec", "неверный")

    assert _try(client, "spec", PASSWORD).status_code == 302


def test_the_admin_login_is_throttled_too(client, admin_user):
    url = reverse("admin:login")
    for _ in range(LIMIT):
        client.post(url, {"username": admin_user.username, "password": "неверный"}, REMOTE_ADDR="10.1.1.1")

    response = client.post(
        url, {"username": admin_user.username, "password": PASSWORD}, REMOTE_ADDR="10.1.1.1"
    )

    assert response.status_code == 429


def test_a_failed_login_keeps_what_was_typed_out_of_the_audit_log(client, specialist):
    _try(client, "Секрет-123", "что-то")  # a password typed into the login field
    _try(client, "spec", "неверный")

    rows = list(
        AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED)
        .order_by("id")
        .values_list("actor_name", "summary")
    )
    assert rows[0] == ("неизвестный логин", "Неудачная попытка входа под несуществующим логином")
    assert rows[1] == ("spec", "Неудачная попытка входа под логином «spec»")
    assert not AuditEvent.objects.filter(summary__contains="Секрет").exists()


def test_a_user_changes_their_own_password(client, specialist):
    client.force_login(specialist)
    url = reverse("password_change")

    wrong = client.post(
        url, {"old_password": "нет", "new_password1": "Новый-пароль-7", "new_password2": "Новый-пароль-7"}
    )
    right = client.post(
        url, {"old_password": PASSWORD, "new_password1": "Новый-пароль-7", "new_password2": "Новый-пароль-7"}
    )

    assert "Текущий пароль введён неверно." in wrong.content.decode()
    assert right.status_code == 302
    specialist.refresh_from_db()
    assert specialist.check_password("Новый-пароль-7")
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_CHANGED, actor=specialist).count() == 1
    assert client.get(reverse("home")).status_code == 200  # still logged in


def test_a_new_account_without_a_role_sees_no_organisation(client, school_a):
    newcomer = User.objects.create_user(username="newcomer", password=PASSWORD)
    client.force_login(newcomer)

    assert newcomer.role == ""
    assert not newcomer.sees_all_organizations
    home = client.get(reverse("home")).content.decode()
    assert "Учётной записи не назначена роль" in home
    assert "0001" not in client.get(reverse("registry:organizations")).content.decode()
    assert client.get(reverse("upload")).status_code == 403


def test_an_administrator_setting_a_password_is_audited(client, admin_user, specialist):
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[specialist.pk])

    response = client.post(
        url, {"password1": "Новый-пароль-8", "password2": "Новый-пароль-8", "set_usable_password": "true"}
    )

    assert response.status_code == 302
    event = AuditEvent.objects.get(action=AuditAction.PASSWORD_CHANGED)
    assert (event.actor, event.summary) == (
        admin_user,
        "Администрирование: задан новый пароль пользователя «spec»",
    )

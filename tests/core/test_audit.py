"""Logins, failed logins and logouts leave audit rows."""

import pytest
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent
from tests.factories import PASSWORD

pytestmark = pytest.mark.django_db


def test_login_and_failed_login_are_audited(client, specialist):
    client.post(reverse("login"), {"username": "spec", "password": "wrong"})
    client.post(reverse("login"), {"username": "spec", "password": PASSWORD})

    events = list(AuditEvent.objects.order_by("id").values_list("action", "actor_name"))
    assert events == [(AuditAction.LOGIN_FAILED, "spec"), (AuditAction.LOGIN, "spec")]


def test_logout_is_audited(client, specialist):
    client.force_login(specialist)

    client.post(reverse("logout"))

    assert AuditEvent.objects.filter(action=AuditAction.LOGOUT, actor=specialist).exists()

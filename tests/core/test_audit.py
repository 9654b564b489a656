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


def _request(remote: str, forwarded: str = ""):
    from django.test import RequestFactory

    meta = {"REMOTE_ADDR": remote}
    if forwarded:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_the_client_address_is_forwarded_only_by_a_trusted_proxy(settings):
    from msoko.core.audit import client_ip

    settings.MSOKO_TRUSTED_PROXIES = ["10.0.0.2"]

    # through the proxy: the last address the proxy saw, not what the client claimed before it
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 203.0.113.5")) == "203.0.113.5"
    # straight to the server: a forged header is ignored
    assert client_ip(_request("198.51.100.7", "203.0.113.5")) == "198.51.100.7"
    assert client_ip(_request("10.0.0.2")) == "10.0.0.2"


def test_no_proxy_is_trusted_by_default(settings):
    from msoko.core.audit import client_ip

    assert settings.MSOKO_TRUSTED_PROXIES == []
    assert client_ip(_request("127.0.0.1", "203.0.113.5")) == "127.0.0.1"

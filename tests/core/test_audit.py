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


def test_the_audit_page_filters_by_dates_object_text_and_address(client, specialist, school_a):
    from django.utils import timezone

    from msoko.core.audit import record

    def event(summary: str, *, day: str, ip: str, obj=None) -> None:
        e = record(actor=None, actor_name="msoko", action=AuditAction.UPDATE, summary=summary, obj=obj, ip=ip)
        at = timezone.make_aware(timezone.datetime.fromisoformat(f"{day}T23:30"))  # late evening, local
        AuditEvent.objects.filter(pk=e.pk).update(at=at)

    event("Школа изменена: телефон", day="2026-11-01", ip="10.0.0.5", obj=school_a)
    event("Выгрузка показателей", day="2026-11-02", ip="10.0.0.6")
    event("Школа изменена: адрес", day="2026-11-03", ip="10.0.0.5", obj=school_a)
    client.force_login(specialist)

    def shown(**query) -> list[str]:
        page = client.get(reverse("audit"), query).context["page"]
        return [e.summary for e in page if e.actor_name == "msoko"]

    # dates are whole local days, both ends included: 23:30 on the 2nd is «по 02.11»
    assert shown(since="2026-11-02", until="2026-11-02") == ["Выгрузка показателей"]
    assert shown(since="2026-11-02") == ["Школа изменена: адрес", "Выгрузка показателей"]
    assert shown(object_type="registry.Organization") == ["Школа изменена: адрес", "Школа изменена: телефон"]
    assert shown(text="ТЕЛЕФОН") == ["Школа изменена: телефон"]
    assert shown(ip="10.0.0.6") == ["Выгрузка показателей"]
    html = client.get(reverse("audit"), {"ip": "не адрес"}).content.decode()
    assert "Не учтено в отборе — IP-адрес:" in html
    assert '<option value="registry.Organization">образовательная организация</option>' in html
    assert "образовательная организация №" in html

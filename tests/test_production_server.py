"""The production server behind an HTTPS reverse proxy: gunicorn believes X-Forwarded-Proto and
X-Forwarded-For only from the configured proxy; a login through it works and is audited with
the client's address; every page carries a Content-Security-Policy."""

from __future__ import annotations

import http.client
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HOST = "msoko.example.org"
PASSWORD = "Прод-пароль-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def production(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))} | {
        "MSOKO_ENV": "production",
        "MSOKO_SECRET_KEY": "p" * 60 + "-test-only-Zq8",
        "MSOKO_ALLOWED_HOSTS": HOST,
        "MSOKO_DATABASE_URL": f"sqlite:///{tmp_path / 'msoko.sqlite3'}",
        "MSOKO_VAR_DIR": str(tmp_path / "var"),
        "MSOKO_TRUSTED_PROXIES": "127.0.0.1",
        "PYTHONPATH": str(ROOT),
    }
    msoko = [sys.executable, "-m", "msoko"]
    subprocess.run([*msoko, "migrate"], env=env, check=True, capture_output=True)
    subprocess.run(
        [*msoko, "createuser", "spec", "--role", "specialist", "--password", PASSWORD],
        env=env,
        check=True,
        capture_output=True,
    )
    port = _free_port()
    server = subprocess.Popen(
        [*msoko, "serve", "--port", str(port), "--workers", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield port, env, tmp_path
    server.terminate()
    server.wait(timeout=30)


def _request(port: int, method: str, path: str, *, headers: dict, body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers={"Host": HOST, **headers})
        response = connection.getresponse()
        return response, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def _cookies(response) -> dict[str, str]:
    jar = {}
    for header in response.headers.get_all("Set-Cookie") or []:
        name, value = header.split(";", 1)[0].split("=", 1)
        jar[name] = value
    return jar


PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "203.0.113.5"}


def test_a_login_through_the_https_proxy_works_and_records_the_clients_address(production):
    port, env, tmp_path = production

    page, html = _request(port, "GET", "/login/", headers=PROXIED)
    assert page.status == 200  # no redirect loop: the proxy said https
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    assert "max-age=" in page.headers["Strict-Transport-Security"]
    jar = _cookies(page)
    assert "Secure" in " ".join(page.headers.get_all("Set-Cookie"))

    form = urllib.parse.urlencode(
        {"username": "spec", "password": PASSWORD, "csrfmiddlewaretoken": jar["csrftoken"]}
    )
    login, _ = _request(
        port,
        "POST",
        "/login/",
        body=form,
        headers={
            **PROXIED,
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={jar['csrftoken']}",
            "Origin": f"https://{HOST}",
            "Referer": f"https://{HOST}/login/",
        },
    )
    assert login.status == 302, login.status
    session = _cookies(login)["sessionid"]

    home, html = _request(port, "GET", "/", headers={**PROXIED, "Cookie": f"sessionid={session}"})
    assert home.status == 200
    assert "spec" in html

    code = (
        "import django, json; django.setup();"
        "from msoko.core.models import AuditEvent;"
        "print(json.dumps(list(AuditEvent.objects.filter(action='login').values_list('actor_name', 'ip'))))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env | {"DJANGO_SETTINGS_MODULE": "msoko.config.settings"},
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    assert json.loads(out) == [["spec", "203.0.113.5"]]
    assert oct((tmp_path / "msoko.sqlite3").stat().st_mode & 0o777) == "0o600"  # the service's only


def test_plain_http_is_sent_to_https(production):
    port, _, _ = production

    response, _ = _request(port, "GET", "/login/", headers={})

    assert response.status == 301
    assert response.headers["Location"] == f"https://{HOST}/login/"


def test_forwarded_headers_from_an_untrusted_address_are_ignored(tmp_path):
    """The same server trusting no proxy: X-Forwarded-Proto: https from the client does not make
    the request secure (it is redirected), so a forged header earns nothing."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))} | {
        "MSOKO_ENV": "production",
        "MSOKO_SECRET_KEY": "p" * 60 + "-test-only-Zq8",
        "MSOKO_ALLOWED_HOSTS": HOST,
        "MSOKO_DATABASE_URL": f"sqlite:///{tmp_path / 'msoko.sqlite3'}",
        "MSOKO_VAR_DIR": str(tmp_path / "var"),
        "PYTHONPATH": str(ROOT),
    }
    subprocess.run([sys.executable, "-m", "msoko", "migrate"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "msoko", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        for _ in range(150):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.2)
        response, _ = _request(port, "GET", "/login/", headers=PROXIED)
    finally:
        server.terminate()
        server.wait(timeout=30)

    assert response.status == 301
    assert re.match(rf"https://{re.escape(HOST)}/login/", response.headers["Location"])

"""The public page opens without login and shows only what the export shows; the department
unpublishes a procedure from both; nobody else can."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from msoko.core.exports import csv_bytes
from msoko.core.models import AuditAction, AuditEvent
from msoko.publication.models import Unpublished
from msoko.publication.selectors import public_frame
from tests.publication.conftest import YEAR

pytestmark = pytest.mark.django_db
PAGE = "/public/"
MANAGE = "/public/manage/"


def _unpublish(client, procedure, reason="ошибка в данных"):
    return client.post(MANAGE, {"procedure": procedure.pk, "published": "0", "reason": reason, "year": YEAR})


def test_the_page_opens_without_login_and_hides_the_suppressed(client, public_data):
    response = client.get(PAGE)

    assert response.status_code == 200
    html = response.content.decode()
    assert "Тестовый муниципальный округ" in html
    assert "61,25" in html
    assert "65,5" in html
    assert "56,67" in html
    for hidden in ("58,1", "45,83", "83,33", "66,67", "33,33"):  # 0002 and 0003
        assert hidden not in html
    assert "МБОУ «Школа № 3»" in html  # the suppressed school keeps its row
    assert "менее 10 участников или скрыто, чтобы нельзя было вычислить по итогу" in html
    assert "5000" not in html
    assert "81,11" not in html
    assert 'href="/public/2024-2025.csv"' in html


def test_the_procedure_filter_shows_an_exam(client, public_data):
    response = client.get(PAGE, {"year": YEAR, "procedure": "ОГЭ|Математика|"})

    html = response.content.decode()
    assert "93,33" in html
    assert "47,5" in html
    assert "61,25" not in html


def test_an_unknown_year_is_404(client, public_data):
    assert client.get(PAGE, {"year": "2031/2032"}).status_code == 404
    assert client.get("/public/2031-2032.csv").status_code == 404


@pytest.mark.parametrize("url", ["/public/2024-2025.csv", "/public/?year=2024/2025&format=csv"])
def test_the_csv_download_is_the_export(client, public_data, url):
    response = client.get(url)

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    assert response.content == csv_bytes(public_frame(school_year_name=YEAR))


def test_unpublishing_hides_the_procedure_from_page_and_export_and_is_audited(
    client, specialist, public_data
):
    vpr = public_data["procedures"][("ВПР", "Математика", 5)]
    client.force_login(specialist)

    response = _unpublish(client, vpr)

    assert response.status_code == 302
    assert Unpublished.objects.get(procedure=vpr).unpublished_by == specialist
    event = AuditEvent.objects.get(action=AuditAction.UPDATE, object_id=str(vpr.pk))
    assert event.actor == specialist
    assert event.details == {"published": False, "reason": "ошибка в данных"}
    anonymous = Client()
    page = anonymous.get(PAGE).content.decode()
    assert "61,25" not in page
    assert "ВПР · Математика" not in page
    assert "93,33" in page  # the first published table is now the ОГЭ
    csv = anonymous.get("/public/2024-2025.csv").content.decode("utf-8")
    assert ";ВПР;" not in csv
    assert ";ОГЭ;" in csv

    client.post(MANAGE, {"procedure": vpr.pk, "published": "1", "year": YEAR})

    assert not Unpublished.objects.exists()
    assert "61,25" in anonymous.get(PAGE).content.decode()
    assert AuditEvent.objects.filter(action=AuditAction.UPDATE, details__published=True).count() == 1


def test_the_manage_page_lists_the_procedures(client, specialist, public_data):
    client.force_login(specialist)

    response = client.get(MANAGE, {"year": YEAR})

    assert response.status_code == 200
    html = response.content.decode()
    assert "Русский язык" in html
    assert "Снять с публикации" in html


@pytest.mark.parametrize("role", ["school", "methodologist"])
def test_other_roles_may_not_unpublish(client, public_data, school_user, methodologist, role):
    client.force_login(school_user if role == "school" else methodologist)

    assert _unpublish(client, public_data["procedures"][("ВПР", "Математика", 5)]).status_code == 403
    assert client.get(MANAGE).status_code == 403
    assert not Unpublished.objects.exists()


def test_anonymous_may_not_unpublish(client, public_data):
    response = _unpublish(client, public_data["procedures"][("ВПР", "Математика", 5)])

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))
    assert not Unpublished.objects.exists()


def test_the_manage_form_needs_its_csrf_token(specialist, public_data):
    client = Client(enforce_csrf_checks=True)
    client.force_login(specialist)

    response = _unpublish(client, public_data["procedures"][("ВПР", "Математика", 5)])

    assert response.status_code == 403
    assert not Unpublished.objects.exists()


def test_an_invalid_form_changes_nothing(client, specialist, public_data):
    client.force_login(specialist)
    olympiad = public_data["procedures"][("ВсОШ-школьный", "Математика", None)]

    response = _unpublish(client, olympiad)

    assert response.status_code == 400
    assert not Unpublished.objects.exists()


def test_the_anonymous_home_page_links_to_the_public_page(client, db):
    assert 'href="/public/"' in client.get("/").content.decode()

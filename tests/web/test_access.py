"""Row scoping and role checks as seen through the pages."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url_name",
    [
        "registry:organizations",
        "registry:classes",
        "registry:teachers",
        "registry:import",
        "imports",
        "audit",
    ],
)
def test_anonymous_user_is_sent_to_login(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_anonymous_user_is_sent_to_login_from_cards_and_directions(client, registry, school_a):
    for url in (
        reverse("registry:organization", args=[school_a.code]),
        reverse("registry:class", args=[registry["class_a"].pk]),
        reverse("direction", args=["objectivity"]),
    ):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response.url.startswith(reverse("login")), url


@pytest.mark.parametrize("user_fixture", ["school_user", "methodologist"])
@pytest.mark.parametrize("url_name", ["registry:import", "imports", "audit"])
def test_non_managers_get_403_on_manager_pages(client, request, user_fixture, url_name):
    client.force_login(request.getfixturevalue(user_fixture))

    response = client.get(reverse(url_name))

    assert response.status_code == 403
    assert "Доступ запрещён" in response.content.decode()


def test_school_user_gets_404_on_another_schools_card(client, school_user, school_b):
    client.force_login(school_user)

    response = client.get(reverse("registry:organization", args=[school_b.code]))

    assert response.status_code == 404
    assert school_b.name not in response.content.decode()


def test_school_user_gets_404_on_another_schools_class(client, school_user, registry):
    client.force_login(school_user)

    response = client.get(reverse("registry:class", args=[registry["class_b"].pk]))

    assert response.status_code == 404


def test_school_user_opens_own_card(client, school_user, school_a, registry):
    client.force_login(school_user)

    response = client.get(reverse("registry:organization", args=[school_a.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert school_a.name in html
    assert "Наставнических пар" in html


def test_school_user_sees_no_rows_of_another_school_in_organizations(client, school_user, school_a, school_b):
    client.force_login(school_user)

    html = client.get(reverse("registry:organizations")).content.decode()

    assert school_a.code in html
    assert school_b.code not in html
    assert school_b.name not in html


def test_school_user_sees_no_rows_of_another_school_in_teachers(client, school_user, registry):
    client.force_login(school_user)

    html = client.get(reverse("registry:teachers")).content.decode()

    assert "TCH-A-1" in html
    assert "TCH-B-1" not in html
    assert "TCH-B-2" not in html


def test_school_user_sees_no_rows_of_another_school_in_classes(client, school_user, registry, school_b):
    client.force_login(school_user)

    html = client.get(reverse("registry:classes")).content.decode()

    assert reverse("registry:class", args=[registry["class_a"].pk]) in html
    assert reverse("registry:class", args=[registry["class_b"].pk]) not in html
    assert school_b.display_name not in html


def test_school_user_cannot_filter_into_another_school(client, school_user, registry, school_b):
    client.force_login(school_user)

    html = client.get(reverse("registry:teachers"), {"organization": school_b.pk}).content.decode()

    assert "TCH-B-1" not in html


def test_specialist_sees_both_schools(client, specialist, school_a, school_b):
    client.force_login(specialist)

    html = client.get(reverse("registry:organizations")).content.decode()

    assert school_a.code in html
    assert school_b.code in html

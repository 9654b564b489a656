"""Every page renders, and the layout shows what each role may open."""

from __future__ import annotations

import pytest
from django.urls import reverse

from msoko.directions.catalogue import DIRECTIONS

pytestmark = pytest.mark.django_db


def _pages(registry, school_a) -> list[str]:
    return [
        reverse("home"),
        reverse("registry:organizations"),
        reverse("registry:organization", args=[school_a.code]),
        reverse("registry:classes"),
        reverse("registry:class", args=[registry["class_a"].pk]),
        reverse("registry:teachers"),
        reverse("registry:import"),
        reverse("imports"),
        reverse("audit"),
        *(reverse("direction", args=[d.slug]) for d in DIRECTIONS),
    ]


def test_every_page_renders_for_a_specialist(client, specialist, registry, school_a):
    client.force_login(specialist)

    for url in _pages(registry, school_a):
        response = client.get(url)

        assert response.status_code == 200, url
        assert "МСОКО" in response.content.decode()


def test_admin_user_sees_data_menu_and_admin_link(client, admin_user, registry, school_a):
    client.force_login(admin_user)

    html = client.get(reverse("home")).content.decode()

    assert "Журнал действий" in html
    assert "История загрузок" in html
    assert reverse("admin:index") in html


def test_sidebar_lists_the_ten_directions_in_two_groups(client, methodologist):
    client.force_login(methodologist)

    html = client.get(reverse("home")).content.decode()

    assert "Группа А — качество образовательных результатов" in html
    assert "Группа Б — качество образовательной деятельности" in html
    for d in DIRECTIONS:
        assert reverse("direction", args=[d.slug]) in html


def test_school_user_menu_hides_manager_pages(client, school_user):
    client.force_login(school_user)

    html = client.get(reverse("home")).content.decode()

    assert reverse("registry:import") not in html
    assert reverse("imports") not in html
    assert reverse("audit") not in html
    assert "Выйти" in html


def test_direction_page_shows_goals_indicators_and_what_the_system_does(client, methodologist):
    client.force_login(methodologist)
    direction = DIRECTIONS[6]

    html = client.get(reverse("direction", args=[direction.slug])).content.decode()

    assert direction.title in html
    assert direction.goals[0] in html
    assert "Что делает система по направлению" in html
    assert direction.planned[0] in html
    assert 'id="table-indicators"' in html
    assert "Раздел в разработке" not in html


def test_unknown_direction_is_a_russian_404(client, methodologist):
    client.force_login(methodologist)

    response = client.get(reverse("direction", args=["no-such-direction"]))

    assert response.status_code == 404
    assert "Страница не найдена" in response.content.decode()


def test_anonymous_home_shows_only_aggregated_open_data(client, registry, school_a, school_b):
    response = client.get(reverse("home"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Открытые данные" in html
    assert "1\u2009000" in html  # two schools of 500 students each; a thin space between thousands
    assert reverse("login") in html
    assert school_a.name not in html
    assert school_b.code not in html


def test_login_page_logs_in_and_logout_is_a_post(client, specialist):
    assert client.get(reverse("login")).status_code == 200

    response = client.post(reverse("login"), {"username": "spec", "password": "test-pass-123"})

    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("logout")).status_code == 405
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("registry:organizations")).status_code == 302


def test_login_page_shows_a_russian_error_for_a_wrong_password(client, specialist):
    response = client.post(reverse("login"), {"username": "spec", "password": "wrong"})

    assert response.status_code == 200
    assert "Неверный логин или пароль" in response.content.decode()


def test_layout_uses_only_local_assets(client, specialist):
    client.force_login(specialist)

    html = client.get(reverse("home")).content.decode()

    assert '<link rel="stylesheet" href="/static/msoko/app.css">' in html
    assert "/static/django_htmx/htmx-2.min.js" in html
    assert 'src="http' not in html
    assert 'href="http' not in html

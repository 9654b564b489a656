"""Lists, search, filters and cards of the registry."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_organization_search_is_case_insensitive_for_cyrillic(client, specialist, school_a, school_b):
    client.force_login(specialist)

    html = client.get(reverse("registry:organizations"), {"q": "гимназия"}).content.decode()

    assert school_b.code in html
    assert school_a.name not in html


def test_organization_filter_by_kind(client, specialist, school_a):
    factories.OrganizationFactory(code="0900", name="МБДОУ «Детский сад № 9»", kind="preschool")
    client.force_login(specialist)

    html = client.get(reverse("registry:organizations"), {"kind": "preschool"}).content.decode()

    assert "0900" in html
    assert school_a.name not in html


def test_htmx_live_search_returns_only_the_results_block(client, specialist, school_a, school_b):
    client.force_login(specialist)

    response = client.get(reverse("registry:organizations"), {"q": "0001"}, headers={"HX-Request": "true"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "<table" in html
    assert school_a.code in html
    assert school_b.code not in html
    assert "HX-Request" in response["Vary"]


def test_organization_list_is_paginated_by_50(client, specialist):
    factories.OrganizationFactory.create_batch(55)
    client.force_login(specialist)

    first = client.get(reverse("registry:organizations")).content.decode()
    second = client.get(reverse("registry:organizations"), {"page": 2}).content.decode()

    assert "Показаны 1–50 из 55" in first
    assert "Показаны 51–55 из 55" in second


def test_organization_card_shows_classes_teachers_and_social_context(client, specialist, school_a, registry):
    school_a.low_income_share = 12.5
    school_a.save()
    client.force_login(specialist)

    html = client.get(reverse("registry:organization", args=[school_a.code])).content.decode()

    assert "Социальный контекст" in html
    assert "12,5" in html
    assert "--v: 12.50" in html
    assert "5А" in html
    assert "Высшая" in html
    assert "2024/2025" in html


def test_class_card_lists_student_codes_only(client, specialist, registry):
    client.force_login(specialist)

    html = client.get(reverse("registry:class", args=[registry["class_a"].pk])).content.decode()

    assert "STU-A-1" in html
    assert "STU-B-1" not in html
    assert "женский" in html


def test_teacher_list_filters_by_category_and_searches_code(client, specialist, registry):
    client.force_login(specialist)

    by_category = client.get(reverse("registry:teachers"), {"category": "highest"}).content.decode()
    by_code = client.get(reverse("registry:teachers"), {"q": "tch-b-1"}).content.decode()

    assert "TCH-A-2" in by_category
    assert by_category.count("TCH-A-1") == 1  # only as TCH-A-2's mentor, not as a row
    assert "TCH-B-1" in by_code
    assert "TCH-A-1" not in by_code

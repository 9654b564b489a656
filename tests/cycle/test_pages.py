"""The cycle's panel on a direction's page, the cycle view, the findings list and the rules form."""

from __future__ import annotations

import pytest
from django.urls import reverse

from msoko.cycle import services
from msoko.cycle.models import RecommendationRule

pytestmark = pytest.mark.django_db


def test_the_direction_page_shows_the_cycle_panel_with_its_counts(client, specialist, olympiad_year):
    services.ready_made_rules()
    services.draft_recommendations(school_year=olympiad_year, actor=None)
    client.force_login(specialist)

    page = client.get(reverse("direction", args=["talents"])).content.decode()

    assert 'id="cycle-panel"' in page
    assert 'id="cycle-panel-findings">1<' in page
    assert 'id="cycle-panel-recommendations">1<' in page
    assert f'href="{reverse("cycle:cycle", args=["talents"])}?year=2024/2025"' in page


def test_a_school_sees_no_findings_of_another_school_in_the_panel(client, school_user, olympiad_year):
    client.force_login(school_user)  # of 0001; the finding is 0002's

    page = client.get(reverse("direction", args=["talents"])).content.decode()

    assert 'id="cycle-panel-findings">0<' in page


def test_the_cycle_view_shows_the_chain_of_the_year(client, specialist, olympiad_year):
    client.force_login(specialist)

    response = client.get(reverse("cycle:cycle", args=["talents"]), {"year": "2024/2025"})

    chain = response.context["chain"]
    assert [(f.org_code, f.code) for f in chain.findings] == [("0002", "talents.regional_stage_share")]
    assert 'id="count-findings">1<' in response.content.decode()


def test_an_unknown_direction_is_not_found(client, specialist):
    client.force_login(specialist)

    assert client.get(reverse("cycle:cycle", args=["nothing"])).status_code == 404


def test_the_findings_list_opens_on_findings_in_force(client, methodologist, olympiad_year):
    client.force_login(methodologist)

    rows = client.get(reverse("cycle:findings")).context["rows"]

    assert [f.org_code for f in rows] == ["0002"]


def test_the_specialist_adds_a_rule_on_its_page(client, specialist):
    client.force_login(specialist)
    data = {
        "title": "Семинар РМО учителей математики",
        "match_kind": "indicator",
        "match_value": "talents.regional_stage_share",
        "addressee": "association",
        "association": "РМО учителей математики",
        "text": "Провести семинар для {organization}",
        "due_days": "45",
        "active": "on",
    }

    response = client.post(reverse("cycle:rule_create"), data)

    assert response.status_code == 302
    rule = RecommendationRule.objects.get(title="Семинар РМО учителей математики")
    assert (rule.association, rule.due_days, rule.active) == ("РМО учителей математики", 45, True)


def test_a_rule_with_an_unknown_placeholder_is_not_saved(client, specialist):
    client.force_login(specialist)
    data = {
        "title": "x",
        "match_kind": "direction",
        "match_value": "3",
        "addressee": "organization",
        "text": "Для {school}",
        "due_days": "10",
    }

    response = client.post(reverse("cycle:rule_create"), data)

    assert response.status_code == 400
    assert "Неизвестные подстановки: {school}." in response.content.decode()
    assert not RecommendationRule.objects.filter(title="x").exists()

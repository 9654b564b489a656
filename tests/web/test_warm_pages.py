"""After a recompute the worker renders the municipal analysis page of each procedure of the
year into the shared cache: the first visit reads no results (issue 16)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from msoko.assessments.models import Procedure
from msoko.assessments.services import import_results
from msoko.directions.achievement import views
from msoko.pipeline.runs import recompute_now
from tests.web.test_achievement_pages import KEY, _csv

pytestmark = pytest.mark.django_db


@pytest.fixture
def procedure(school_a, school_b, specialist) -> Procedure:
    """ВПР, Математика, 4 класс, 2020/2021 of two schools (test_achievement_pages.py's data)."""
    import_results(content=_csv(), filename="results.csv", key=KEY, actor=specialist)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021")


def _open(client, user, procedure_pk: int):
    client.force_login(user)
    return client.get(reverse("achievement:procedure_analysis", args=[procedure_pk]))


def test_a_finished_recompute_warms_the_municipal_page(procedure, settings, client, specialist, monkeypatch):
    settings.MSOKO_WARM_PAGES = True
    recompute_now(school_year=procedure.school_year, reason="тест")

    def not_warmed(**_):
        raise AssertionError("the page was built on its first visit")

    monkeypatch.setattr(views, "analysis_for", not_warmed)
    response = _open(client, specialist, procedure.pk)

    assert response.status_code == 200
    assert "Статистика по отметкам" in response.content.decode()


def test_without_warming_the_first_visit_builds_the_page(
    procedure, settings, client, specialist, monkeypatch
):
    settings.MSOKO_WARM_PAGES = False
    recompute_now(school_year=procedure.school_year, reason="тест")
    built = []
    real = views.analysis_for
    monkeypatch.setattr(views, "analysis_for", lambda **kw: built.append(kw) or real(**kw))

    assert _open(client, specialist, procedure.pk).status_code == 200
    assert _open(client, specialist, procedure.pk).status_code == 200
    assert len(built) == 1  # built once, then served from the cache


def test_a_school_page_is_not_warmed_and_stays_scoped(procedure, settings, client, school_user, monkeypatch):
    settings.MSOKO_WARM_PAGES = True
    recompute_now(school_year=procedure.school_year, reason="тест")
    built = []
    real = views.analysis_for
    monkeypatch.setattr(views, "analysis_for", lambda **kw: built.append(kw) or real(**kw))

    response = _open(client, school_user, procedure.pk)  # the school's own scope: not the warmed one

    assert response.status_code == 200
    assert len(built) == 1

"""After a recompute the worker builds the objectivity evidence pages of the flagged schools and
direction 2's pages (the list, the register's schools) into the shared cache: their first
visit reads no results (issue 16). A school still sees only itself; an import renews them."""

from __future__ import annotations

import logging

import pytest
from django.urls import reverse

from msoko.assessments.services import import_results
from msoko.core.models import SchoolYear
from msoko.directions.low_results import pages as support_pages
from msoko.directions.low_results import selectors as support_selectors
from msoko.directions.low_results.services import confirm_support_entry
from msoko.directions.objectivity import pages as evidence_pages
from msoko.pipeline.runs import recompute_now
from msoko.registry.models import Organization
from tests.assessments.conftest import MIDDLE, csv_bytes, row
from tests.flags.conftest import KEY, load_raised_marks
from tests.flags.test_support_pages import load_context_and_results

pytestmark = pytest.mark.django_db
YEAR = "2020/2021"


def _fail(*_, **__):
    raise AssertionError("the page was built on its first visit")


def _evidence_url(code: str) -> str:
    return f"{reverse('objectivity:evidence', args=[code])}?year={YEAR}"


def _support_url(code: str | None = None) -> str:
    page = reverse("low_results:school", args=[code]) if code else reverse("low_results:schools")
    return f"{page}?year={YEAR}"


def _body(html: str) -> str:
    """The evidence page from its figures to the disputes: the part that is cached."""
    return html[html.index('<div class="stats">') : html.index('<section class="panel" id="disputes">')]


@pytest.fixture
def flagged(school_a, settings):
    """School 0001 flagged for marks raised against the journal (tests/flags/conftest.py),
    after a recompute that warms the pages."""
    settings.MSOKO_WARM_PAGES = True
    load_raised_marks()
    recompute_now(school_year=None, reason="тест")


@pytest.fixture
def registered(school_a, specialist, settings):
    """Direction 2's six schools (tests/flags/test_support_pages.py), 0005 in the register,
    after a recompute that warms the pages."""
    settings.MSOKO_WARM_PAGES = True
    load_context_and_results()
    confirm_support_entry(
        organization=Organization.objects.get(code="0005"),
        school_year=SchoolYear.get_by_name(YEAR),
        order_number="17-о",
        order_date=None,
        mentor_code="0006",
        programme="",
        actor=specialist,
    )
    recompute_now(school_year=None, reason="тест")


def test_the_evidence_page_of_a_flagged_school_is_built_by_the_run(client, specialist, flagged, monkeypatch):
    monkeypatch.setattr(evidence_pages, "evidence_for", _fail)
    monkeypatch.setattr(evidence_pages, "year_works", _fail)
    client.force_login(specialist)

    html = client.get(_evidence_url("0001")).content.decode()

    assert "Отметки ВПР и журнала" in html
    assert "Распределение первичных баллов" in html
    assert "Объяснения школы" in html
    assert 'name="excluded_class"' in html
    assert "4А" in html  # the classes the form may leave out come with the cached body


def test_the_warming_reads_each_work_once_and_logs_each_page(school_a, settings, monkeypatch, caplog):
    settings.MSOKO_WARM_PAGES = True
    load_raised_marks()
    reads = []
    real = evidence_pages.year_works
    monkeypatch.setattr(evidence_pages, "year_works", lambda *a: reads.append(a) or real(*a))

    with caplog.at_level(logging.INFO, logger="msoko.pipeline.pages"):
        recompute_now(school_year=None, reason="тест")

    assert len(reads) == 1  # one year with flags: its works read once for all its flagged schools
    assert "warmed evidence page 0001 2020/2021" in caplog.text


def test_a_dispute_is_shown_at_once_on_the_cached_page(client, specialist, flagged):
    client.force_login(specialist)
    client.get(_evidence_url("0001"))

    client.post(
        reverse("objectivity:dispute", args=["0001"]),
        {"year": YEAR, "explanation": "Класс 4А — профильный.", "excluded_class": ""},
    )

    assert "Класс 4А — профильный." in client.get(_evidence_url("0001")).content.decode()


def test_a_school_user_gets_its_own_cached_page_and_no_other(client, specialist, school_user, flagged):
    client.force_login(specialist)
    as_specialist = client.get(_evidence_url("0001")).content.decode()
    assert client.get(_evidence_url("0002")).status_code == 200  # 0002's page now cached too

    client.force_login(school_user)
    own = client.get(_evidence_url("0001"))
    other = client.get(_evidence_url("0002"))

    assert own.status_code == 200
    assert _body(own.content.decode()) == _body(as_specialist)  # built with the school's own scope
    assert other.status_code == 404
    assert client.get(_support_url("0002")).status_code == 404


def test_an_import_renews_the_cached_evidence(client, specialist, flagged, monkeypatch):
    built = []
    real = evidence_pages.evidence_for
    monkeypatch.setattr(evidence_pages, "evidence_for", lambda **kw: built.append(kw) or real(**kw))
    client.force_login(specialist)
    client.get(_evidence_url("0001"))
    assert built == []  # warmed

    rows = [row("0001", f"R{i}", MIDDLE, cls="4В", journal=3) for i in range(20)]  # 0001's work again
    import_results(content=csv_bytes(rows), filename="vpr-0001.csv", key=KEY, actor=specialist)
    html = client.get(_evidence_url("0001")).content.decode()
    client.get(_evidence_url("0001"))

    assert len(built) == 1  # rebuilt once for the new data, then served from the cache
    assert "4В" in html  # the class of the new rows is among those the form may leave out


def test_the_support_pages_of_the_register_are_built_by_the_run(client, specialist, registered, monkeypatch):
    monkeypatch.setattr(support_pages, "_render_list", _fail)
    monkeypatch.setattr(support_pages, "_render_school", _fail)
    monkeypatch.setattr(support_selectors, "support_frame", _fail)
    client.force_login(specialist)

    listed = client.get(_support_url()).content.decode()
    school = client.get(_support_url("0005")).content.decode()

    assert 'id="table-support"' in listed
    assert "17-о" in listed
    assert "Индекс социального контекста" in school
    assert "Предлагаемые школы-наставники" in school  # from the department's cached frame
    assert 'name="order_number"' in school  # the form, per request


def test_a_register_entry_renews_the_cached_list(client, specialist, registered):
    client.force_login(specialist)
    assert "22-о" not in client.get(_support_url()).content.decode()

    client.post(
        reverse("low_results:confirm", args=["0004"]),
        {"year": YEAR, "order_number": "22-о", "mentor": "0006", "programme": ""},
    )

    assert "22-о" in client.get(_support_url()).content.decode()


def test_a_school_user_gets_its_own_support_page_without_the_departments_figures(
    client, school_user, registered
):
    client.force_login(school_user)

    html = client.get(_support_url("0001")).content.decode()

    assert "Индекс социального контекста" in html
    assert "Предлагаемые школы-наставники" not in html
    assert "0006" not in html  # no other school's code: no suggestion, no mentor choice

"""The what-if of a dispute on the worker: recorded at once as «считается», computed by
`msoko worker`, polled by the page until it is there (as deployed, MSOKO_TASKS=database)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from msoko.cli import main
from msoko.directions.objectivity.models import FlagDispute, WhatIfState
from tests import factories

pytestmark = pytest.mark.django_db(transaction=True)
YEAR = "2020/2021"


def _post(client):
    return client.post(
        reverse("objectivity:dispute", args=["0001"]),
        {"year": YEAR, "explanation": "Класс 4А писал работу после болезни учителя.", "excluded_class": "4А"},
        follow=True,
    )


def test_the_request_returns_before_the_what_if_and_the_worker_fills_it_in(
    client, specialist, flagged, database_queue
):
    client.force_login(specialist)

    page = _post(client).content.decode()

    record = FlagDispute.objects.get()
    assert record.what_if_state == WhatIfState.PENDING
    assert "считается в фоне" in page  # the message says what happens
    assert "результат появится здесь" in page  # the line the page polls
    poll = reverse("objectivity:what_if", args=[record.pk])
    assert f'hx-get="{poll}"' in page
    assert DBTaskResult.objects.count() == 1

    assert main(["worker", "--until-empty"]) == 0

    record.refresh_from_db()
    # the flag as it stood, and without 4А: 8 pupils are too few for any criterion
    assert (record.what_if_state, record.level, record.what_if_level) == (WhatIfState.READY, 2, 0)
    line = client.get(poll).content.decode()
    assert "признаков нет" in line
    assert "hx-get" not in line  # done: the page stops asking


def test_a_failed_what_if_says_so_and_the_explanation_stays(
    client, specialist, flagged, database_queue, monkeypatch
):
    from msoko.directions.objectivity import services

    def broken(**_):
        raise RuntimeError("сбой")

    monkeypatch.setattr(services, "what_if", broken)
    client.force_login(specialist)
    _post(client)

    main(["worker", "--until-empty"])

    record = FlagDispute.objects.get()
    assert record.what_if_state == WhatIfState.FAILED
    assert record.explanation.startswith("Класс 4А")
    assert "расчёт не удался" in client.get(reverse("objectivity:what_if", args=[record.pk])).content.decode()


def test_a_school_polls_only_its_own_disputes(client, specialist, school_user, flagged, database_queue):
    client.force_login(specialist)
    _post(client)
    record = FlagDispute.objects.get()
    record.organization = factories.OrganizationFactory(code="0009")
    record.save()

    client.force_login(school_user)  # a user of 0001
    assert client.get(reverse("objectivity:what_if", args=[record.pk])).status_code == 404

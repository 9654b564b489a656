"""The recompute queue: an import queues a run, `msoko worker` does it; failures keep their
reason; runs of one school year coalesce; `--until-empty` returns when the queue is empty."""

from __future__ import annotations

import pytest
from django_tasks_db.models import DBTaskResult

from msoko.assessments.services import ProcedureKey, import_results
from msoko.cli import main
from msoko.indicators.models import IndicatorValue
from msoko.pipeline import computations
from msoko.pipeline.computations import Computation
from msoko.pipeline.models import ComputeRun, ComputeStatus
from tests.assessments.conftest import GOOD, WEAK, csv_bytes, row

pytestmark = pytest.mark.django_db(transaction=True)
KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")


def _import(org: str = "0001", scores: list[int] = GOOD, name: str = "vpr.csv"):
    return import_results(content=csv_bytes([row(org, "1", scores)]), filename=name, key=KEY, actor=None)


def test_an_import_queues_the_recompute_and_the_worker_does_it(database_queue, school_a):
    report = _import()

    run = ComputeRun.objects.get()
    assert run.status == ComputeStatus.QUEUED  # the upload returned before any computing
    assert not IndicatorValue.objects.exists()
    assert DBTaskResult.objects.count() == 1
    assert report.followups[0]["url"].endswith(f"/runs/{run.pk}/state/")

    assert main(["worker", "--until-empty"]) == 0

    run.refresh_from_db()
    assert (run.status, run.progress, run.error) == ("done", "готово", "")
    assert run.values > 0
    assert run.worker
    assert IndicatorValue.objects.get(code="results.success_rate", org_code="0001").value == 100.0


def test_two_imports_of_one_year_coalesce_into_one_run(database_queue, school_a, school_b):
    first = _import("0001", GOOD, "a.csv")
    second = _import("0002", WEAK, "b.csv")

    run = ComputeRun.objects.get()  # the second import joined the waiting run
    assert f"№{first.record_id}" in run.reason
    assert f"№{second.record_id}" in run.reason
    assert DBTaskResult.objects.count() == 1

    assert main(["worker", "--until-empty"]) == 0
    run.refresh_from_db()
    assert run.status == ComputeStatus.DONE
    values = dict(IndicatorValue.objects.filter(code="results.success_rate").values_list("org_code", "value"))
    assert values == {"0001": 100.0, "0002": 0.0, "МО": 50.0}  # one pupil each: «5» and «2»


def test_a_run_asked_for_while_another_waits_is_merged_when_that_one_starts(database_queue, school_a):
    from msoko.pipeline.runs import run_recompute

    waiting = ComputeRun.objects.create(school_year=None, reason="первый")
    later = ComputeRun.objects.create(school_year=None, reason="второй")

    run_recompute(waiting)

    later.refresh_from_db()
    assert (later.status, later.merged_into_id) == (ComputeStatus.MERGED, waiting.pk)
    assert run_recompute(later).status == ComputeStatus.MERGED  # its task finds nothing to do


def test_a_failed_run_keeps_its_reason_and_the_worker_goes_on(database_queue, school_a, monkeypatch):
    def broken(frames):
        raise ValueError("нет данных для расчёта")

    monkeypatch.setitem(
        computations._registry,
        "broken",
        Computation(code="broken", title="сломанный", order=1, compute=broken),
    )
    _import()

    assert main(["worker", "--until-empty"]) == 0  # the worker survives a failing task

    run = ComputeRun.objects.get()
    assert run.status == ComputeStatus.FAILED
    assert run.error == "ValueError: нет данных для расчёта"
    assert run.finished_at is not None


def test_until_empty_returns_at_once_on_an_empty_queue(database_queue):
    assert main(["worker", "--until-empty"]) == 0
    assert not ComputeRun.objects.exists()


def test_the_worker_refuses_without_the_database_queue(settings, capsys):
    settings.MSOKO_TASKS = "immediate"

    assert main(["worker", "--until-empty"]) == 2
    assert "MSOKO_TASKS=database" in capsys.readouterr().err


def test_the_run_state_page_follows_a_queued_run(database_queue, client, school_user, school_a):
    _import()
    run = ComputeRun.objects.get()
    client.force_login(school_user)

    waiting = client.get(f"/indicators/runs/{run.pk}/state/").content.decode()
    main(["worker", "--until-empty"])
    done = client.get(f"/indicators/runs/{run.pk}/state/").content.decode()

    assert "в очереди" in waiting
    assert "hx-get" in waiting
    assert "готово" in done
    assert "hx-get" not in done


@pytest.mark.django_db
def test_a_run_that_read_older_data_never_overwrites_a_newer_runs_figures(school_a):
    """Two overlapping runs of one year: the later-started one writes first (and is not yet
    marked done); the earlier one, writing after it, must keep its figures and its details."""
    from datetime import timedelta

    from django.utils import timezone

    from msoko.core.models import SchoolYear
    from msoko.pipeline.computations import Outcome
    from msoko.pipeline.runs import write_year

    year = SchoolYear.get_by_name("2020/2021")
    now = timezone.now()
    older = ComputeRun.objects.create(school_year=year, reason="1", status="running", started_at=now)
    newer = ComputeRun.objects.create(
        school_year=year, reason="2", status="running", started_at=now + timedelta(seconds=5)
    )

    def outcome(value: float) -> dict[str, Outcome]:
        import polars as pl

        values = pl.DataFrame(
            {
                "code": ["results.participants"],
                "org_code": ["0001"],
                "procedure": ["ВПР"],
                "subject": ["Математика"],
                "grade": [4],
                "value": [value],
            }
        )
        return {"achievement": Outcome(values=values, details={"n": value})}

    first = write_year(year, outcome(20.0), run=newer)
    second = write_year(year, outcome(10.0), run=older)

    assert first.values == 1
    assert (second.values, second.details) == (0, {})  # skipped, and it claims no figures
    assert IndicatorValue.objects.get(code="results.participants").value == 20.0


def test_the_trusted_proxies_may_be_networks(settings):
    from django.test import RequestFactory

    from msoko.core.audit import client_ip

    settings.MSOKO_TRUSTED_PROXIES = ["172.16.0.0/12"]
    request = RequestFactory().get("/", REMOTE_ADDR="172.18.0.3", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert client_ip(request) == "203.0.113.9"

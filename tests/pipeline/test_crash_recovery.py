"""A process killed in the middle leaves nothing half written: an import is all or nothing, a
recompute keeps the figures it had, and its run — left «выполняется» — is marked failed with
the reason and queued again once its heartbeat has stopped."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from bench.scaleout import ROOT, own_database, results_file
from msoko.core.models import SchoolYear
from msoko.pipeline.models import ComputeRun, ComputeStatus
from msoko.pipeline.tasks import recover_stale_runs


@pytest.mark.django_db
def test_a_run_without_heartbeat_is_failed_with_its_reason_and_queued_again(settings):
    settings.MSOKO_RUN_STALE_MINUTES = 10
    year = SchoolYear.get_by_name("2024/2025")
    now = timezone.now()
    dead = ComputeRun.objects.create(
        school_year=year,
        reason="загрузка",
        status=ComputeStatus.RUNNING,
        heartbeat_at=now - dt.timedelta(minutes=11),
    )
    alive = ComputeRun.objects.create(
        school_year=None,
        reason="msoko compute",
        status=ComputeStatus.RUNNING,
        heartbeat_at=now - dt.timedelta(minutes=2),
    )

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("msoko.pipeline.tasks._enqueue", lambda run: None)  # the queue itself is not under test
        again = recover_stale_runs(now=now)

    dead.refresh_from_db()
    alive.refresh_from_db()
    assert dead.status == ComputeStatus.FAILED
    assert dead.error.startswith("процесс пересчёта остановился (последний признак работы")
    assert alive.status == ComputeStatus.RUNNING
    assert [(r.school_year, r.status, r.reason) for r in again] == [
        (year, "queued", f"повтор после сбоя №{dead.pk}")
    ]


@pytest.mark.django_db
def test_pages_say_when_their_figures_are_older_than_the_last_import(client, specialist):
    client.force_login(specialist)
    year = SchoolYear.get_by_name("2024/2025")

    assert "figures-behind" not in client.get(reverse("home")).content.decode()
    run = ComputeRun.objects.create(school_year=year, reason="загрузка №1")
    assert "Идёт пересчёт показателей" in client.get(reverse("home")).content.decode()
    run.status = ComputeStatus.FAILED
    run.save()
    assert "завершился ошибкой" in client.get(reverse("home")).content.decode()
    ComputeRun.objects.create(school_year=year, reason="msoko compute", status=ComputeStatus.DONE)
    assert "figures-behind" not in client.get(reverse("home")).content.decode()


STATE = """
import json, django
django.setup()
from msoko.assessments.models import ResultCoverage, ResultData
from django.db.models import Count
from msoko.core.models import Batch, ImportRecord
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.models import ComputeRun
print(json.dumps({
    "values": IndicatorValue.objects.count(),
    "runs": dict(ComputeRun.objects.values_list("status").annotate(n=Count("id"))),
    "accepted": ImportRecord.objects.filter(kind="results", status="accepted").count(),
    "batches": Batch.objects.filter(kind="results").count(),
    "blocks": ResultData.objects.count(),
    "rows": sum(ResultData.objects.values_list("rows", flat=True)),
    "coverage": ResultCoverage.objects.count(),
}))
"""


def test_an_import_killed_at_any_moment_leaves_all_or_nothing():
    """Real kills (SIGKILL) of `msoko import results` at several moments of a 40,000-row import,
    on the suite's database engine (a database of its own)."""
    workdir = Path(tempfile.mkdtemp(prefix="msoko-kill-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))}
    with own_database(os.environ.get("MSOKO_DATABASE_URL"), workdir) as url:
        env = base | {
            "MSOKO_DATABASE_URL": url,
            "MSOKO_VAR_DIR": str(workdir / "var"),
            "PYTHONPATH": str(ROOT),
        }
        msoko = [sys.executable, "-m", "msoko"]
        subprocess.run([*msoko, "migrate"], env=env, check=True, capture_output=True)
        codes = [f"{8000 + i}" for i in range(200)]
        registry = workdir / "orgs.csv"
        registry.write_text(
            "Код ОО;Наименование\n" + "\n".join(f"{c};Школа {c}" for c in codes), encoding="utf-8"
        )
        subprocess.run(
            [*msoko, "import", "organizations", str(registry)], env=env, check=True, capture_output=True
        )
        data = workdir / "vpr.csv"
        data.write_bytes(results_file(codes, rows_per_school=200, seed=3))
        load = [*msoko, "import", "results", str(data), "--procedure", "ВПР", "--subject", "Математика"]
        load += ["--grade", "4", "--year", "2020/2021"]

        started = time.monotonic()
        finished = subprocess.run(load, env=env, capture_output=True)
        whole = time.monotonic() - started  # how long one import takes here, start-up included
        states = [_state(env)]
        for fraction in (0.3, 0.5, 0.7, 0.8, 0.9, 0.95):  # kills while it reads, checks, writes
            process = subprocess.Popen(load, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(whole * fraction)
            process.send_signal(signal.SIGKILL)
            process.wait()
            states.append(_state(env))
        last = states[-1]

        # a recompute killed while it computes or writes keeps the figures it had, whole
        subprocess.run([*msoko, "compute"], env=env, check=True, capture_output=True)
        computed = _state(env)
        for pause in (0.0, 0.3):  # as soon as the run is claimed, and a moment into its work
            process = subprocess.Popen([*msoko, "compute"], env=env, stdout=subprocess.DEVNULL)
            _wait_for_a_running_run(url, process)
            time.sleep(pause)
            process.send_signal(signal.SIGKILL)
            process.wait()
            assert _state(env)["values"] == computed["values"]
        # the killed runs, «выполняется» for ever, are failed and queued again by the next worker
        recovered = subprocess.run(
            [*msoko, "worker", "--until-empty"],
            env=env | {"MSOKO_TASKS": "database", "MSOKO_RUN_STALE_MINUTES": "0"},
            capture_output=True,
            text=True,
        )
        after = _state(env)

    for state in [*states, last]:
        imported = state["accepted"]
        # every accepted import has its batch, its block of 40,000 rows and its 200 schools …
        assert state["batches"] == imported, state
        assert state["coverage"] == 200 * imported, state
        # … and the blocks of replaced imports are gone (only the current one is kept)
        assert state["blocks"] == min(imported, 1), state
        assert state["rows"] == 40_000 * min(imported, 1), state
    assert finished.returncode == 0, finished.stderr
    assert states[0]["accepted"] == 1
    assert computed["values"] > 0
    assert recovered.returncode == 0, recovered.stderr
    assert "Пересчёт после сбоя поставлен в очередь" in recovered.stdout
    assert after["runs"].get("running", 0) == 0
    assert after["runs"].get("failed", 0) >= 1
    assert after["values"] == computed["values"]
    # each killed import either landed whole or left nothing: the count moves by 0 or 1
    assert all(b["accepted"] - a["accepted"] in (0, 1) for a, b in itertools.pairwise(states))


def _state(env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", STATE],
        env=env | {"DJANGO_SETTINGS_MODULE": "msoko.config.settings"},
        capture_output=True,
        check=True,
        text=True,
    ).stdout
    return json.loads(out)


def _wait_for_a_running_run(url: str, process: subprocess.Popen, timeout: float = 60) -> None:
    """Poll the run table directly (no Django start-up per look) until a run is «выполняется»."""
    query = "SELECT COUNT(*) FROM indicators_computerun WHERE status = 'running'"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process.poll() is None:
        if url.startswith("sqlite"):
            import sqlite3

            with sqlite3.connect(url.removeprefix("sqlite:///"), timeout=5) as connection:
                running = connection.execute(query).fetchone()[0]
        else:
            import psycopg

            with psycopg.connect(url) as connection:
                running = connection.execute(query).fetchone()[0]
        if running:
            return
        time.sleep(0.02)
    raise AssertionError("the recompute never started")


@pytest.mark.django_db
def test_after_a_restore_runs_without_their_task_are_failed_with_the_reason():
    from msoko.core.hooks import backup_restored
    from msoko.core.models import ImportRecord

    year = SchoolYear.get_by_name("2024/2025")
    waiting = ComputeRun.objects.create(school_year=year, reason="загрузка")
    done = ComputeRun.objects.create(school_year=year, reason="msoko compute", status=ComputeStatus.DONE)

    backup_restored.send(sender=ImportRecord)

    waiting.refresh_from_db()
    done.refresh_from_db()
    assert (waiting.status, waiting.error) == ("failed", "прерван восстановлением из резервной копии")
    assert done.status == "done"

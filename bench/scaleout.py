"""Scale-out, shown: two web processes (gunicorn) and two `msoko worker` processes on one
database take concurrent uploads and their recomputes; no run is lost or done twice.

`run_scaleout` builds a database of its own (a new PostgreSQL database beside the one
MSOKO_DATABASE_URL names, or a SQLite file), starts the processes, uploads result files of
two school years from several threads through the web form, waits for the queue to empty and
checks every run and every value. The CI test runs it at 20 schools
(tests/pipeline/test_scale_out.py); `python -m bench.scaleout` at region size.
"""

from __future__ import annotations

import concurrent.futures
import http.cookiejar
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import uuid
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import polars as pl

from bench.region import LABELS, MAXIMA, SCALE

ROOT = Path(__file__).resolve().parents[1]
SCHEME = ROOT / "msoko/assessments/schemes/vpr-2020-2021-ma4.yaml"
YEARS = ("2020/2021", "2021/2022")
PASSWORD = "scale-out-Пароль-1"


@dataclass
class Outcome:
    uploads: int
    upload_seconds: list[float]
    runs: dict[str, int]  # status → count
    tasks: dict[str, int]  # task status → count
    workers: int  # distinct worker processes that ran a recompute
    participants: dict[str, int]  # school year → results.participants summed over schools
    expected: dict[str, int]
    schools_with_values: dict[str, int]
    seconds_to_empty_queue: float

    def lines(self) -> list[str]:
        p50 = statistics.median(self.upload_seconds)
        p95 = sorted(self.upload_seconds)[max(0, round(0.95 * len(self.upload_seconds)) - 1)]
        return [
            f"загрузок через сайт {self.uploads}: медиана {p50:.2f} с, p95 {p95:.2f} с",
            f"пересчёты: {self.runs}; задания очереди: {self.tasks}; обработчиков участвовало {self.workers}",
            f"участников по годам {self.participants} (ожидалось {self.expected})",
            f"очередь пуста через {self.seconds_to_empty_queue:.1f} с после последней загрузки",
        ]


def results_file(codes: list[str], *, rows_per_school: int, seed: int) -> bytes:
    """A `results` CSV of the ВПР МА4 shape for these schools (NumPy and Polars, no row loop)."""
    rng = np.random.default_rng(seed)
    school = np.repeat(np.arange(len(codes)), rows_per_school)
    rows = school.size
    columns: dict[str, object] = {
        "Код ОО": np.array(codes)[school],
        "Класс": np.full(rows, "4А"),
        "Код участника": np.char.add(f"S{seed}-", np.arange(rows).astype(str)),
        "Вариант": np.ones(rows, dtype=np.int64),
    }
    total = np.zeros(rows, dtype=np.int64)
    for label, maximum in zip(LABELS, MAXIMA, strict=True):
        score = rng.binomial(maximum, 0.6, rows)
        columns[label] = score
        total += score
    columns["Сумма баллов"] = total
    columns["Отметка"] = np.select([total >= SCALE[5], total >= SCALE[4], total >= SCALE[3]], [5, 4, 3], 2)
    columns["Отметка по журналу"] = columns["Отметка"]
    columns["Пол"] = np.full(rows, "М")
    buffer = __import__("io").BytesIO()
    pl.DataFrame(columns).write_csv(buffer, separator=";")
    return buffer.getvalue()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def own_database(base_url: str | None, workdir: Path):
    """A fresh database for the run: PostgreSQL beside ``base_url``, else a SQLite file."""
    if not base_url or base_url.startswith("sqlite"):
        yield f"sqlite:///{workdir / 'scaleout.sqlite3'}"
        return
    import psycopg

    name = f"msoko_scaleout_{uuid.uuid4().hex[:8]}"
    parsed = urllib.parse.urlsplit(base_url)
    with psycopg.connect(base_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield urllib.parse.urlunsplit(parsed._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(base_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _msoko(env: dict[str, str], *args: str, stdin: bytes | None = None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "msoko", *args], env=env, input=stdin, capture_output=True, check=False
    )
    if done.returncode != 0:
        raise RuntimeError(f"msoko {' '.join(args)}: {done.stderr.decode()[-2000:]}")
    return done.stdout.decode()


def _query(env: dict[str, str]) -> dict:
    """The state of the runs and values, read by a separate process with the run's settings."""
    code = """
import json, django
django.setup()
from django.db.models import Count, Sum
from django_tasks_db.models import DBTaskResult
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.models import ComputeRun
values = IndicatorValue.objects.filter(code="results.participants").exclude(org_code="МО")
print(json.dumps({
    "runs": dict(ComputeRun.objects.values_list("status").annotate(n=Count("id"))),
    "tasks": dict(
        DBTaskResult.objects.filter(task_path__endswith=".recompute_task").values_list("status").annotate(n=Count("id"))
    ),
    "workers": ComputeRun.objects.filter(status="done").values("worker").distinct().count(),
    "participants": {y: v for y, v in values.values_list("school_year__name").annotate(s=Sum("value"))},
    "schools": {y: n for y, n in values.values_list("school_year__name").annotate(n=Count("org_code"))},
}))
"""
    out = subprocess.run(
        [sys.executable, "-c", code],
        env=env | {"DJANGO_SETTINGS_MODULE": "msoko.config.settings"},
        capture_output=True,
        check=True,
    )
    return json.loads(out.stdout)


class _Browser:
    """A logged-in user of the site over HTTP: cookies, CSRF, multipart uploads (stdlib only)."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))

    def _csrf(self) -> str:
        return next(c.value for c in self.cookies if c.name == "csrftoken")

    def login(self, username: str, password: str) -> None:
        self.opener.open(self.base + "/login/").read()
        data = urllib.parse.urlencode(
            {"username": username, "password": password, "csrfmiddlewaretoken": self._csrf()}
        ).encode()
        self.opener.open(urllib.request.Request(self.base + "/login/", data=data)).read()

    def upload(self, path: str, fields: dict[str, str], filename: str, content: bytes) -> str:
        boundary = uuid.uuid4().hex
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'.encode()
            for k, v in {**fields, "csrfmiddlewaretoken": self._csrf()}.items()
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{filename}"\r\n'
            "Content-Type: text/csv\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        request = urllib.request.Request(
            self.base + path, data=body, headers={"Content-Type": f"multipart/form-data; boundary={boundary}"}
        )
        return self.opener.open(request, timeout=600).read().decode()


def run_scaleout(
    *,
    schools: int = 20,
    rows_per_school: int = 20,
    chunks: int = 4,
    web_workers: int = 2,
    task_workers: int = 2,
    database_url: str | None = None,
    timeout: float = 300,
) -> Outcome:
    workdir = Path(tempfile.mkdtemp(prefix="msoko-scaleout-"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))}
    with own_database(database_url, workdir) as url:
        env = base_env | {
            "MSOKO_DATABASE_URL": url,
            "MSOKO_VAR_DIR": str(workdir / "var"),
            "MSOKO_TASKS": "database",
            "PYTHONPATH": str(ROOT),
        }
        _msoko(env, "migrate")
        codes = [f"{7000 + i}" for i in range(schools)]
        registry = "Код ОО;Наименование\n" + "\n".join(f"{c};Школа {c}" for c in codes)
        orgs = workdir / "organizations.csv"
        orgs.write_text(registry, encoding="utf-8")
        _msoko(env, "import", "organizations", str(orgs))
        second = workdir / "ma4-2021-2022.yaml"
        second.write_text(
            re.sub(r"(?m)^year: .*$", f"year: {YEARS[1]}", SCHEME.read_text(encoding="utf-8")),
            encoding="utf-8",
        )
        _msoko(env, "import", "scheme", str(second))
        _msoko(env, "createuser", "spec", "--role", "specialist", "--password", PASSWORD)

        port = _free_port()
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "msoko", "serve", "--port", str(port), "--workers", str(web_workers)],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            *(
                subprocess.Popen(
                    [sys.executable, "-m", "msoko", "worker", "--interval", "0.2"],
                    env=env,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                for _ in range(task_workers)
            ),
        ]
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_for(base, timeout=60)
            jobs = []
            per_chunk = -(-schools // chunks)
            for y, year in enumerate(YEARS):
                for c in range(chunks):
                    part = codes[c * per_chunk : (c + 1) * per_chunk]
                    if part:
                        jobs.append(
                            (
                                year,
                                part,
                                results_file(part, rows_per_school=rows_per_school, seed=y * 100 + c),
                            )
                        )
            timings = list(
                concurrent.futures.ThreadPoolExecutor(len(jobs)).map(lambda job: _upload(base, job), jobs)
            )
            uploaded = time.perf_counter()
            state = _wait_until_empty(env, timeout=timeout)
            empty_after = time.perf_counter() - uploaded
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=30)
    return Outcome(
        uploads=len(jobs),
        upload_seconds=timings,
        runs=state["runs"],
        tasks=state["tasks"],
        workers=state["workers"],
        participants={y: int(v) for y, v in state["participants"].items()},
        expected=dict.fromkeys(YEARS, schools * rows_per_school),
        schools_with_values=state["schools"],
        seconds_to_empty_queue=empty_after,
    )


def _wait_for(base: str, *, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/login/", timeout=5).read()
            return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("сайт не запустился")


def _upload(base: str, job: tuple[str, list[str], bytes]) -> float:
    year, part, content = job
    browser = _Browser(base)
    browser.login("spec", PASSWORD)
    started = time.perf_counter()
    page = browser.upload(
        "/upload/results/",
        {"procedure": "ВПР", "subject": "Математика", "grade": "4", "year": year},
        f"ma4-{year.replace('/', '-')}-{part[0]}.csv",
        content,
    )
    if "загружен" not in page:
        raise RuntimeError(f"загрузка {part[0]}… {year} не прошла")
    return time.perf_counter() - started


def _wait_until_empty(env: dict[str, str], *, timeout: float) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        state = _query(env)
        if not {"queued", "running"} & set(state["runs"]) or time.monotonic() > deadline:
            return state
        time.sleep(0.5)


if __name__ == "__main__":
    outcome = run_scaleout(
        schools=1_000, rows_per_school=100, chunks=4, database_url=os.environ.get("MSOKO_DATABASE_URL")
    )
    for line in outcome.lines():
        print(line)

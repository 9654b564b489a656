"""`make bench`, load part: 20 specialists on the main pages, PostgreSQL, two web processes and
a worker; once idle and once while a region's results file is imported and recomputed.

Locust (a bench-only dependency) drives the users over loopback in its own process. The
database is a fresh PostgreSQL one beside MSOKO_DATABASE_URL with the demo municipality and a
region of 1,000 schools registered; the region's file is the bench's own (bench/region.py).
Reported: requests, errors, p50 and p95 of every page and of all pages together.
"""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from bench.region import GRADE, SUBJECT, YEAR, school_codes, write_region_csv
from bench.scaleout import ROOT, _Browser, _free_port, _msoko, _wait_for, own_database

USERS = 20
SECONDS = 40
LOGIN, PASSWORD = "specialist", "msoko-demo"  # the demo's specialist (msoko/demo/services.py)

PAGES_QUERY = """
import json, django
django.setup()
from msoko.assessments.models import ResultCoverage
from msoko.flags.models import Flag
cover = (ResultCoverage.objects.filter(active=True, organization__municipality__is_demo=True)
         .select_related("procedure", "organization")
         .order_by("-procedure__school_year__start_year", "procedure_id").first())
unobjective = Flag.objects.filter(kind="unobjective").select_related("organization").first()
low = Flag.objects.filter(kind="low_results").select_related("organization").first()
pages = [
    ["главная", "/"],
    ["направление 1", "/directions/student-achievement/"],
    ["процедуры", "/assessments/"],
    ["анализ процедуры", f"/assessments/procedures/{cover.procedure_id}/analysis/"],
    ["анализ школы", f"/assessments/procedures/{cover.procedure_id}/schools/{cover.organization.code}/"],
    ["объективность", "/objectivity/"],
    ["признаки школы", f"/objectivity/schools/{unobjective.organization.code}/"],
    ["поддержка ШНОР", "/support/"],
    ["школа ШНОР", f"/support/schools/{low.organization.code}/"],
    ["организации", "/registry/organizations/"],
    ["организация", f"/registry/organizations/{cover.organization.code}/"],
    ["пересчёты", "/indicators/runs/"],
]
print(json.dumps(pages))
"""


@dataclass
class Phase:
    title: str
    rows: list[dict[str, str]]  # Locust's stats rows: one per page, then «Aggregated»
    note: str = ""

    def lines(self) -> list[str]:
        out = [f"{self.title}{f' ({self.note})' if self.note else ''}:"]
        out.append(f"  {'страница':<22}{'запросов':>9}{'ошибок':>8}{'p50, мс':>9}{'p95, мс':>9}")
        for row in self.rows:
            name = "все страницы" if row["Name"] == "Aggregated" else row["Name"]
            counts = f"{row['Request Count']:>9}{row['Failure Count']:>8}"
            out.append(f"  {name:<22}{counts}{row['50%']:>9}{row['95%']:>9}")
        return out


def _locust(
    base: str,
    pages: str,
    sessions: list[str],
    workdir: Path,
    name: str,
    env: dict[str, str],
    *,
    seconds: int = SECONDS,
) -> list[dict[str, str]]:
    prefix = workdir / name
    subprocess.run(
        [
            sys.executable,
            "-m",
            "locust",
            "-f",
            str(ROOT / "bench/locustfile.py"),
            "--headless",
            "--users",
            str(USERS),
            "--spawn-rate",
            str(USERS),
            "--run-time",
            f"{seconds}s",
            "--host",
            base,
            "--csv",
            str(prefix),
            "--only-summary",
            "--loglevel",
            "ERROR",
        ],
        env=env | {"MSOKO_LOAD_PAGES": pages, "MSOKO_LOAD_SESSIONS": json.dumps(sessions)},
        check=False,  # Locust exits 1 when any request failed: the failures are in the report
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    with open(f"{prefix}_stats.csv", encoding="utf-8") as stats:
        rows = list(csv.DictReader(stats))
    return sorted(rows, key=lambda row: row["Name"] == "Aggregated")


def _session(base: str) -> str:
    browser = _Browser(base)
    browser.login(LOGIN, PASSWORD)
    session = next((c.value for c in browser.cookies if c.name == "sessionid"), "")
    if not session:
        raise RuntimeError(f"вход {LOGIN} не удался")
    return session


def run_load(database_url: str) -> list[Phase]:
    workdir = Path(tempfile.mkdtemp(prefix="msoko-load-"))
    base_env = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))}
    with own_database(database_url, workdir) as url:
        env = base_env | {
            "MSOKO_DATABASE_URL": url,
            "MSOKO_VAR_DIR": str(workdir / "var"),
            "MSOKO_TASKS": "database",
            "MSOKO_STABLE_PARTICIPANT_CODES": "1",
            "PYTHONPATH": str(ROOT),
        }
        _msoko(env, "migrate")
        _msoko(env, "demo")
        orgs = workdir / "region-organizations.csv"
        orgs.write_text(
            "Код ОО;Наименование;Муниципалитет\n"
            + "\n".join(f"{code};Школа {code};Регион (нагрузка)" for code in school_codes()),
            encoding="utf-8",
        )
        _msoko(env, "import", "organizations", str(orgs))
        region = write_region_csv(
            workdir / "region.csv", rows=int(os.environ.get("MSOKO_BENCH_ROWS", 1_000_000))
        )
        pages = subprocess.run(
            [sys.executable, "-c", PAGES_QUERY],
            env=env | {"DJANGO_SETTINGS_MODULE": "msoko.config.settings"},
            capture_output=True,
            check=True,
            text=True,
        ).stdout.strip()
        port = _free_port()
        base = f"http://127.0.0.1:{port}"
        processes = [
            subprocess.Popen(
                [sys.executable, "-m", "msoko", "serve", "--port", str(port), "--workers", "2"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
            subprocess.Popen(
                [sys.executable, "-m", "msoko", "worker", "--interval", "0.5"],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            ),
        ]
        try:
            _wait_for(base, timeout=60)
            sessions = [_session(base) for _ in range(USERS)]
            # first visits fill the page caches
            _locust(base, pages, sessions, workdir, "warm", env, seconds=10)
            idle = Phase("без нагрузки", _locust(base, pages, sessions, workdir, "idle", env))
            started = time.perf_counter()
            importing = subprocess.Popen(
                [
                    sys.executable, "-m", "msoko", "import", "results", str(region),
                    "--procedure", "ВПР", "--subject", SUBJECT, "--grade", str(GRADE), "--year", YEAR,
                ],
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
            )  # fmt: skip
            time.sleep(1)
            busy_rows = _locust(base, pages, sessions, workdir, "import", env)
            _, error = importing.communicate(timeout=900)
            imported = time.perf_counter() - started
            if importing.returncode != 0:
                raise RuntimeError(f"загрузка региона не прошла: {error.decode()[-2000:]}")
            busy = Phase(
                "во время загрузки региона",
                busy_rows,
                note=f"загрузка {region.stat().st_size / 2**20:.0f} МБ заняла {imported:.1f} с; "
                "её пересчёт шёл в обработчике",
            )
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                process.wait(timeout=60)
    return [idle, busy]


def main() -> None:
    url = os.environ.get("MSOKO_DATABASE_URL", "")
    if not url.startswith("postgres"):
        print("Нагрузочный замер пропущен: нужен PostgreSQL (MSOKO_DATABASE_URL=postgres://…).")
        return
    print(f"{USERS} специалистов, по {SECONDS} с, PostgreSQL, два процесса сайта и обработчик:")
    for phase in run_load(url):
        for line in phase.lines():
            print(line)


if __name__ == "__main__":
    main()

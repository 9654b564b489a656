"""`make bench`: region-size imports, measured in one run as ratios to a bare read.

Every measurement runs in its own process so that its peak memory is its own. Results on
PostgreSQL are measured too when MSOKO_DATABASE_URL points at one. Absolute seconds depend
on the machine; the ratios much less.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
from contextlib import ExitStack
from pathlib import Path

from bench.region import GRADE, ROWS, SUBJECT, YEAR, write_region_csv
from bench.scaleout import own_database

REAL_XLSX = Path(__file__).resolve().parents[2] / "shared/data/real/altai-vpr/2020-autumn/vpr2020_ma4.xlsx"


def _measure(*args: str, env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-m", "bench.measure", *args], env=env, capture_output=True, text=True, check=True
    ).stdout
    lines = [json.loads(line) for line in out.strip().splitlines() if line.startswith("{")]
    return {k: v for line in lines for k, v in line.items()}


def _sqlite_env(workdir: Path, name: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MSOKO_DATABASE_URL"}
    return env | {
        # an upload queues its recompute (as deployed); `compute` is measured on its own
        "MSOKO_TASKS": "database",
        "MSOKO_VAR_DIR": str(workdir / name),
        "MSOKO_DATABASE_URL": f"sqlite:///{workdir / name}.sqlite3",
    }


#: imports and computes of the region measured per run: the time is the median, the peak the
#: highest (a peak moves by ±50 MB with the allocator's timing; issue 16)
REPEATS = int(os.environ.get("MSOKO_BENCH_REPEATS", "3"))


def _repeated(runs: list[dict]) -> dict:
    """The median time and the highest peak of the same measurement run several times."""
    return {
        "rows": runs[-1]["rows"],
        "seconds": statistics.median(r["seconds"] for r in runs),
        "peak_mb": max(r["peak_mb"] for r in runs),
        "runs": runs,
    }


def _year_measurements(csv_path: Path, envs: list[dict[str, str]], database: str) -> list[tuple[str, dict]]:
    """Import the region into each fresh database of ``envs``; on the last one compute its year
    (``REPEATS`` times), then warm and open its analysis page: each its own process."""
    work = (str(csv_path), SUBJECT, str(GRADE), YEAR)
    imported = _repeated([_measure("import-results", *work, "0", env=env) for env in envs])
    computed = _repeated([_measure("compute", YEAR, env=envs[-1]) for _ in range(REPEATS)])
    page = _measure("page", SUBJECT, str(GRADE), YEAR, env=envs[-1])
    lines = [
        (f"msoko import results, {database}", imported),
        (f"msoko compute этого года, {database}", computed),
        (f"прогрев страниц после пересчёта, {database}: {page['warming_s']:.1f} с", {}),
    ]
    for name, title in PAGES.items():
        if f"{name}_first_ms" in page:
            lines.append(
                (
                    f"  {title}, {database}: первый запрос {page[f'{name}_first_ms']:.0f} мс, далее медиана "
                    f"{page[f'{name}_median_ms']:.0f} / p95 {page[f'{name}_p95_ms']:.0f} мс",
                    {},
                )
            )
    return lines


PAGES = {
    "page": "анализ процедуры региона",
    "evidence": "признаки необъективности школы",
    "support": "поддержка ШНОР: список",
    "support_school": "поддержка ШНОР: школа",
}


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="msoko-bench-"))
    rows = int(os.environ.get("MSOKO_BENCH_ROWS", ROWS))
    print(f"Машина: {platform.machine()}, ядер {os.cpu_count()}, Python {platform.python_version()}")
    print(f"Генерация региона: 1000 школ, {rows} строк ВПР, 15 заданий …", flush=True)
    csv_path = write_region_csv(workdir / "region.csv", rows=rows)
    bare = _measure("bare-read", str(csv_path), env=dict(os.environ))
    dump = _measure("naive-dump", str(csv_path), str(workdir / "dump.sqlite3"), env=dict(os.environ))
    measurements = [("чтение polars.read_csv", bare), ("pandas read_csv(dtype=str) + to_sql, SQLite", dump)]
    if REAL_XLSX.is_file():
        measurements.append(
            (
                "импорт ФИС ОКО XLSX (26 626 строк), SQLite",
                _measure(
                    "import-real",
                    str(REAL_XLSX),
                    SUBJECT,
                    str(GRADE),
                    YEAR,
                    "1",
                    env=_sqlite_env(workdir, "real"),
                ),
            )
        )
    else:
        print(f"Замер реального файла ФИС ОКО пропущен: нет {REAL_XLSX}.")
    sqlite_envs = [_sqlite_env(workdir, f"region{i}") for i in range(REPEATS)]
    measurements += _year_measurements(csv_path, sqlite_envs, "SQLite")
    base_url = os.environ.get("MSOKO_DATABASE_URL", "")
    if base_url.startswith("postgres"):
        with ExitStack() as databases:
            envs = [
                _sqlite_env(workdir, f"postgres{i}")
                | {"MSOKO_DATABASE_URL": databases.enter_context(own_database(base_url, workdir))}
                for i in range(REPEATS)
            ]
            measurements += _year_measurements(csv_path, envs, "PostgreSQL")
    else:
        print("Замеры на PostgreSQL пропущены: задайте MSOKO_DATABASE_URL=postgres://…")
    print(f"{'замер':<46}{'строк':>10}{'секунд':>9}{'× чтения':>10}{'× дампа':>9}{'память, МБ':>12}")
    for title, m in measurements:
        if not m:
            print(title)
            continue
        print(
            f"{title:<46}{m['rows']:>10}{m['seconds']:>9.2f}{m['seconds'] / bare['seconds']:>10.1f}"
            f"{m['seconds'] / dump['seconds']:>9.2f}{m['peak_mb']:>12.0f}"
        )
        if len(m.get("runs", ())) > 1:
            seconds = [r["seconds"] for r in m["runs"]]
            peaks = [r["peak_mb"] for r in m["runs"]]
            print(
                f"  {len(seconds)} замера: {min(seconds):.2f}–{max(seconds):.2f} с "
                f"({min(seconds) / dump['seconds']:.2f}–{max(seconds) / dump['seconds']:.2f}× дампа), "
                f"память {min(peaks):.0f}–{max(peaks):.0f} МБ; выше — медиана времени и наибольшая память"
            )
    print()
    subprocess.run([sys.executable, "-m", "bench.registry"], env=_sqlite_env(workdir, "registry"), check=True)
    print()
    subprocess.run(
        [sys.executable, "-m", "bench.objectivity"], env=_sqlite_env(workdir, "objectivity"), check=True
    )
    print()
    subprocess.run([sys.executable, "-m", "bench.context"], env=dict(os.environ), check=True)
    print()
    print("Два процесса сайта и два обработчика, 1000 школ, две загрузки по 100 000 строк:")
    subprocess.run([sys.executable, "-m", "bench.scaleout"], env=dict(os.environ), check=True)
    print()
    subprocess.run([sys.executable, "-m", "bench.load"], env=dict(os.environ), check=True)


if __name__ == "__main__":
    main()

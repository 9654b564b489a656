"""Registry import speed: a region-size organisations file and its teachers, against a bare read.

Run by `make bench` in its own process (``python -m bench.registry``). Uses a temporary
SQLite database unless MSOKO_DATABASE_URL is set.
"""

from __future__ import annotations

import io
import os
import resource
import tempfile
import time
from pathlib import Path

import numpy as np
import polars as pl

ORGANIZATIONS = 1_000
TEACHERS = 40_000


def _files(rng: np.random.Generator) -> tuple[bytes, bytes]:
    codes = [f"sch{220000 + i}" for i in range(ORGANIZATIONS)]
    orgs = pl.DataFrame(
        {
            "Код ОО": codes,
            "Наименование": [f"МБОУ «СОШ № {i}»" for i in range(ORGANIZATIONS)],
            "Муниципалитет": [f"Район {i % 60}" for i in range(ORGANIZATIONS)],
            "Местность": rng.choice(["город", "село"], ORGANIZATIONS),
            "Численность обучающихся": rng.integers(20, 1500, ORGANIZATIONS),
            "Доля малообеспеченных семей, %": rng.uniform(0, 60, ORGANIZATIONS).round(1),
        }
    )
    teachers = pl.DataFrame(
        {
            "Код педагога": [f"T{i:06d}" for i in range(TEACHERS)],
            "Код ОО": rng.choice(codes, TEACHERS),
            "Должность": "учитель",
            "Возраст": rng.integers(30, 65, TEACHERS),
            "Педагогический стаж": rng.integers(0, 8, TEACHERS),
            "Квалификационная категория": rng.choice(["первая", "высшая", "без категории"], TEACHERS),
        }
    )
    return _csv(orgs), _csv(teachers)


def _csv(frame: pl.DataFrame) -> bytes:
    buffer = io.BytesIO()
    frame.write_csv(buffer, separator=";")
    return buffer.getvalue()


def _timed(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="msoko-bench-"))
    os.environ.setdefault("MSOKO_VAR_DIR", str(workdir))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoko.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from msoko.core.models import SchoolYear
    from msoko.registry.services import import_organizations, import_teachers

    call_command("migrate", verbosity=0)
    orgs_csv, teachers_csv = _files(np.random.default_rng(1))
    year = SchoolYear.get_by_name("2024/2025")
    rows = []
    for label, content, count, run in (
        (
            "организации",
            orgs_csv,
            ORGANIZATIONS,
            lambda c: import_organizations(content=c, filename="orgs.csv", actor=None),
        ),
        (
            "педагоги",
            teachers_csv,
            TEACHERS,
            lambda c: import_teachers(content=c, filename="t.csv", school_year=year, actor=None),
        ),
    ):
        bare = _timed(lambda c=content: pl.read_csv(io.BytesIO(c), separator=";", infer_schema=False))
        first = _timed(lambda c=content, r=run: r(c))
        again = _timed(lambda c=content, r=run: r(c))
        rows.append((label, count, bare, first, again))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{'файл':<12}{'строк':>8}{'чтение, с':>11}{'импорт, с':>11}"
        f"{'строк/с':>10}{'× чтения':>10}{'повтор, с':>11}"
    )
    for label, count, bare, first, again in rows:
        print(
            f"{label:<12}{count:>8}{bare:>11.3f}{first:>11.2f}"
            f"{count / first:>10.0f}{first / bare:>10.0f}{again:>11.2f}"
        )
    print(
        f"пиковая память процесса: {peak_mb:.0f} МБ; база: {os.environ.get('MSOKO_DATABASE_URL', 'SQLite')}"
    )


if __name__ == "__main__":
    main()

"""One measurement in its own process, so its peak memory is its own: prints one JSON line."""

from __future__ import annotations

import json
import os
import resource
import sys
import time
from pathlib import Path


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoko.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _registry(codes: list[str]) -> None:
    from msoko.registry.models import Municipality, Organization

    municipality, _ = Municipality.objects.get_or_create(name="Регион (замер)")
    existing = set(Organization.objects.values_list("code", flat=True))
    Organization.objects.bulk_create(
        Organization(code=c, name=f"Школа {c}", municipality=municipality) for c in codes if c not in existing
    )


def bare_read(path: str) -> int:
    import polars as pl

    return pl.read_csv(path, separator=";", infer_schema=False).height


def naive_dump(path: str, database: str) -> int:
    """What an analyst writes: every cell as text into SQLite, nothing validated (the yardstick)."""
    import sqlite3

    import pandas as pd

    frame = pd.read_csv(path, sep=";", dtype=str)
    with sqlite3.connect(database) as connection:
        frame.to_sql("results", connection, index=False, if_exists="replace")
    return len(frame)


def import_results(path: str, subject: str, grade: str, year: str, quarantine: str) -> int:
    from msoko.assessments.services import ProcedureKey, import_results

    content = Path(path).read_bytes()
    report = import_results(
        content=content,
        filename=Path(path).name,
        key=ProcedureKey("ВПР", subject, int(grade), year),
        actor=None,
        quarantine=quarantine == "1",
    )
    return report.rows


def compute_only(year: str) -> int:
    """Time `msoko compute` of the year already loaded (by an earlier process): every indicator,
    then the objectivity and low-results findings and flags. Its own process: its own peak."""
    from msoko.core.models import SchoolYear
    from msoko.pipeline.runs import recompute_now

    return recompute_now(school_year=SchoolYear.objects.get(name=year), reason="bench").values


def page_after_compute(subject: str, grade: str, year: str) -> int:
    """On a loaded and computed database: run the queue the recompute left (the page warming,
    timed apart), then time the procedure analysis page: the first request and 50 more."""
    import statistics

    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from msoko.assessments.models import Procedure
    from msoko.core.models import User

    started = time.perf_counter()
    call_command("db_worker", batch=True, reload=False, startup_delay=False, verbosity=0)
    warming = time.perf_counter() - started
    setup_test_environment()
    user = User.objects.create(username="bench", role="specialist")
    client = Client()
    client.force_login(user)
    procedure = Procedure.objects.get(kind="ВПР", subject=subject, grade=int(grade), school_year__name=year)
    pages = {"page": f"/assessments/procedures/{procedure.pk}/analysis/", **_direction_pages(year)}
    figures: dict[str, float] = {"warming_s": warming}
    for name, url in pages.items():
        first = _timed_get(client, url)
        times = sorted(_timed_get(client, url) for _ in range(50))
        figures |= {
            f"{name}_first_ms": first * 1000,
            f"{name}_median_ms": statistics.median(times) * 1000,
            f"{name}_p95_ms": times[47] * 1000,
        }
    print(json.dumps(figures))
    return 1


def _direction_pages(year: str) -> dict[str, str]:
    """The evidence page of the school with the most serious objectivity flag, the support
    list, and the support page of a school flagged «ШНОР» (when the region has one)."""
    from django.urls import reverse

    from msoko.flags.models import Flag, FlagKind

    flags = Flag.objects.filter(school_year__name=year).select_related("organization")
    pages = {"support": f"{reverse('low_results:schools')}?year={year}"}
    unobjective = flags.filter(kind=FlagKind.UNOBJECTIVE).order_by("-level", "organization__code").first()
    if unobjective is not None:
        code = unobjective.organization.code
        pages["evidence"] = f"{reverse('objectivity:evidence', args=[code])}?year={year}"
    low = flags.filter(kind=FlagKind.LOW_RESULTS).order_by("organization__code").first()
    if low is not None:
        code = low.organization.code
        pages["support_school"] = f"{reverse('low_results:school', args=[code])}?year={year}"
    return pages


def _timed_get(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - start


def main() -> None:
    kind, *args = sys.argv[1:]
    if kind not in ("bare-read", "naive-dump"):
        _django()
    if kind in ("import-results", "import-real"):
        from bench.region import school_codes

        codes = school_codes()
        if kind == "import-real":
            import openpyxl

            sheet = openpyxl.load_workbook(args[0], read_only=True).worksheets[0]
            header = [c.value for c in next(sheet.iter_rows(max_row=1))]
            column = header.index("user")
            codes = sorted(
                {row[column] for row in sheet.iter_rows(min_row=2, values_only=True) if row[column]}
            )
        _registry(codes)
    if kind == "bare-read":
        import polars  # noqa: F401  (a library's import is not what is timed)
    elif kind == "naive-dump":
        import pandas  # noqa: F401
    start = time.perf_counter()
    if kind == "bare-read":
        rows = bare_read(args[0])
    elif kind == "naive-dump":
        rows = naive_dump(*args)
    elif kind == "page":
        rows = page_after_compute(*args)
    elif kind == "compute":
        rows = compute_only(*args)
    else:
        rows = import_results(*args)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()

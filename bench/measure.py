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


def compute_after_import(path: str, subject: str, grade: str, year: str) -> int:
    """Load the region (not timed), then time `msoko compute` of its year: every indicator,
    then the objectivity findings and flags."""
    import_results(path, subject, grade, year, "0")
    from msoko.core.models import SchoolYear
    from msoko.pipeline.runs import recompute_now

    global _START
    _START = time.perf_counter()
    school_year = SchoolYear.objects.get(name=year)
    return recompute_now(school_year=school_year, reason="bench").values


_START: float | None = None


def page_after_import(path: str, subject: str, grade: str, year: str) -> int:
    """Load the region and compute (not timed), then time the procedure analysis page:
    the first request (rendered) and 50 more (served from the page cache); prints both."""
    import statistics

    from django.test import Client
    from django.test.utils import setup_test_environment

    from msoko.assessments.models import Procedure
    from msoko.core.models import User

    compute_after_import(path, subject, grade, year)
    setup_test_environment()
    user = User.objects.create(username="bench", role="specialist")
    client = Client()
    client.force_login(user)
    procedure = Procedure.objects.get(kind="ВПР", subject=subject, grade=int(grade), school_year__name=year)
    url = f"/assessments/procedures/{procedure.pk}/analysis/"
    global _START
    _START = time.perf_counter()
    first = _timed_get(client, url)
    times = sorted(_timed_get(client, url) for _ in range(50))
    print(
        json.dumps(
            {
                "first_ms": first * 1000,
                "median_ms": statistics.median(times) * 1000,
                "p95_ms": times[47] * 1000,
            }
        )
    )
    return 1


def _timed_get(client, url: str) -> float:
    start = time.perf_counter()
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return time.perf_counter() - start


def main() -> None:
    kind, *args = sys.argv[1:]
    if kind != "bare-read":
        _django()
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
    start = time.perf_counter()
    if kind == "bare-read":
        rows = bare_read(args[0])
    elif kind == "page":
        rows = page_after_import(*args)
        start = _START or start
    elif kind == "compute":
        rows = compute_after_import(*args)
        start = _START or start
    else:
        rows = import_results(*args)
    seconds = time.perf_counter() - start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"kind": kind, "rows": rows, "seconds": seconds, "peak_mb": peak_mb}))


if __name__ == "__main__":
    main()

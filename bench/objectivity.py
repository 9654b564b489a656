"""Objectivity: our criteria against the official 2019 markers (`python -m bench.objectivity`).

1. Generated municipalities with planted manipulation (``msoko/demo/planted.py``): recall of
   the planted schools per kind and the share of honest schools flagged, both methods.
2. The real Altai Krai autumn-2020 ВПР (МА4 and РУ4, 629 schools), loaded through the
   importers into a scratch SQLite database: what each method marks.

Run with MSOKO_DATABASE_URL and MSOKO_VAR_DIR pointing at scratch places (``make bench`` does).
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import polars as pl

REAL = Path(__file__).resolve().parents[2] / "shared/data/real/altai-vpr"
SEEDS = tuple(range(1, 9))


def planted() -> None:
    from msoko.demo.objectivity_quality import quality

    started = time.perf_counter()
    table = quality(SEEDS)
    seconds = time.perf_counter() - started
    print(f"Сгенерированные муниципалитеты: {len(SEEDS)} × 300 школ, по 5 школ на каждый вид нарушения")
    print(f"{'группа':<18}{'школ':>6}{'наши флаги':>12}{'методика 2019':>15}")
    for group, schools, ours, official in table.iter_rows():
        print(f"{group:<18}{schools:>6}{ours:>12.0%}{official:>15.0%}")
    print(f"(расчёт {seconds:.1f} с)")


def real_altai() -> None:
    if not REAL.is_dir():
        print(f"Сравнение на реальных данных Алтайского края пропущено: нет {REAL}.")
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "msoko.config.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from msoko.assessments.services import ProcedureKey, import_results
    from msoko.core.models import SchoolYear
    from msoko.directions.objectivity.compute import evaluate, year_inputs
    from msoko.pipeline.frames import YearFrames
    from msoko.pipeline.tasks import suspended_recompute
    from msoko.registry.services import import_organizations

    call_command("migrate", verbosity=0)
    import_organizations(
        content=(REAL / "registry/logins.xlsx").read_bytes(), filename="logins.xlsx", actor=None
    )
    with suspended_recompute():
        for name, subject in (("vpr2020_ma4.xlsx", "Математика"), ("vpr2020_ru4.xlsx", "Русский язык")):
            import_results(
                content=(REAL / "2020-autumn" / name).read_bytes(),
                filename=name,
                key=ProcedureKey("ВПР", subject, 4, "2020/2021"),
                actor=None,
                quarantine=True,
            )
    started = time.perf_counter()
    inputs = year_inputs(YearFrames(SchoolYear.get_by_name("2020/2021")))
    result = evaluate(inputs)
    seconds = time.perf_counter() - started
    schools = len(inputs.participants)
    print(
        f"Реальные данные: Алтайский край, ВПР осень 2020 (МА4, РУ4), школ {schools}; расчёт {seconds:.1f} с"
    )
    _summary("методика 2019", result.official, result.official_markers, schools)
    _summary("наши критерии", result.ours, result.unobjective, schools)
    print(f"индекс объективности по методике 2019: {result.index:.1f}")


def _summary(title: str, findings: pl.DataFrame, flags: pl.DataFrame, schools: int) -> None:
    fired = findings.filter(pl.col("fired"))
    by = (
        fired.group_by("criterion", "scope")
        .agg(pl.col("org_code").n_unique().alias("schools"))
        .sort("criterion", "scope")
    )
    print(f"{title}: отмечено школ {flags.height} из {schools} ({flags.height / max(schools, 1):.1%})")
    for criterion, scope, count in by.iter_rows():
        print(f"  {criterion:<16}{scope:<26}{count:>5}")
    levels = flags.group_by("level").len().sort("level")
    print("  по уровням: " + ", ".join(f"{lvl}: {n}" for lvl, n in levels.iter_rows()))


if __name__ == "__main__":
    planted()
    print()
    real_altai()

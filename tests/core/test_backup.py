"""`msoko backup` and `msoko restore`: a round trip into a fresh database of the suite's engine
(SQLite, and PostgreSQL in CI), a damaged copy refused with nothing changed, and a database
with data protected unless --replace."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from bench.scaleout import ROOT, own_database, results_file

COUNTS = """
import json, django
django.setup()
from msoko.assessments.models import ResultCoverage, ResultData
from msoko.core.models import ImportRecord, User
from msoko.core.uploads import stored_path
from msoko.indicators.models import IndicatorValue
from msoko.registry.models import Organization
records = list(ImportRecord.objects.values_list("sha256", flat=True))
print(json.dumps({
    "organizations": Organization.objects.count(),
    "users": sorted(User.objects.values_list("username", flat=True)),
    "imports": len(records),
    "files": all(stored_path(s).is_file() for s in records),
    "rows": sum(ResultData.objects.values_list("rows", flat=True)),
    "coverage": ResultCoverage.objects.count(),
    "values": IndicatorValue.objects.count(),
}))
"""


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "msoko", *args], env=env, capture_output=True, text=True)


def _counts(env: dict[str, str]) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", COUNTS],
        env=env | {"DJANGO_SETTINGS_MODULE": "msoko.config.settings"},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def test_a_backup_restores_into_an_empty_database_and_a_damaged_one_is_refused():
    workdir = Path(tempfile.mkdtemp(prefix="msoko-backup-"))
    base = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))}
    url = os.environ.get("MSOKO_DATABASE_URL")
    with own_database(url, workdir / "a") as source, own_database(url, workdir / "b") as target:
        if source.startswith("sqlite"):  # own_database gives one file name per directory
            (workdir / "a").mkdir(exist_ok=True)
            (workdir / "b").mkdir(exist_ok=True)
        one = base | {
            "MSOKO_DATABASE_URL": source,
            "MSOKO_VAR_DIR": str(workdir / "var-a"),
            "PYTHONPATH": str(ROOT),
        }
        two = base | {
            "MSOKO_DATABASE_URL": target,
            "MSOKO_VAR_DIR": str(workdir / "var-b"),
            "PYTHONPATH": str(ROOT),
        }
        codes = [f"{9000 + i}" for i in range(5)]
        orgs = workdir / "orgs.csv"
        orgs.write_text(
            "Код ОО;Наименование\n" + "\n".join(f"{c};Школа {c}" for c in codes), encoding="utf-8"
        )
        data = workdir / "vpr.csv"
        data.write_bytes(results_file(codes, rows_per_school=10, seed=1))
        assert _run(one, "import", "organizations", str(orgs)).returncode == 0
        load = ["import", "results", str(data), "--procedure", "ВПР", "--subject", "Математика"]
        assert _run(one, *load, "--grade", "4", "--year", "2020/2021").returncode == 0
        assert (
            _run(one, "createuser", "spec", "--role", "specialist", "--password", "Копия-пароль-9").returncode
            == 0
        )
        assert _run(one, "compute").returncode == 0
        archive = workdir / "copy.tar.gz"
        assert _run(one, "backup", "-o", str(archive)).returncode == 0
        before = _counts(one)

        assert _run(two, "migrate").returncode == 0
        restored = _run(two, "restore", str(archive))
        after = _counts(two)

        again = _run(two, "restore", str(archive))  # the database now holds data
        replaced = _run(two, "restore", str(archive), "--replace")

        damaged = workdir / "damaged.tar.gz"
        with tarfile.open(archive) as source_tar, tarfile.open(damaged, "w:gz") as out:
            for info in source_tar.getmembers():
                content = source_tar.extractfile(info).read()
                if info.name == "data.json":
                    content = content.replace(b"9001", b"9009", 1)
                out.addfile(info, __import__("io").BytesIO(content))
        refused = _run(two, "restore", str(damaged), "--replace")
        still = _counts(two)

    assert restored.returncode == 0, restored.stderr
    assert before["organizations"] == 5
    assert before["rows"] == 50
    assert before["values"] > 0
    assert after == before  # rows, users, imports, their files and the computed values
    assert again.returncode == 1
    assert "в базе уже есть данные" in again.stderr
    assert replaced.returncode == 0, replaced.stderr
    assert refused.returncode == 1
    assert "контрольная сумма не совпадает: data.json" in refused.stderr
    assert still == before  # nothing changed by the refused restore

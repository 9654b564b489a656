"""Production settings pass Django's deployment checks; development needs no configuration."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _manage(*args: str, env: dict[str, str], tmp_path: Path) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))}
    full_env |= {"MSOKO_VAR_DIR": str(tmp_path), **env}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=full_env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_check_deploy_is_clean_in_production_mode(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        env={
            "MSOKO_ENV": "production",
            "MSOKO_SECRET_KEY": "x" * 60 + "-not-a-real-secret-Zq8",
            "MSOKO_ALLOWED_HOSTS": "msoko.example.org",
            "MSOKO_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        },
        tmp_path=tmp_path,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.parametrize("missing", ["MSOKO_ALLOWED_HOSTS", "MSOKO_DATABASE_URL"])
def test_production_refuses_to_start_without_its_host_and_database(tmp_path, missing):
    env = {
        "MSOKO_ENV": "production",
        "MSOKO_SECRET_KEY": "x" * 60 + "-not-a-real-secret-Zq8",
        "MSOKO_ALLOWED_HOSTS": "msoko.example.org",
        "MSOKO_DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    del env[missing]

    result = _manage("check", env=env, tmp_path=tmp_path)

    assert result.returncode != 0
    assert f"{missing} обязателен в режиме production" in result.stderr


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage("check", env={"MSOKO_ENV": "production"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "MSOKO_SECRET_KEY" in result.stderr


def test_development_generates_a_private_secret_key_outside_the_repository(tmp_path):
    result = _manage("check", env={}, tmp_path=tmp_path)

    assert result.returncode == 0, result.stderr
    key_file = tmp_path / "secret_key"
    assert len(key_file.read_text()) >= 50
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"


def test_bad_task_thresholds_stop_the_start_with_a_russian_message(tmp_path):
    # not mastered (70) above mastered (60) for basic tasks
    result = _manage("check", env={"MSOKO_TASK_THRESHOLDS": "60/70/30/28.5"}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert "MSOKO_TASK_THRESHOLDS: ожидается" in result.stderr


@pytest.mark.parametrize("name", ["MSOKO_MAX_UPLOAD_MB", "MSOKO_REJECTED_FILES_DAYS"])
@pytest.mark.parametrize("value", ["0", "сто", "1.5"])
def test_upload_limit_and_retention_must_be_whole_numbers(tmp_path, name, value):
    result = _manage("check", env={name: value}, tmp_path=tmp_path)

    assert result.returncode != 0
    assert f"{name}: ожидается целое число больше нуля, получено «{value}»" in result.stderr


@pytest.mark.parametrize(
    ("inherited", "expected"),
    [
        # nothing set, or only what Polars wrote back in a parent process: ours applies
        (None, "background_thread:true,muzzy_decay_ms:0"),
        ("dirty_decay_ms:500,muzzy_decay_ms:1000", "background_thread:true,muzzy_decay_ms:0"),
        # an operator's own setting wins, also as Polars passes it on to a child
        ("narenas:2", "narenas:2"),
        (
            "dirty_decay_ms:500,muzzy_decay_ms:1000,narenas:2",
            "dirty_decay_ms:500,muzzy_decay_ms:1000,narenas:2",
        ),
    ],
)
def test_allocator_setting_survives_what_polars_writes_back(inherited, expected):
    env = {k: v for k, v in os.environ.items() if k != "_RJEM_MALLOC_CONF"}
    if inherited is not None:
        env["_RJEM_MALLOC_CONF"] = inherited
    result = subprocess.run(
        [sys.executable, "-c", "import os, msoko; print(os.environ['_RJEM_MALLOC_CONF'])"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == expected

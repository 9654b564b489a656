"""`msoko backup` and `msoko restore`: the database's data, the uploaded files and a manifest.

The archive (tar.gz) holds ``data.json`` (Django's dumpdata of every app, with natural keys, so
it loads into SQLite or PostgreSQL alike), ``files/uploads/…`` (the raw uploaded files) and
``manifest.json`` (each member's SHA-256). A restore checks every checksum before it writes
anything, refuses a database that already holds data unless told to replace it, and loads
everything in one transaction.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from msoko.core.audit import record
from msoko.core.hooks import backup_restored
from msoko.core.models import AuditAction, ImportRecord, User

#: state that is rebuilt or short-lived, not data: permissions and content types come with the
#: schema; sessions, the task queue and login attempts are not worth restoring
EXCLUDED = ("contenttypes", "auth.permission", "sessions", "admin.logentry", "django_tasks_database", "axes")
FORMAT = 1


class BackupRefused(Exception):
    """The archive or the database is not fit for a restore (a Russian sentence)."""


@dataclass
class Restored:
    records: int
    files: int


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _uploads() -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads"


def write_backup(path: Path, *, actor: User | None = None) -> int:
    """Write the archive to ``path``; returns how many uploaded files it holds."""
    dump = io.StringIO()
    with transaction.atomic():  # one snapshot: rows committed meanwhile are all in or all out
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        call_command(
            "dumpdata",
            *(f"--exclude={name}" for name in EXCLUDED),
            natural_foreign=True,
            natural_primary=True,
            stdout=dump,
        )
    members: dict[str, bytes] = {"data.json": dump.getvalue().encode("utf-8")}
    uploads = _uploads()
    if uploads.is_dir():
        for file in sorted(p for p in uploads.rglob("*") if p.is_file()):
            members[f"files/uploads/{file.relative_to(uploads).as_posix()}"] = file.read_bytes()
    manifest = {
        "format": FORMAT,
        "created": timezone.now().isoformat(),
        "sha256": {name: _sha256(data) for name, data in members.items()},
    }
    members["manifest.json"] = json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8")
    with tarfile.open(path, "w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
    record(
        actor=actor,
        actor_name="msoko" if actor is None else "",
        action=AuditAction.EXPORT,
        summary=f"Резервная копия: «{path.name}», загруженных файлов {len(members) - 2}",
    )
    return len(members) - 2


def read_backup(path: Path) -> dict[str, bytes]:
    """Every member of the archive, each checked against the manifest (nothing is written)."""
    try:
        with tarfile.open(path, "r:gz") as archive:
            members = {}
            for info in archive.getmembers():
                if not info.isfile() or info.name.startswith("/") or ".." in Path(info.name).parts:
                    raise BackupRefused(f"в архиве посторонний элемент «{info.name}»")
                members[info.name] = archive.extractfile(info).read()
    except (tarfile.TarError, OSError, EOFError) as error:
        raise BackupRefused(f"файл «{path.name}» не является резервной копией МСОКО ({error})") from error
    if "manifest.json" not in members or "data.json" not in members:
        raise BackupRefused(f"в файле «{path.name}» нет описи или данных: это не резервная копия МСОКО")
    manifest = json.loads(members.pop("manifest.json"))
    expected = manifest.get("sha256", {})
    stray = [n for n in members if n != "data.json" and not n.startswith("files/uploads/")]
    if stray:
        raise BackupRefused(f"в архиве посторонний элемент «{stray[0]}»")
    if set(expected) != set(members):
        raise BackupRefused("состав архива не совпадает с описью: копия повреждена")
    damaged = sorted(name for name, data in members.items() if _sha256(data) != expected[name])
    if damaged:
        raise BackupRefused(f"контрольная сумма не совпадает: {', '.join(damaged[:5])} — копия повреждена")
    return members


def database_holds_data() -> bool:
    """Users or imports make a database worth protecting (built-in schemes do not)."""
    return User.objects.exists() or ImportRecord.objects.exists()


def _schema_rows() -> None:
    """Content types and permissions, which come with the schema (not in the copy): users'
    and groups' permissions in the copy point at them by natural key."""
    from django.contrib.auth.management import create_permissions
    from django.contrib.contenttypes.management import create_contenttypes
    from django.contrib.contenttypes.models import ContentType

    ContentType.objects.clear_cache()
    for app_config in apps.get_app_configs():
        create_contenttypes(app_config, verbosity=0)
        create_permissions(app_config, verbosity=0)


def restore_backup(path: Path, *, replace: bool) -> Restored:
    members = read_backup(path)
    if database_holds_data() and not replace:
        raise BackupRefused("в базе уже есть данные: восстановление заменит их — повторите с --replace")
    with tempfile.TemporaryDirectory() as directory:
        fixture = Path(directory) / "data.json"
        fixture.write_bytes(members.pop("data.json"))
        with transaction.atomic():
            # the schema stays; every row goes, built-in schemes included (they are in the copy)
            call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
            _schema_rows()
            call_command("loaddata", str(fixture), verbosity=0)
            backup_restored.send(sender=ImportRecord)  # e.g. the pipeline fails runs with no task left
    uploads = _uploads()
    for name, data in members.items():
        target = uploads / Path(name).relative_to("files/uploads")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    cache.clear()  # pages cached for the data that was there before
    record(
        actor=None,
        actor_name="msoko",
        action=AuditAction.UPDATE,
        summary=f"Восстановление из резервной копии «{path.name}»: загруженных файлов {len(members)}",
    )
    return Restored(records=ImportRecord.objects.count(), files=len(members))

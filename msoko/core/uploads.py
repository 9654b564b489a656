"""Raw uploaded files, stored by content hash so every import can be audited and replayed."""

from __future__ import annotations

import hashlib
from pathlib import Path

from django.conf import settings

MB = 1024 * 1024


def max_upload_bytes() -> int:
    return settings.MSOKO_MAX_UPLOAD_MB * MB


def upload_size_problem(size: int) -> str | None:
    """Why a file of ``size`` bytes may not be uploaded, in Russian; None when it may."""
    if size <= max_upload_bytes():
        return None
    return (
        f"загружать можно файлы не больше {settings.MSOKO_MAX_UPLOAD_MB} МБ, а этот занимает "
        f"{megabytes(size)}: разделите его на несколько файлов или уберите лишние листы и столбцы"
    )


def megabytes(size: int) -> str:
    return f"{size / MB:.1f}".replace(".", ",") + " МБ"


def content_hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def stored_path(sha256: str) -> Path:
    return Path(settings.MEDIA_ROOT) / "uploads" / sha256[:2] / sha256


def store_upload(content: bytes) -> str:
    """Keep the bytes once per distinct content; return their SHA-256."""
    digest = content_hash(content)
    path = stored_path(digest)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".part")
        tmp.write_bytes(content)
        tmp.replace(path)
    return digest

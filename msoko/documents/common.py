"""What every document shares: who signs it, the data version it records, the department's
view of the data, and the one way a document leaves the system (a file or a download, audited)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from msoko.core.exports import audit_export
from msoko.core.models import SchoolYear
from msoko.reports.documents import Document, render
from msoko.reports.documents.style import DocumentStyle

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def new_document(*, title: str, subtitle: str, years: list[SchoolYear]) -> Document:
    """An empty document signed by the department, recording the data version of ``years``."""
    version, dated = data_version(years)
    return Document(
        title=title,
        subtitle=subtitle,
        author=settings.MSOKO_DEPARTMENT,
        data_version=version,
        dated=dated,
        style=DocumentStyle.with_margins(settings.MSOKO_DOCUMENT_MARGINS_MM),
    )


def data_version(years: list[SchoolYear]) -> tuple[str, datetime | None]:
    """«пересчёт № 12 от 01.06.2025 10:15»: the recompute that last wrote each year's figures.

    The same data give the same words, so a document rebuilt without a new recompute is the
    same document; a new import changes the version only once its recompute has run.
    """
    from msoko.pipeline.models import YearWrite

    writes = {
        w.school_year_id: w
        for w in YearWrite.objects.filter(school_year__in=[y.pk for y in years if y.pk]).select_related("run")
    }
    parts, moments = [], []
    for year in years:
        write = writes.get(year.pk)
        if write is None:
            parts.append(f"{year.name}: показатели не пересчитывались")
            continue
        moment = timezone.localtime(write.run.finished_at or write.run_started_at) if write.run else None
        moment = moment or timezone.localtime(write.run_started_at)
        number = f"№ {write.run_id} " if write.run_id else ""
        parts.append(f"{year.name}: пересчёт {number}от {moment:%d.%m.%Y %H:%M}")
        moments.append(moment)
    return "; ".join(parts), max(moments) if moments else None


def latest_year_with_data() -> SchoolYear | None:
    """The newest school year a recompute has written figures for (an empty new year opened by
    the registry would give an empty document), else the newest year at all."""
    from msoko.pipeline.models import YearWrite

    written = SchoolYear.objects.filter(pk__in=YearWrite.objects.values("school_year_id"))
    return written.order_by("-start_year").first() or SchoolYear.objects.order_by("-start_year").first()


def extension_of(path: str) -> str:
    return Path(path).suffix.lower().lstrip(".")


def write_document(document: Document, path: str, *, what: str) -> None:
    """Writes the file in the format of its extension and audits the export (the command line).

    Raises ``PdfUnavailable`` with a Russian message when PDF cannot be typeset here."""
    Path(path).write_bytes(render(document, extension_of(path)))
    audit_export(
        actor=None,
        what=what,
        rows=len(document.tables),
        details={"file": path, "data": document.data_version},
    )

"""What pages of every app share: file downloads and the school year a request names."""

from __future__ import annotations

import io
from typing import Any

import polars as pl
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.http import content_disposition_header

from msoko.core.exports import audit_export, write_xlsx
from msoko.core.models import SchoolYear

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def xlsx_download(
    frame: pl.DataFrame, *, actor: Any, sheet: str, filename: str, what: str, details: dict | None = None
) -> HttpResponse:
    """A page's table as an XLSX download, recorded in the audit log as an export of ``what``."""
    buffer = io.BytesIO()
    write_xlsx(frame, buffer, sheet=sheet)
    audit_export(actor=actor, what=what, rows=frame.height, details=details)
    return download(buffer.getvalue(), filename, XLSX)


def year_in_request(request: HttpRequest, years: list[SchoolYear]) -> SchoolYear | None:
    """The school year the request names (404 if unknown), or the newest of ``years``."""
    name = request.GET.get("year") or request.POST.get("year")
    if name:
        year = SchoolYear.objects.filter(name=name).first()
        if year is None:
            raise Http404("Учебный год не найден.")
        return year
    return years[0] if years else None

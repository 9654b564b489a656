"""What the assessment pages share: who may upload results, and file downloads."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from msoko.core.permissions import role_required

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#: specialists and admins load any file; a school loads only its own results
results_uploaders_only = role_required(lambda user: user.can_upload_results)


def download(content: bytes, filename: str, content_type: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response

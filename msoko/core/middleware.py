"""Refuse a request body over the upload limit before anything reads it.

Django's DATA_UPLOAD_MAX_MEMORY_SIZE does not count uploaded files, so without this a 2 GB
request would be parsed into temporary files before any form could say it is too big. The
declared Content-Length is enough: gunicorn hands the body over unread, so refusing on the
header costs nothing; a chunked request without a length gives Django no body at all.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string

from msoko.core.uploads import max_upload_bytes, megabytes

#: room for the form's other fields and the multipart boundaries around the file
BODY_MARGIN_BYTES = 1024 * 1024


class RequestBodyLimitMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > max_upload_bytes() + BODY_MARGIN_BYTES:
            page = render_to_string(
                "413.html", {"limit_mb": settings.MSOKO_MAX_UPLOAD_MB, "size": megabytes(length)}
            )
            return HttpResponse(page, status=413)
        return self.get_response(request)

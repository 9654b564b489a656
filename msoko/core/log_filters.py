"""Log filters: a refused request is a warning line, not a stack trace.

Django logs a 403 (PermissionDenied) with the exception attached, so every school user who
follows a link they may not open would leave a traceback in the server log, burying real
errors. The line «Forbidden (Permission denied): /path» stays; the trace goes.
"""

from __future__ import annotations

import logging


class ForbiddenWithoutTraceback(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) == 403:
            record.exc_info = None
            record.exc_text = None
        return True

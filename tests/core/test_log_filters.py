"""A 403 is logged as one warning line, without the stack trace of the refusal."""

from __future__ import annotations

import logging

import pytest

from msoko.core.log_filters import ForbiddenWithoutTraceback

pytestmark = pytest.mark.django_db


def _formatted(status: int) -> str:
    try:
        raise PermissionError("нет доступа")
    except PermissionError:
        import sys

        record = logging.LogRecord(
            "django.request", logging.WARNING, __file__, 1, "Forbidden: /x", (), sys.exc_info()
        )
    record.status_code = status
    ForbiddenWithoutTraceback().filter(record)
    return logging.Formatter().format(record)


def test_a_403_loses_its_traceback_and_a_500_keeps_it():
    assert _formatted(403) == "Forbidden: /x"
    assert "Traceback" in _formatted(500)


def test_the_console_handler_of_the_settings_filters_refusals(client, school_user):
    console = [h for h in logging.getLogger().handlers if isinstance(h, logging.StreamHandler)]
    assert any(isinstance(f, ForbiddenWithoutTraceback) for h in console for f in h.filters)

    client.force_login(school_user)
    assert client.get("/indicators/runs/").status_code == 403

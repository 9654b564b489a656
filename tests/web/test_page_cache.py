"""The page cache is shared by every process (a database table) and keys on the last
finished recompute: a run in progress leaves cached pages alone, a finished one renews them."""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection

from msoko.core.models import SchoolYear
from msoko.pipeline.models import ComputeRun, ComputeStatus
from msoko.pipeline.selectors import last_finished_run_id

pytestmark = pytest.mark.django_db


def test_the_configured_cache_is_a_table_every_process_reads(settings):
    from msoko.config import settings as deployment

    configured = deployment.CACHES  # as deployments have it, before the tests' override
    settings.CACHES = configured

    cache = caches["default"]
    cache.set("page", "<p>отчёт</p>", 60)

    assert configured["default"]["BACKEND"] == "django.core.cache.backends.db.DatabaseCache"
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM {configured['default']['LOCATION']}")
        assert cursor.fetchone()[0] == 1  # stored in the database, not in this process's memory
    assert cache.get("page") == "<p>отчёт</p>"


def test_the_cache_key_moves_only_when_a_run_finishes():
    year = SchoolYear.get_by_name("2024/2025")
    done = ComputeRun.objects.create(school_year=year, reason="первый", status=ComputeStatus.DONE)
    assert last_finished_run_id() == done.pk

    running = ComputeRun.objects.create(school_year=year, reason="второй", status=ComputeStatus.RUNNING)
    ComputeRun.objects.create(school_year=year, reason="третий")  # queued
    assert last_finished_run_id() == done.pk

    running.status = ComputeStatus.DONE
    running.save()
    assert last_finished_run_id() == running.pk

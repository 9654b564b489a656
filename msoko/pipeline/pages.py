"""Pages kept in the shared cache per version of the data, and warmed by the worker after a run.

A page whose expensive part depends only on the data (not on who asks, beyond what they may
see) is built once per version of the data: an accepted import or a finished recompute changes
the version, so the next visit, or the warming that follows the run (``register_after_run``),
builds it again. Issue 16: the first visit after an import should not read a region's results.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import Max

from msoko.core.models import ImportRecord, ImportStatus, SchoolYear
from msoko.pipeline.models import ComputeRun
from msoko.pipeline.selectors import last_finished_run_id

PAGE_SECONDS = 24 * 3600
T = TypeVar("T")
Page = tuple[str, Callable[[], object]]  # a name for the log, and what builds the page
logger = logging.getLogger(__name__)


def data_version() -> str:
    """«<last accepted import>.<last finished run>»: every figure the pages show comes from an
    import or a recompute, so a cached page keyed on this is never older than the data."""
    last_import = ImportRecord.objects.filter(status=ImportStatus.ACCEPTED).aggregate(last=Max("id"))["last"]
    return f"{last_import or 0}.{last_finished_run_id()}"


def cached_page(key: str, build: Callable[[], T]) -> T:
    """The cached value under ``key``, built and kept for a day when missing."""
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, timeout=PAGE_SECONDS)
    return value


def run_years(run: ComputeRun) -> list[SchoolYear]:
    """The school years a run recomputed: its own, or every year for a run of all years."""
    if run.school_year_id is not None:
        return [run.school_year]
    return list(SchoolYear.objects.order_by("start_year"))


def warm_each(pages: Iterable[Page], *, skip: tuple[type[Exception], ...] = ()) -> int:
    """Build each named page, logging the time it took; a page raising one of ``skip`` (nothing
    to show any more) is passed over. Returns how many were built."""
    built = 0
    for name, build in pages:
        started = time.perf_counter()
        try:
            build()
        except skip:
            continue
        built += 1
        logger.info("warmed %s in %.1f s", name, time.perf_counter() - started)
    return built

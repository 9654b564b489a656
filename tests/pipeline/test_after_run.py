"""The warming after a run is skipped once a run of the same year finished after it: that run's
own warming is queued behind and builds the same pages under the newer data version (issue 16)."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from msoko.core.models import SchoolYear
from msoko.pipeline import runs
from msoko.pipeline.models import ComputeRun, ComputeStatus

pytestmark = pytest.mark.django_db


@pytest.fixture
def warmed(monkeypatch) -> list[int]:
    """The runs the after-run jobs were called for."""
    seen: list[int] = []
    monkeypatch.setattr(runs, "_after_run", [lambda run: seen.append(run.pk)])
    return seen


_MINUTES = itertools.count()


def _run(
    year: SchoolYear | None, status: str = ComputeStatus.DONE, *, minute: int | None = None
) -> ComputeRun:
    """A run finished at 10:00 + ``minute`` (by default a minute after the run made before it)."""
    minute = next(_MINUTES) if minute is None else minute
    finished = dt.datetime(2026, 11, 28, 10, tzinfo=dt.UTC) + dt.timedelta(minutes=minute)
    return ComputeRun.objects.create(
        school_year=year,
        status=status,
        reason="тест",
        finished_at=None if status == ComputeStatus.RUNNING else finished,
    )


def test_an_older_run_of_the_year_is_not_warmed_once_a_later_one_is_done(warmed):
    year = SchoolYear.get_by_name("2020/2021")
    older, later = _run(year), _run(year)

    assert runs.run_after(older) is False
    assert runs.run_after(later) is True
    assert warmed == [later.pk]


def test_a_later_run_still_working_or_of_another_year_does_not_cancel_the_warming(warmed):
    year, other = SchoolYear.get_by_name("2020/2021"), SchoolYear.get_by_name("2021/2022")
    first = _run(year)
    _run(year, ComputeStatus.RUNNING)  # its pages are not built yet: the older ones serve meanwhile
    _run(other)
    _run(year, ComputeStatus.FAILED)

    assert runs.run_after(first) is True
    assert warmed == [first.pk]


def test_a_later_run_of_every_year_makes_a_years_warming_obsolete(warmed):
    year = SchoolYear.get_by_name("2020/2021")
    older = _run(year)
    _run(None)

    assert runs.run_after(older) is False
    assert warmed == []


def test_the_order_of_finishing_counts_not_the_order_of_asking(warmed):
    # a run asked for first can finish last (the queue took it later): it is the one warmed
    year = SchoolYear.get_by_name("2020/2021")
    asked_first = _run(year, minute=10)
    asked_later = _run(year, minute=5)

    assert runs.run_after(asked_later) is False
    assert runs.run_after(asked_first) is True
    assert warmed == [asked_first.pk]


def test_a_run_without_a_finishing_time_runs_its_jobs(warmed):
    # a run handed over by hand, never finished: nothing to compare, the jobs run
    year = SchoolYear.get_by_name("2020/2021")
    unfinished = _run(year, ComputeStatus.RUNNING)
    _run(year)

    assert runs.run_after(unfinished) is True
    assert warmed == [unfinished.pk]

"""The warming after a run is skipped once a later run of the same year is done: the pages
are keyed on the last run, so warming an older one would only cost the worker (issue 16)."""

from __future__ import annotations

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


def _run(year: SchoolYear | None, status: str = ComputeStatus.DONE) -> ComputeRun:
    return ComputeRun.objects.create(school_year=year, status=status, reason="тест")


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

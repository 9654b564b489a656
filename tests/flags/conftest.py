"""A municipality where one school's ВПР marks are raised against the journal.

ВПР МА4 2020/2021, four schools of 20 pupils who all hand in the same work (12 points, «4»),
so no criterion but the journal one can see anything. School 0001: class 4А (12 pupils, all
with «3» in the journal: raised) and 4Б (8 pupils, «4»: confirmed); 0002–0004: 1 of 20 raised
each. For 0001 the others' share is 3/60 = 5 %, and P(X ≥ 12 | 20, 0.05) ≈ 3·10⁻¹¹ < 10⁻⁶:
a strong finding, level 2. Without class 4А, 0001 has 8 pupils: below the 10 a criterion needs.
"""

from __future__ import annotations

import pytest

from msoko.assessments.services import ProcedureKey, import_results
from tests import factories
from tests.assessments.conftest import MIDDLE, csv_bytes, row

KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")


@pytest.fixture
def loaded(db, school_a):
    load_raised_marks()


def load_raised_marks() -> None:
    """The data above (school 0001, «СШ № 1», must exist); also used by tests/web/test_warm_evidence.py."""
    rows = [row("0001", f"A{i}", MIDDLE, cls="4А", journal=3) for i in range(12)]
    rows += [row("0001", f"B{i}", MIDDLE, cls="4Б", journal=4) for i in range(8)]
    for org in ("0002", "0003", "0004"):
        factories.OrganizationFactory(code=org)
        rows += [row(org, f"{i}", MIDDLE, journal=3 if i == 0 else 4) for i in range(20)]
    import_results(content=csv_bytes(rows), filename="vpr.csv", key=KEY, actor=None)


@pytest.fixture
def flagged(loaded):
    from msoko.pipeline.runs import recompute_now

    recompute_now(school_year=None, reason="тест")

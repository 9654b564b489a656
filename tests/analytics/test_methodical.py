"""Direction 8's indicators from its registers, on frames worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.methodical import methodical_indicators

TEACHERS = pl.DataFrame(
    {"code": ["A1", "A2", "A3", "A4", "B1", "B2"], "org_code": ["0001"] * 4 + ["0002"] * 2}
)


def test_membership_practices_and_the_municipal_row():
    members = pl.Series(["A1", "A2", "A3", "B1", "X9"])  # X9 is not in this year's registry
    practices = pl.DataFrame({"org_code": ["0001", "0001", None]}, schema={"org_code": pl.String})
    rows = {
        r["org_code"]: r
        for r in methodical_indicators(TEACHERS, members, rmo_count=4, practices=practices).to_dicts()
    }
    assert rows["0001"]["teachers_in_associations_share"] == pytest.approx(75.0)  # 3 of 4
    assert rows["0002"]["teachers_in_associations_share"] == pytest.approx(50.0)  # 1 of 2
    assert rows["МО"]["teachers_in_associations_share"] == pytest.approx(400 / 6)  # 4 of 6: 66.67
    assert (rows["0001"]["best_practices_count"], rows["0002"]["best_practices_count"]) == (2, 0)
    assert rows["МО"]["best_practices_count"] == 3  # the municipal practice counts for «МО» only
    assert rows["МО"]["rmo_count"] == 4
    assert rows["0001"]["rmo_count"] is None

"""Reported values with the municipality's figure, on a frame worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.collected import with_municipality

VALUES = pl.DataFrame(
    {
        "org_code": ["0001", "0002", "0003", "0001", "0002", "0001", "0002"],
        "code": ["a.count", "a.count", "a.count", "a.share", "a.share", "a.flag", "a.flag"],
        "value": [3.0, 5.0, None, 40.0, 70.0, 1.0, 0.0],
    }
)


def test_counts_add_up_shares_average_and_flags_have_no_municipal_figure():
    out = with_municipality(VALUES, {"a.count": "sum", "a.share": "mean"})
    municipal = dict(out.filter(pl.col("org_code") == "МО").select("code", "value").iter_rows())
    assert municipal == {"a.count": 8.0, "a.share": pytest.approx(55.0)}  # 3 + 5; (40 + 70) / 2
    assert out.filter(pl.col("org_code") != "МО").height == 6  # the unreported cell is left out

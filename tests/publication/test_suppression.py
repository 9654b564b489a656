"""Small groups are suppressed, and a shown municipal total never gives away one hidden school."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from msoko.publication.suppression import suppressed


def _table(rows: list[tuple[str, int | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema={"org_code": pl.String, "participants": pl.Int64}, orient="row")


def _hidden(frame: pl.DataFrame) -> list[str]:
    return frame.filter("suppressed")["org_code"].to_list()


def test_one_small_school_takes_the_smallest_shown_school_with_it():
    # given МО 60 = 25 + 8 + 15 + 12: 0002 (8) is under 10; with the total shown its 8 could be
    # worked out, so the smallest school still shown, 0004 (12), is hidden too
    table = _table([("МО", 60), ("0001", 25), ("0002", 8), ("0003", 15), ("0004", 12)])

    out = suppressed(table)

    assert _hidden(out) == ["0002", "0004"]
    assert out["org_code"].to_list() == table["org_code"].to_list()  # order kept


def test_a_tie_for_the_smallest_shown_school_goes_to_the_lower_code():
    # 0003 and 0002 both have 20: the lower code, 0002, is the second one hidden
    table = _table([("МО", 75), ("0001", 5), ("0003", 20), ("0002", 20), ("0004", 30)])

    assert _hidden(suppressed(table)) == ["0001", "0002"]


def test_two_small_schools_need_no_second_suppression():
    # 9 + 3 hidden, the total 52 only gives their sum: nothing else is hidden
    table = _table([("МО", 52), ("0001", 9), ("0002", 3), ("0003", 40)])

    assert _hidden(suppressed(table)) == ["0001", "0002"]


def test_no_small_group_hides_nothing():
    table = _table([("МО", 30), ("0001", 10), ("0002", 20)])

    assert _hidden(suppressed(table)) == []


def test_a_single_small_school_hides_the_municipal_row_too():
    # МО 12 (a school without its own row counts in the total): 0001 (9) hidden; no other
    # school to hide, so the total goes
    table = _table([("МО", 12), ("0001", 9)])

    assert _hidden(suppressed(table)) == ["МО", "0001"]


def test_a_municipality_under_the_threshold_is_hidden_with_its_schools():
    table = _table([("МО", 9), ("0001", 5), ("0002", 4)])

    assert _hidden(suppressed(table)) == ["МО", "0001", "0002"]


def test_without_a_municipal_row_only_small_schools_are_hidden():
    table = _table([("0001", 8), ("0002", 30)])

    assert _hidden(suppressed(table)) == ["0001"]


def test_an_unknown_count_is_a_small_group():
    # 0002 has no count: hidden as 0; then 0003 (11) is the smallest shown school, hidden too
    table = _table([("МО", 40), ("0001", 29), ("0002", None), ("0003", 11)])

    assert _hidden(suppressed(table)) == ["0002", "0003"]


@pytest.mark.parametrize(("min_group", "hidden"), [(5, ["0001", "0002"]), (20, ["0001", "0002"]), (3, [])])
def test_the_threshold_is_a_parameter(min_group, hidden):
    # min 5: 0001 (4) small, 0002 (16) the smallest shown; min 20: both small; min 3: none
    table = _table([("МО", 50), ("0001", 4), ("0002", 16), ("0003", 30)])

    assert _hidden(suppressed(table, min_group=min_group)) == hidden


def test_several_tables_are_suppressed_each_on_its_own():
    # table 1: 0001 (9) small → 0002 (21) too; table 2: nothing small
    frame = pl.DataFrame(
        {
            "subject": ["М", "М", "М", "Р", "Р", "Р"],
            "org_code": ["МО", "0001", "0002", "МО", "0001", "0002"],
            "participants": [30, 9, 21, 30, 10, 20],
        }
    )

    out = suppressed(frame, by=["subject"])

    assert out["suppressed"].to_list() == [False, True, True, False, False, False]


@st.composite
def tables(draw) -> pl.DataFrame:
    rows = []
    for table in range(draw(st.integers(1, 4))):
        sizes = draw(st.lists(st.one_of(st.none(), st.integers(0, 40)), min_size=1, max_size=12))
        codes = draw(st.permutations([f"{n:04d}" for n in range(1, len(sizes) + 1)]))
        rows += [(table, code, size) for code, size in zip(codes, sizes, strict=True)]
        if draw(st.booleans()):  # the total, sometimes with schools that have no row of their own
            rows.append((table, "МО", sum(s or 0 for s in sizes) + draw(st.integers(0, 15))))
    return pl.DataFrame(
        rows, schema={"table": pl.Int64, "org_code": pl.String, "participants": pl.Int64}, orient="row"
    )


@given(tables(), st.integers(1, 25))
def test_no_table_with_a_shown_total_hides_exactly_one_school_and_no_small_group_shows(frame, min_group):
    out = suppressed(frame, min_group=min_group, by=["table"])

    assert out.height == frame.height
    shown = out.filter(~pl.col("suppressed"))
    assert (shown["participants"].fill_null(0) >= min_group).all()
    for (_,), table in out.group_by(["table"]):
        schools = table.filter(pl.col("org_code") != "МО")
        total_shown = table.filter((pl.col("org_code") == "МО") & ~pl.col("suppressed")).height == 1
        if total_shown:
            assert schools["suppressed"].sum() != 1
        # beyond the small ones, at most one school is hidden to protect them
        big_hidden = schools.filter(pl.col("suppressed") & (pl.col("participants") >= min_group))
        assert big_hidden.height <= 1

"""The bank's inclusion rule over small hand-made protocol frames (no database)."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from msoko.directions.talents.bank_rule import bank_members, protocol_achievements

COLUMNS = ["participant_code", "org_id", "start_year", "subject", "stage", "status", "grade"]


def _protocols(rows: list[tuple]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=COLUMNS, orient="row")
    return frame.with_columns(
        municipality_id=pl.lit(1, dtype=pl.Int64), school_year_id=pl.col("start_year") - 2000
    )


def test_awarded_at_the_municipal_stage_or_present_at_the_regional_one_is_in():
    protocols = _protocols(
        [
            ("S", 1, 2024, "Математика", "школьный", "победитель", 9),  # school stage alone: out
            ("M", 1, 2024, "Математика", "муниципальный", "участник", 9),  # no award: out
            ("P", 1, 2024, "Математика", "муниципальный", "призёр", 9),  # prize-winner: in
            ("W", 2, 2024, "Физика", "муниципальный", "победитель", 9),  # winner: in
            ("R", 2, 2024, "Химия", "региональный", "участник", 10),  # regional participant: in
            ("F", 2, 2024, "Химия", "заключительный", "участник", 11),  # final participant: in
        ]
    )

    got = bank_members(protocols)

    expected = pl.DataFrame(
        {"municipality_id": [1] * 4, "participant_code": ["F", "P", "R", "W"], "org_id": [2, 1, 2, 2]}
    )
    assert_frame_equal(got, expected, check_dtypes=False)


def test_a_child_belongs_to_the_school_of_their_latest_protocol():
    protocols = _protocols(
        [
            ("X", 1, 2023, "Биология", "муниципальный", "победитель", 8),  # the year it qualified
            ("X", 3, 2024, "Биология", "школьный", "участник", 9),  # a year later, at school 3
            ("Y", 1, 2024, "Физика", "школьный", "участник", 9),
            ("Y", 2, 2024, "Физика", "региональный", "участник", 9),  # the highest stage is the latest
        ]
    )

    got = bank_members(protocols).select("participant_code", "org_id")

    assert got.rows() == [("X", 3), ("Y", 2)]


def test_the_same_code_in_two_municipalities_is_two_children():
    protocols = _protocols([("Z", 1, 2024, "Химия", "региональный", "участник", 10)])
    protocols = pl.concat([protocols, protocols.with_columns(municipality_id=pl.lit(2, dtype=pl.Int64))])

    got = bank_members(protocols)

    assert got.select("municipality_id", "participant_code").rows() == [(1, "Z"), (2, "Z")]


def test_achievements_keep_every_stage_and_the_better_status_of_a_double_listing():
    protocols = _protocols(
        [
            ("P", 1, 2024, "Математика", "школьный", "победитель", 9),
            ("P", 1, 2024, "Математика", "муниципальный", "участник", 9),
            ("P", 2, 2024, "Математика", "муниципальный", "призёр", 9),  # listed by a second school
        ]
    )

    got = protocol_achievements(protocols).select("stage", "status")

    assert got.rows() == [("муниципальный", "призёр"), ("школьный", "победитель")]

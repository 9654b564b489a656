"""The pure aggregates on small frames counted by hand (msoko/collection/surveys/aggregates.py)."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from msoko.collection.surveys.aggregates import (
    mapped_values,
    question_summary,
    response_counts,
    value_distribution,
)

SCALE, CHOICE, MANY = 11, 12, 13


def frames(org_answers: dict[int, list[int]], question: int = SCALE) -> tuple[pl.DataFrame, pl.DataFrame]:
    """One response per value, all to ``question``."""
    responses, answers, rid = [], [], 0
    for org, values in org_answers.items():
        for value in values:
            rid += 1
            responses.append((org, rid))
            answers.append((org, rid, question, value))
    return (
        pl.DataFrame(responses, schema={"org_id": pl.Int64, "response_id": pl.Int64}, orient="row"),
        pl.DataFrame(
            answers,
            schema={"org_id": pl.Int64, "response_id": pl.Int64, "question_id": pl.Int64, "value": pl.Int64},
            orient="row",
        ),
    )


def mapping(rule: str, *, question: int = SCALE, threshold=None, options=None) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "question_id": [question],
            "indicator_code": ["x.satisfaction"],
            "rule": [rule],
            "threshold": [threshold],
            "options": [options or []],
        },
        schema={
            "question_id": pl.Int64,
            "indicator_code": pl.String,
            "rule": pl.String,
            "threshold": pl.Int64,
            "options": pl.List(pl.Int64),
        },
    )


def test_share_at_least_counts_answers_at_or_above_the_threshold():
    # org 1: 7 of 10 answered 4 or 5 → 70 %; org 2: 2 of 10 → 20 %
    responses, answers = frames({1: [5, 5, 4, 4, 4, 5, 4, 3, 2, 1], 2: [4, 5, 3, 3, 3, 2, 2, 1, 1, 3]})

    got = mapped_values(answers, responses, mapping("share_at_least", threshold=4), min_answers=10)

    expected = pl.DataFrame(
        {"org_id": [1, 2], "indicator_code": ["x.satisfaction"] * 2, "value": [70.0, 20.0]}
    )
    assert_frame_equal(got, expected)


def test_an_organisation_with_nine_responses_gets_no_value():
    responses, answers = frames({1: [5] * 9, 2: [5] * 10})

    got = mapped_values(answers, responses, mapping("share_at_least", threshold=4), min_answers=10)

    assert got.get_column("org_id").to_list() == [2]


def test_mean_rule_gives_the_respondents_mean():
    # (5 + 4 + 3 + 2 + 1) × 2 / 10 = 3.0
    responses, answers = frames({1: [5, 4, 3, 2, 1, 5, 4, 3, 2, 1]})

    got = mapped_values(answers, responses, mapping("mean"), min_answers=10)

    assert got.get_column("value").to_list() == [3.0]


def test_share_of_options_counts_the_chosen_options():
    # options 1 and 2 («удовлетворён», «скорее удовлетворён»): 3 + 3 of 12 → 50 %
    responses, answers = frames({1: [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]}, question=CHOICE)

    got = mapped_values(
        answers, responses, mapping("share_of_options", question=CHOICE, options=[1, 2]), min_answers=10
    )

    assert got.get_column("value").to_list() == [50.0]


def test_multiple_choice_shares_are_of_respondents_not_of_ticks():
    # 10 respondents; 10 tick option 1, 5 also tick option 2 → 100 % and 50 %
    responses = pl.DataFrame({"org_id": [1] * 10, "response_id": list(range(10))})
    rows = [(1, r, MANY, 1) for r in range(10)] + [(1, r, MANY, 2) for r in range(5)]
    answers = pl.DataFrame(rows, schema=["org_id", "response_id", "question_id", "value"], orient="row")

    got = value_distribution(answers, responses, min_answers=10)

    assert got.select("value", "count", "share").rows() == [(1, 10, 1.0), (2, 5, 0.5)]


def test_an_optional_question_answered_by_fewer_than_the_minimum_is_not_shown():
    # 12 respondents, but only 9 answered the optional question 13
    responses = pl.DataFrame({"org_id": [1] * 12, "response_id": list(range(12))})
    rows = [(1, r, SCALE, 4) for r in range(12)] + [(1, r, MANY, 1) for r in range(9)]
    answers = pl.DataFrame(rows, schema=["org_id", "response_id", "question_id", "value"], orient="row")

    got = question_summary(answers, responses, min_answers=10)

    assert got.rows() == [(1, SCALE, 12, 4.0)]


def test_response_counts_per_organisation():
    responses, _ = frames({2: [1, 2], 1: [3]})

    assert response_counts(responses).rows() == [(1, 1), (2, 2)]


@settings(max_examples=60, deadline=None)
@given(st.dictionaries(st.integers(1, 4), st.lists(st.integers(1, 5), max_size=25), max_size=4))
def test_suppression_never_reveals_a_small_organisation_and_shares_stay_percentages(org_answers):
    responses, answers = frames(org_answers)

    got = mapped_values(answers, responses, mapping("share_at_least", threshold=4), min_answers=10)

    small = {org for org, values in org_answers.items() if len(values) < 10}
    assert not small & set(got.get_column("org_id").to_list())
    assert all(0 <= v <= 100 for v in got.get_column("value").to_list())
    assert got.height == len(org_answers) - len(small)

"""Numbers and counted nouns as Russian text (analytics/wording.py), cases worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.analytics.wording import counted, format_number, format_percent, plural, plural_expr

POINTS = ("балл", "балла", "баллов")


@pytest.mark.parametrize(
    ("count", "word"),
    [
        (0, "баллов"),
        (1, "балл"),
        (2, "балла"),
        (4, "балла"),
        (5, "баллов"),
        (11, "баллов"),  # 11–14 take the many form whatever the last digit
        (12, "баллов"),
        (14, "баллов"),
        (21, "балл"),
        (22, "балла"),
        (23, "балла"),
        (25, "баллов"),
        (101, "балл"),
        (111, "баллов"),
        (112, "баллов"),
        (1_000_002, "балла"),
    ],
)
def test_plural_agrees_with_the_last_digits(count, word):
    assert plural(count, *POINTS) == word


def test_plural_expr_gives_the_same_forms_as_plural():
    counts = [0, 1, 2, 5, 11, 12, 21, 22, 23, 25, 101, 111, 112, 1_000_002]
    frame = pl.DataFrame({"n": counts}).select(plural_expr(pl.col("n"), *POINTS).alias("word"))

    assert frame["word"].to_list() == [plural(n, *POINTS) for n in counts]


def test_a_range_agrees_with_its_last_number():
    # «20–21 балл», «22–23 балла» (issue 10, point 5)
    frame = pl.DataFrame({"low": [20, 22, 24], "high": [21, 23, 25]}).select(
        pl.format("{}–{} {}", "low", "high", plural_expr(pl.col("high"), *POINTS)).alias("text")
    )

    assert frame["text"].to_list() == ["20–21 балл", "22–23 балла", "24–25 баллов"]


@pytest.mark.parametrize(
    ("value", "digits", "trim", "text"),
    [
        (91.666, 1, False, "91,7"),
        (12345.5, 1, False, "12\u2009345,5"),
        (1234567, 1, False, "1\u2009234\u2009567"),  # an int keeps no decimals
        (-0.25, 2, False, "−0,25"),  # the minus sign U+2212
        (-0.04, 1, False, "0,0"),  # rounded to zero: no «−0,0»
        (7.0, 1, True, "7"),
        (7.25, 1, True, "7,2"),  # Python rounds half to even: 7.25 → 7.2
        (None, 1, False, "—"),
        (float("nan"), 1, False, "—"),
    ],
)
def test_format_number(value, digits, trim, text):
    assert format_number(value, digits, trim=trim) == text


def test_format_percent_and_counted():
    assert format_percent(91.66) == "91,7\u00a0%"
    assert format_percent(None) == "—"
    assert counted(1234, "участник", "участника", "участников") == "1\u2009234 участника"
    assert counted(21, *POINTS) == "21 балл"

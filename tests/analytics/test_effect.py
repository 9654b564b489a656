"""Effect of a measure: difference in differences, its cluster bootstrap interval and the verdict."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal
from scipy import stats

from msoko.analytics.effect import (
    EFFECTIVE,
    NO_EFFECT,
    NOT_ENOUGH,
    _bootstrap_interval,
    difference_in_differences,
    effect_frame,
)


def _values(
    treated: dict[str, tuple[float, float]], comparison: dict[str, tuple[float, float]]
) -> pl.DataFrame:
    """The input frame from {org_code: (before, after)} per group."""
    rows = [
        (code, period, value, is_treated)
        for is_treated, group in ((True, treated), (False, comparison))
        for code, pair in group.items()
        for period, value in zip(("before", "after"), pair, strict=True)
    ]
    return pl.DataFrame(
        rows,
        schema={"org_code": pl.String, "period": pl.String, "value": pl.Float64, "treated": pl.Boolean},
        orient="row",
    )


# treated changes 10, 12, 8 → mean 30 / 3 = 10; comparison changes 2, 1, 2 → mean 5 / 3 ≈ 1.667;
# DiD = 10 − 5/3 = 25/3 ≈ 8.333. Every bootstrap DiD lies between min − max = 8 − 2 = 6 and
# max − min = 12 − 1 = 11, so whatever the draws the interval is inside [6, 11].
HAND = _values(
    treated={"A": (50, 60), "B": (40, 52), "C": (45, 53)},
    comparison={"D": (50, 52), "E": (60, 61), "F": (55, 57)},
)


def _simulated(seed: int, *, planted: float, n_treated: int = 15, n_comparison: int = 30) -> pl.DataFrame:
    """Schools with their own level (sd 10, it cancels in the change), a common trend of +3 and
    measurement noise of sd 5/√2 in each period, so a school's change has noise sd 5."""
    rng = np.random.default_rng(seed)
    n = n_treated + n_comparison
    treated = np.arange(n) < n_treated
    level = rng.normal(50, 10, n)
    before = level + rng.normal(0, 5 / np.sqrt(2), n)
    after = level + 3 + planted * treated + rng.normal(0, 5 / np.sqrt(2), n)
    codes = [f"{i:03d}" for i in range(n)]
    return pl.DataFrame(
        {
            "org_code": codes * 2,
            "period": ["before"] * n + ["after"] * n,
            "value": np.concatenate([before, after]),
            "treated": np.concatenate([treated, treated]),
        }
    )


def test_did_of_a_hand_computed_example():
    got = difference_in_differences(HAND)

    assert got.treated == 3
    assert got.comparison == 3
    assert got.treated_change == pytest.approx(10)
    assert got.comparison_change == pytest.approx(5 / 3)
    assert got.estimate == pytest.approx(25 / 3)
    # Welch: treated changes 10, 12, 8 (variance 4, of the mean 4/3); comparison 2, 1, 2 (variance
    # 1/3, of the mean 1/9); se = √(4/3 + 1/9) = 1.202; df = (13/9)² / ((4/3)²/2 + (1/9)²/2) = 2.33;
    # t(0.95; 2.33) = 2.656 → 8.33 ∓ 3.19 = 5.14 … 11.53, wider than the bootstrap's, so reported
    t = stats.t.ppf(0.95, (13 / 9) ** 2 / ((4 / 3) ** 2 / 2 + (1 / 9) ** 2 / 2))
    margin = t * (13 / 9) ** 0.5
    assert got.low == pytest.approx(25 / 3 - margin)
    assert got.high == pytest.approx(25 / 3 + margin)
    assert got.low == pytest.approx(5.14, abs=0.01)
    assert got.verdict == EFFECTIVE


def test_reason_quotes_the_numbers_with_a_decimal_comma():
    got = difference_in_differences(HAND)

    # 10 → «+10,0», 5/3 → «+1,7», 25/3 → «+8,3»
    assert got.reason.startswith("Мера эффективна")
    assert "+10,0" in got.reason
    assert "+1,7" in got.reason
    assert "+8,3" in got.reason
    assert "(90\u00a0%)" in got.reason


def test_organisations_without_both_periods_are_dropped_and_not_counted():
    values = pl.concat(
        [
            HAND,
            pl.DataFrame(
                {
                    "org_code": ["G", "H", "H"],
                    "period": ["before", "before", "after"],
                    "value": [10.0, 90.0, None],
                    "treated": [True, False, False],
                }
            ),
        ]
    )

    got = difference_in_differences(values)

    # G has no «after», H's «after» is blank: the answer is the hand example's
    assert (got.treated, got.comparison) == (3, 3)
    assert got.estimate == pytest.approx(25 / 3)


def test_two_treated_organisations_are_not_enough_but_the_estimate_is_kept():
    values = HAND.filter(pl.col("org_code") != "C")

    got = difference_in_differences(values)

    # treated changes 10, 12 → mean 11; comparison 5/3; DiD = 11 − 5/3 = 28/3
    assert got.verdict == NOT_ENOUGH
    assert got.treated == 2
    assert got.estimate == pytest.approx(28 / 3)
    assert got.low is None
    assert got.high is None
    assert "2 ОО с мерой" in got.reason


def test_a_fall_is_the_effect_when_lower_is_better():
    # share of failures, in percent: treated changes −8, −6, −10 → mean −8;
    # comparison −1, +1, −2 → mean −2/3; DiD = −8 + 2/3 = −22/3 ≈ −7.333;
    # bootstrap DiDs lie between −10 − 1 = −11 and −6 − (−2) = −4, all below 0
    values = _values(
        treated={"A": (20, 12), "B": (30, 24), "C": (25, 15)},
        comparison={"D": (22, 21), "E": (18, 19), "F": (26, 24)},
    )

    got = difference_in_differences(values, higher_is_better=False)

    assert got.estimate == pytest.approx(-22 / 3)
    assert -11 <= got.low < got.high <= -4
    assert got.verdict == EFFECTIVE
    assert "ниже нуля" in got.reason


def test_a_rise_of_a_lower_is_better_indicator_is_no_effect_in_the_wrong_direction():
    got = difference_in_differences(HAND, higher_is_better=False)

    # the same interval inside [6, 11], now on the bad side
    assert got.verdict == NO_EFFECT
    assert "нежелательную сторону" in got.reason


def test_a_planted_effect_is_found_in_at_least_45_of_50_seeds():
    # 15 treated, 30 comparison, change noise sd 5, planted +6: the DiD's standard error is
    # 5·√(1/15 + 1/30) ≈ 1.58, so 6 is ≈ 3.8 errors away and the lower 5 % bound clears 0
    # with probability ≈ 0.98 (≈ 49 of 50)
    verdicts = [
        difference_in_differences(_simulated(seed, planted=6), seed=seed).verdict for seed in range(50)
    ]

    assert verdicts.count(EFFECTIVE) >= 45


def test_without_an_effect_at_most_10_of_50_seeds_are_false_positives():
    # planted 0 under a common trend of +3: at alpha 0.1 the interval lies above 0 by chance in
    # ≈ 5 % of samples (a little more, the percentile bootstrap being narrow), ≈ 3 of 50
    verdicts = [
        difference_in_differences(_simulated(seed, planted=0), seed=seed).verdict for seed in range(50)
    ]

    assert verdicts.count(EFFECTIVE) <= 10


def test_the_same_seed_gives_the_same_interval_and_row_order_does_not_matter():
    values = _simulated(7, planted=2)

    first = difference_in_differences(values, seed=3)
    shuffled = difference_in_differences(values.sample(fraction=1, shuffle=True, seed=1), seed=3)
    treated = np.array([10.0, 12.0, 8.0, 3.0])
    comparison = np.array([2.0, 1.0, 2.0, 0.0])

    assert shuffled == first
    # the bootstrap part depends on the seed (the reported interval may be Welch's on both sides)
    assert _bootstrap_interval(treated, comparison, n_boot=200, alpha=0.1, seed=3) != _bootstrap_interval(
        treated, comparison, n_boot=200, alpha=0.1, seed=4
    )


def test_an_interval_wider_than_max_width_is_not_enough_data():
    # treated changes −10, 0, 15, 5, −5 (mean 1, sd of the mean ≈ 3.8), comparison 1, −1, 0, 2, −2
    # (mean 0): DiD = 1 with an interval of roughly ±6, which holds 0 and is wider than 5
    values = _values(
        treated={"A": (50, 40), "B": (50, 50), "C": (50, 65), "D": (50, 55), "E": (50, 45)},
        comparison={"F": (50, 51), "G": (50, 49), "H": (50, 50), "I": (50, 52), "J": (50, 48)},
    )

    unlimited = difference_in_differences(values)
    limited = difference_in_differences(values, max_width=5)

    assert unlimited.low < 0 < unlimited.high
    assert unlimited.high - unlimited.low > 5
    assert unlimited.verdict == NO_EFFECT
    assert limited.verdict == NOT_ENOUGH
    assert "шире допустимых 5,0" in limited.reason


def test_an_interval_clear_of_zero_is_effective_however_wide():
    # the hand example's interval is inside [6, 11], wider than 1 but wholly above 0
    got = difference_in_differences(HAND, max_width=1)

    assert got.high - got.low > 1
    assert got.verdict == EFFECTIVE


@pytest.mark.parametrize(
    ("_case", "expected_change", "phrase"),
    [
        ("promised more than the interval reaches", 20, "мера дала меньше обещанного"),
        ("promised within the interval", 8, "она в пределах интервала"),
        ("promised less than the interval", 2, "мера дала больше обещанного"),
    ],
)
def test_reason_compares_the_interval_with_the_promised_change(_case, expected_change, phrase):
    # the hand example's interval is inside [6, 11] and holds its estimate 8.333
    got = difference_in_differences(HAND, expected_change=expected_change)

    assert phrase in got.reason


def test_effect_frame_gives_group_means_for_the_chart():
    got = effect_frame(HAND)

    # treated: before (50 + 40 + 45) / 3 = 45, after (60 + 52 + 53) / 3 = 55;
    # comparison: before (50 + 60 + 55) / 3 = 55, after (52 + 61 + 57) / 3 = 170 / 3
    expected = pl.DataFrame(
        {
            "group": ["ОО с мерой", "ОО с мерой", "сравнение", "сравнение"],
            "period": ["before", "after", "before", "after"],
            "mean": [45.0, 55.0, 55.0, 170 / 3],
            "orgs": [3, 3, 3, 3],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


@pytest.mark.parametrize(
    ("_case", "extra", "message"),
    [
        ("unknown period", [{"org_code": "A", "period": "during", "value": 1.0, "treated": True}], "period"),
        (
            "second value",
            [{"org_code": "A", "period": "after", "value": 1.0, "treated": True}],
            "more than one",
        ),
        (
            "treated and not",
            [
                {"org_code": "G", "period": "before", "value": 1.0, "treated": True},
                {"org_code": "G", "period": "after", "value": 2.0, "treated": False},
            ],
            "both",
        ),
    ],
)
def test_malformed_input_is_refused(_case, extra, message):
    values = pl.concat([HAND, pl.DataFrame(extra, schema=HAND.schema)])

    with pytest.raises(ValueError, match=message):
        difference_in_differences(values)

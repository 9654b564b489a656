"""Significance of differences in document conclusions: hand-computed examples."""

import polars as pl
import pytest

from msoko.analytics.significance import holm, share_vs_reference, two_shares, units_against_rest


def test_two_shares_is_the_pooled_z_test():
    # 30/50 = 60 % against 120/300 = 40 %: pooled 150/350 = 0.428571,
    # se = sqrt(0.428571 · 0.571429 · (1/50 + 1/300)) = 0.0755929, z = 0.2 / 0.0755929 = 2.6458,
    # p = 2 · (1 − Φ(2.6458)) = 0.00815
    assert two_shares(30, 50, 120, 300) == pytest.approx(0.00815, abs=5e-5)


def test_two_equal_shares_are_not_different():
    assert two_shares(20, 40, 50, 100) == pytest.approx(1.0)


def test_small_expected_counts_use_fishers_exact_test():
    # 0/20 against 5/20: expected failures under the pooled share 5/40 are 2.5 < 5, so Fisher:
    # P(table as extreme) = 2 · C(20,0)·C(20,5)/C(40,5) = 2 · 15504/658008 = 0.04712
    assert two_shares(0, 20, 5, 20) == pytest.approx(0.04712, abs=5e-5)


def test_share_against_a_published_figure_is_the_exact_binomial_test():
    # 60 of 100 against 50 %: P(X ≥ 60) + P(X ≤ 40) for Bin(100, 0.5) = 2 · 0.028444 = 0.056888
    assert share_vs_reference(60, 100, 50.0) == pytest.approx(0.056888, abs=5e-6)


def test_holm_adjusts_in_the_input_order():
    # sorted 0.01, 0.03, 0.04 → ×3, ×2, ×1 = 0.03, 0.06, 0.04 → running max 0.03, 0.06, 0.06
    assert holm([0.01, 0.04, 0.03]) == pytest.approx([0.03, 0.06, 0.06])


def test_units_against_rest_needs_large_groups_and_survives_holm():
    frame = pl.DataFrame(
        {
            "unit": ["A", "B", "C", "D"],
            "k": [5, 60, 60, 3],
            "n": [50, 100, 100, 12],
        }
    )
    out = units_against_rest(frame, k="k", n="n").sort("unit")
    # A: 5/50 = 10 % against the rest 123/212 = 58.0 %: far beyond chance even after Holm (×3).
    # B: 60/100 against the rest 68/162 = 42.0 %: pooled 128/262 = 0.48855,
    # se = sqrt(0.48855 · 0.51145 · (1/100 + 1/162)) = 0.063570, z = 0.18025 / 0.06357 = 2.8354,
    # raw p = 0.004577; Holm ranks A first (×3), then B and C (×2, ×1): 0.00915 for both
    assert out["significant"].to_list() == [True, True, True, False]
    assert out.filter(pl.col("unit") == "B")["p_value"][0] == pytest.approx(0.00915, abs=5e-5)
    # D has 12 < 20 participants: not tested at all
    assert out.filter(pl.col("unit") == "D")["p_value"].to_list() == [None]


def test_a_difference_of_small_groups_is_never_significant():
    # 0 of 15 against 100 of 100: as different as can be, but 15 < 20 participants
    frame = pl.DataFrame({"k": [0, 100], "n": [15, 100]})
    assert units_against_rest(frame, k="k", n="n")["significant"].to_list() == [False, False]

"""Objectivity criteria on hand-made frames: each statistic computed by hand beside it."""

from __future__ import annotations

import math

import numpy as np
import polars as pl
import pytest

from msoko.analytics.columns import C
from msoko.analytics.objectivity import official
from msoko.analytics.objectivity.bunching import bunching
from msoko.analytics.objectivity.cohort import cohort_collapse
from msoko.analytics.objectivity.findings import Thresholds, overdispersion, upper_tail
from msoko.analytics.objectivity.flags import official_flags, unobjective_flags
from msoko.analytics.objectivity.patterns import _group_sizes, hard_tasks, similar_works
from msoko.analytics.objectivity.proportions import marks_raised

TH = Thresholds()


def _results(rows: list[tuple], columns: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    return frame.with_columns(pl.lit(value=False).alias(C.ABSENT))


def _row(findings: pl.DataFrame, org: str) -> dict:
    return findings.filter(pl.col(C.ORG_CODE) == org).row(0, named=True)


# --------------------------------------------------------------------------- statistics


def test_overdispersion_by_hand():
    # k = 2, 8, 5 of n = 10 each: p = 0.5; MS_between = (0.9 + 0.9 + 0) / 2 = 0.9;
    # MS_within = (1.6 + 1.6 + 2.5) / 27 = 0.21111; n0 = (30 − 300/30) / 2 = 10;
    # ρ = (0.9 − 0.21111) / (0.9 + 9 · 0.21111) = 0.68889 / 2.8 = 0.24603
    import numpy as np

    rho = overdispersion(np.array([2, 8, 5]), np.array([10, 10, 10]))

    assert rho == pytest.approx(0.246032, abs=1e-6)


def test_upper_tail_is_binomial_without_overdispersion_and_wider_with_it():
    import numpy as np

    # three of three with p = 0.1: 0.1³ = 0.001
    assert upper_tail(np.array([3]), np.array([3]), np.array([0.1]), 0.0)[0] == pytest.approx(0.001)
    assert upper_tail(np.array([3]), np.array([3]), np.array([0.1]), 0.2)[0] > 0.001


# --------------------------------------------------------------------------- journal


def test_marks_raised_against_the_other_schools_with_the_same_marks():
    columns = [C.ORG_CODE, C.MARK, C.JOURNAL_MARK, C.TOTAL]
    rows = (
        [("A", 4, 3, 12)] * 6  # A: 6 of 10 with «4» had «3» in the journal
        + [("A", 4, 4, 12)] * 4
        + [("B", 4, 3, 12)] * 2  # B and C: 2 of 20 each
        + [("B", 4, 4, 12)] * 18
        + [("C", 4, 3, 12)] * 2
        + [("C", 4, 4, 12)] * 18
        + [("D", 4, 3, 12)] * 3  # D: 3 of 3, but too few pupils to say anything
    )

    out = marks_raised(_results(rows, columns), scope="ВПР МА4", th=TH)

    a = _row(out, "A")
    # p0 for A: the others' «4» pupils, (2 + 2 + 3) / (20 + 20 + 3) = 7/43; B, C and D with their
    # binomial tails above α give ρ (here 0: they vary less than chance allows)
    p0 = 7 / 43
    tail = sum(math.comb(10, k) * p0**k * (1 - p0) ** (10 - k) for k in range(6, 11))
    assert a["expected"] == pytest.approx(p0 * 100)
    assert a["p_value"] == pytest.approx(tail, rel=1e-6)
    assert a["fired"]
    assert a["reason"] == (
        "ВПР МА4: повысили отметку по журналу 60 % (6 из 10) при ожидаемых 16 % по остальным ОО "
        "(у учащихся с теми же отметками)"
    )
    d = _row(out, "D")
    assert (d["evaluated"], d["fired"]) == (False, False)  # the small-sample guard


def test_annual_marks_above_the_oge_mark_by_the_pupils_exam_mark():
    from msoko.analytics.objectivity.proportions import annual_above_exam

    columns = [C.ORG_CODE, C.MARK, C.ANNUAL_MARK]
    # A: 10 pupils with «3» at the exam, 8 of them with «4» as annual mark. B, C, D: 10 pupils
    # with «3» each, 2 of them annual «4». p0 for A = 6/30 = 0.2; P(X ≥ 8 | 10, 0.2) =
    # 45·0.2⁸·0.8² + 10·0.2⁹·0.8 + 0.2¹⁰ = 7.79·10⁻⁵ (B, C, D vary less than chance: ρ = 0)
    rows = [("A", 3, 4)] * 8 + [("A", 3, 3)] * 2
    for school in ("B", "C", "D"):
        rows += [(school, 3, 4)] * 2 + [(school, 3, 3)] * 8

    out = annual_above_exam(pl.DataFrame(rows, schema=columns, orient="row"), scope="ОГЭ, Математика", th=TH)

    a = _row(out, "A")
    assert a["p_value"] == pytest.approx(45 * 0.2**8 * 0.8**2 + 10 * 0.2**9 * 0.8 + 0.2**10)
    assert a["fired"]
    assert a["reason"].startswith(
        "ОГЭ, Математика: годовая отметка выше отметки ОГЭ у 80 % (8 из 10) при ожидаемых 20 %"
    )


def test_medals_unconfirmed_needs_five_candidates():
    from msoko.analytics.objectivity.proportions import medals_unconfirmed

    columns = [C.ORG_CODE, C.TEST_SCORE, C.MEDAL_CANDIDATE]
    # A: 6 candidates, 5 below 70. B–E: 5 candidates each, all above; F: 4 candidates all below
    # 70, too few to be judged but counted in the others' share: p0 = 4/24 = 1/6, and ρ from
    # B–E (the school under test never widens its own baseline) is 0, so
    # P(X ≥ 5 | 6, 1/6) = 6·(1/6)⁵·(5/6) + (1/6)⁶ = 0.000664
    rows = [("A", 60, True)] * 5 + [("A", 80, True)] + [("A", 40, False)] * 10
    for school in ("B", "C", "D", "E"):
        rows += [(school, 85, True)] * 5
    rows += [("F", 50, True)] * 4

    out = medals_unconfirmed(pl.DataFrame(rows, schema=columns, orient="row"), scope="ЕГЭ, медалисты", th=TH)

    a = _row(out, "A")
    assert a["n"] == 6  # only candidates count
    assert a["p_value"] == pytest.approx(6 * (1 / 6) ** 5 * (5 / 6) + (1 / 6) ** 6)
    assert a["fired"]
    assert not _row(out, "F")["evaluated"]


def test_pooled_works_need_the_exact_tail_of_the_pooled_count():
    from msoko.analytics.objectivity.proportions import JOURNAL, pooled_excess

    # two works; the small school T has 5 of 10 pupils raised in all (3 + 2), expected 1 (10 %):
    # the normal tail would say z = 4/√0.9 = 4.2, but the exact binomial tail is
    # P(X ≥ 5 | 10, 0.1) = 0.00163 — which is what is reported
    def work(raised_t: int) -> pl.DataFrame:
        rows = [("T", True)] * raised_t + [("T", False)] * (5 - raised_t)
        for school in "ABCDEFGHIJKL":
            rows += [(school, True)] * 2 + [(school, False)] * 18
        return pl.DataFrame(rows, schema=[C.ORG_CODE, "event"], orient="row")

    out = pooled_excess(
        [work(3), work(2)], criterion=JOURNAL, scope="ВПР, все работы", min_n=10, th=TH, wording="повысили"
    )

    t = _row(out, "T")
    exact = sum(math.comb(10, k) * 0.1**k * 0.9 ** (10 - k) for k in range(5, 11))
    assert t["p_value"] == pytest.approx(exact)


# --------------------------------------------------------------------------- bunching


def test_bunching_counts_works_at_the_cut_against_schools_of_its_strength():
    # one cut, «3» from 6, window 2: X has 8 works at 6–7 and none at 4–5 (plus 12 at 15);
    # Y and Z each 4 at 6–7 and 4 at 4–5. r0 for X = 8 / 16 = 0.5, expected 8 · 0.5 = 4,
    # excess 4, variance 8 · 0.25 = 2, z = 4 / √2 = 2.828 (fewer than 10 schools: N(0, 1)),
    # p = 0.00234; the exact binomial guard, 8 of 8 at 0.5, gives 0.5⁸ = 0.00391, the larger
    rows = [("X", 6)] * 4 + [("X", 7)] * 4 + [("X", 15)] * 12
    for school in ("Y", "Z"):
        rows += (
            [(school, 4)] * 2
            + [(school, 5)] * 2
            + [(school, 6)] * 2
            + [(school, 7)] * 2
            + [(school, 15)] * 12
        )

    out = bunching(_results(rows, [C.ORG_CODE, C.TOTAL]), cuts={3: 6}, max_score=20, scope="ВПР МА4", th=TH)

    x = _row(out, "X")
    assert (x["observed"], x["expected"]) == (8.0, 4.0)
    assert x["p_value"] == pytest.approx(0.5**8)
    assert x["fired"]
    assert x["reason"] == (
        "ВПР МА4: избыток работ на границе отметки «3» (6–7 баллов): 8 против ожидаемых 4, "
        "ниже границы (4–5 баллов): 0"
    )
    assert not _row(out, "Y")["fired"]


# --------------------------------------------------------------------------- patterns


def test_group_sizes_count_the_rows_sharing_each_key():
    # 5 three times, 7 twice, 9 and 2**63 + 1 (a key above the signed range) once each
    keys = np.array([5, 7, 5, 9, 5, 7, 2**63 + 1], dtype=np.uint64)
    assert _group_sizes(keys).tolist() == [3, 2, 3, 1, 3, 2, 1]


def _tasks(levels: list[tuple[str, int, str]]) -> pl.DataFrame:
    return pl.DataFrame(levels, schema=[C.TASK, C.TASK_MAX, C.LEVEL], orient="row")


def test_hard_tasks_solved_by_pupils_who_fail_the_basic_ones():
    tasks = _tasks([("1", 1, "Б"), ("2", 1, "Б"), ("3", 2, "П")])
    columns = [C.ORG_CODE, "1", "2", "3"]
    # A: 5 pupils with no basic point solve task 3 fully, 5 strong pupils; B: 10 weak pupils fail it.
    # Weak pupils fall in bin 0; its rate of advanced success is 5 / 15 = 1/3, so for A
    # E = 5/3, V = 5 · 1/3 · 2/3 = 10/9, z = (5 − 5/3) / √(10/9) = 3.162, p = 0.000783; the exact
    # binomial guard, 5 of 5 at 1/3, gives (1/3)⁵ = 0.00412, the larger, still below α = 0.005
    rows = [("A", 0, 0, 2)] * 5 + [("A", 1, 1, 1)] * 5 + [("B", 0, 0, 0)] * 10

    out = hard_tasks(pl.DataFrame(rows, schema=columns, orient="row"), tasks, scope="ВПР МА4", th=TH)

    a = _row(out, "A")
    assert a["observed"] == pytest.approx(100.0)  # 5 of 5 weak pupils
    assert a["expected"] == pytest.approx(100 / 3)
    assert a["p_value"] == pytest.approx(1 / 3**5)
    assert a["fired"]
    assert a["reason"] == (
        "ВПР МА4: учащиеся, не справившиеся с базовыми заданиями (менее 50 % баллов), выполнили "
        "задания повышенного уровня: 5 из 5 при ожидаемых 1,7"
    )
    assert not _row(out, "B")["fired"]


def test_similar_works_in_a_class_against_pupils_of_the_same_total():
    from itertools import combinations

    tasks = _tasks([(str(t), 1, "Б") for t in range(1, 7)])
    columns = [C.ORG_CODE, C.CLASS_NAME, *(str(t) for t in range(1, 7)), C.TOTAL]
    # every pupil solves 2 of 6 tasks. Class «К»: 10 identical works (tasks 1 and 2). Classes
    # «0» … «14»: class i has the 15 pairs of tasks i … i + 9 (cyclically), so every pair occurs
    # 10 times and no two works of one class differ on fewer than two tasks.
    pairs = list(combinations(range(6), 2))
    rows = [("S", "К", 1, 1, 0, 0, 0, 0, 2)] * 10
    for i in range(15):
        chosen = [pairs[(i + j) % 15] for j in range(10)]
        rows += [("S", str(i), *(int(t in pair) for t in range(6)), 2) for pair in chosen]
    # Of 160 pupils, tasks 1, 2 are solved by 60 (p = 0.375, agreement q = 0.53125) and tasks
    # 3–6 by 50 (p = 0.3125, q = 0.5703125). Two works differ on at most one task with
    # q1²q3⁴ + 2·(1 − q1)·q1·q3⁴ + 4·(1 − q3)·q1²·q3³ = 0.029857 + 0.052689 + 0.089981 = 0.172527;
    # a class has 45 pairs: 7.7637 expected. Log ratios log((obs + 1)/(exp + 1)): «К» 1.6581,
    # the others −2.1706; median −2.1706 and MAD 0, so the spread is its floor 0.5 and
    # z = (1.6581 + 2.1706) / 0.5 = 7.66; the typical ratio is below 1, so no inflation.
    out = similar_works(pl.DataFrame(rows, schema=columns, orient="row"), tasks, scope="ВПР МА4", th=TH)

    k = out.filter(pl.col(C.CLASS_NAME) == "К").row(0, named=True)
    assert (k["observed"], k["expected"]) == (45.0, pytest.approx(45 * 0.172527, abs=1e-3))
    assert k["p_value"] < 1e-12
    assert k["fired"]
    assert k["reason"] == (
        "ВПР МА4, класс К: почти одинаковые работы (различие не более чем в одном задании) — 45 пар "
        "при ожидаемых 7,8, у 10 учащихся, в среднем совпадают 6 из 6 заданий при ожидаемых 3,3"
    )
    others = out.filter(pl.col(C.CLASS_NAME) != "К")
    assert others["observed"].sum() == 0
    assert not others["fired"].any()


def test_two_similar_works_in_a_class_are_not_a_schools_practice():
    # the share guard: 2 pupils of 10 with the same work are below 30 % of the class
    tasks = _tasks([(str(t), 1, "Б") for t in range(1, 7)])
    columns = [C.ORG_CODE, C.CLASS_NAME, *(str(t) for t in range(1, 7)), C.TOTAL]
    from itertools import combinations

    pairs = list(combinations(range(6), 2))
    rows = []
    for i in range(12):
        chosen = [pairs[(i + j) % 15] for j in range(10)]
        chosen[9] = chosen[0] if i == 0 else chosen[9]  # class «0»: one repeated work
        rows += [("S", str(i), *(int(t in pair) for t in range(6)), 2) for pair in chosen]

    out = similar_works(pl.DataFrame(rows, schema=columns, orient="row"), tasks, scope="ВПР МА4", th=TH)

    first = out.filter(pl.col(C.CLASS_NAME) == "0").row(0, named=True)
    assert first["observed"] == 1.0
    assert not first["fired"]


# --------------------------------------------------------------------------- cohort


def _spread(org: str, mean: int) -> list[tuple]:
    """10 pupils at mean ± 3 (max 100): sd 3·√(10/9), standard error 1."""
    return [(org, mean - 3)] * 5 + [(org, mean + 3)] * 5


def test_cohort_collapse_of_an_excellent_school():
    # 11 schools keep their mean from grade 4 to 5 (40 … 60); X falls from 80 to 40. Theil–Sen:
    # slope 1 (55 of the 66 pairwise slopes), intercept median(y) − median(x) = 49 − 51 = −2, so
    # X is expected at 78; residuals 2 except X's −38; sampling variance 1 + 1 = 2 and no
    # honest spread, so z = 38 / √2 = 26.9
    means = list(range(40, 62, 2))
    earlier = [row for i, m in enumerate(means) for row in _spread(f"S{i:02d}", m)] + _spread("X", 80)
    later = [row for i, m in enumerate(means) for row in _spread(f"S{i:02d}", m)] + _spread("X", 40)
    frame = lambda rows: _results(rows, [C.ORG_CODE, C.TOTAL])  # noqa: E731

    out = cohort_collapse(
        frame(earlier),
        frame(later),
        earlier_max=100,
        later_max=100,
        scope="Когорта, Математика",
        earlier_name="4 класс",
        later_name="5 класс",
        th=TH,
    )

    x = _row(out, "X")
    assert (x["observed"], x["expected"]) == (pytest.approx(40.0), pytest.approx(78.0))
    assert x["fired"]
    assert x["strong"]
    assert (
        x["reason"]
        == "Когорта, Математика: 4 класс — 80 % (по МО 51 %), 5 класс — 40 % (по МО 49 %), а ожидалось около 78 %"
    )
    assert not out.filter(pl.col(C.ORG_CODE) != "X")["fired"].any()


# --------------------------------------------------------------------------- official 2019


def test_official_mean_above_uses_the_exact_intervals():
    # municipality 10,10,12,12,14,14,16,16,18,18: mean 14, S = √(80/9) = 2.981,
    # upper = 14 + 1.96 · 2.981 / √10 = 15.848; A (16,16,18,18): 17 − 1.96 · 1.1547 / 2 = 15.868
    rows = [("A", 16), ("A", 16), ("A", 18), ("A", 18)] + [("B", v) for v in (10, 10, 12, 12, 14, 14)]

    out = official.mean_above(_results(rows, [C.ORG_CODE, C.TOTAL]), scope="ВПР МА4")

    assert _row(out, "A")["fired"]
    assert _row(out, "A")["expected"] == pytest.approx(15.848, abs=1e-3)
    assert not _row(out, "B")["fired"]


def test_official_spearman_with_ties_is_pearson_of_average_ranks():
    columns = [C.ORG_CODE, C.JOURNAL_MARK, C.TOTAL]
    rows = [("N", 5, 10), ("N", 4, 15), ("N", 3, 20)]  # r = −1
    # T: marks 4,4,5,5 (ranks 1.5,1.5,3.5,3.5) and scores 10,20,15,25 (ranks 1,3,2,4): r = 2/√20
    rows += [("T", 4, 10), ("T", 4, 20), ("T", 5, 15), ("T", 5, 25)]

    out = official.marks_mismatch(_results(rows, columns), scope="ВПР МА4")

    assert _row(out, "N")["observed"] == pytest.approx(-1.0)
    assert _row(out, "N")["fired"]
    assert _row(out, "T")["observed"] == pytest.approx(2 / math.sqrt(20))
    assert not _row(out, "T")["fired"]


def test_official_cohort_fences_and_the_index():
    # K = S4 / S5: 0.1, 0.8, 0.9, 1, 1, 1.1, 1.2, 3. Q1 = 0.875, Q3 = 1.125 (linear), IQR = 0.25:
    # a fall above 1.875 (K = 3), a rise below 0.125 (K = 0.1)
    means = {
        "A": (5, 50),
        "B": (40, 50),
        "C": (45, 50),
        "D": (50, 50),
        "E": (50, 50),
        "F": (55, 50),
        "G": (60, 50),
        "H": (60, 20),
    }
    earlier = _results([(o, s4) for o, (s4, _) in means.items()], [C.ORG_CODE, C.TOTAL])
    later = _results([(o, s5) for o, (_, s5) in means.items()], [C.ORG_CODE, C.TOTAL])

    out = official.cohort_change(earlier, later, earlier_max=100, later_max=100, scope="ВПР 4→5")

    fired = out.filter(pl.col("fired")).select(C.ORG_CODE, "criterion").rows()
    assert sorted(fired) == [("A", official.COHORT_RISE), ("H", official.COHORT_FALL)]
    assert out.filter(pl.col("criterion") == official.COHORT_FALL)["expected"][0] == pytest.approx(1.875)
    assert official.objectivity_index(out, schools=8) == 75.0  # 100 − 2/8 · 100


# --------------------------------------------------------------------------- flags


def test_flag_levels_add_criteria_and_strong_evidence():
    base = {"scope": "ВПР", "class_name": None, "n": 20, "observed": 1.0, "expected": 0.0, "evaluated": True}
    rows = [
        {
            **base,
            "org_code": "A",
            "criterion": "journal",
            "p_value": 0.001,
            "fired": True,
            "strong": False,
            "reason": "a1",
        },
        {
            **base,
            "org_code": "B",
            "criterion": "journal",
            "p_value": 1e-8,
            "fired": True,
            "strong": True,
            "reason": "b1",
        },
        {
            **base,
            "org_code": "C",
            "criterion": "journal",
            "p_value": 0.002,
            "fired": True,
            "strong": False,
            "reason": "c2",
        },
        {
            **base,
            "org_code": "C",
            "criterion": "bunching",
            "p_value": 0.001,
            "fired": True,
            "strong": False,
            "reason": "c1",
        },
        {
            **base,
            "org_code": "C",
            "criterion": "similar",
            "p_value": 0.003,
            "fired": True,
            "strong": False,
            "reason": "c3",
        },
        {
            **base,
            "org_code": "C",
            "criterion": "similar",
            "p_value": 0.004,
            "fired": True,
            "strong": False,
            "reason": "c4",
        },
        {
            **base,
            "org_code": "D",
            "criterion": "journal",
            "p_value": 0.5,
            "fired": False,
            "strong": False,
            "reason": "d",
        },
    ]
    findings = pl.DataFrame(rows)

    flags = unobjective_flags(findings)

    assert flags.select(C.ORG_CODE, "level").rows() == [("A", 1), ("B", 2), ("C", 3)]
    assert flags.filter(pl.col(C.ORG_CODE) == "C")["reasons"][0].to_list() == [
        "c1",
        "c2",
        "c3",
        "c4",
    ]  # strongest first
    assert official_flags(findings).select(C.ORG_CODE, "level").rows() == [("A", 1), ("B", 1), ("C", 3)]


# --------------------------------------------------------------------------- edge cases (review)


def test_a_zero_baseline_counts_half_an_event_and_a_lone_school_is_not_judged():
    columns = [C.ORG_CODE, C.MARK, C.JOURNAL_MARK, C.TOTAL]
    # A: 3 of 20 raised; B: none of 20. A's baseline is 0.5/21 (not 0), and
    # P(X ≥ 3 | 20, 0.5/21) = 0.0107 > α: three pupils are not a sensation
    rows = [("A", 4, 3, 12)] * 3 + [("A", 4, 4, 12)] * 17 + [("B", 4, 4, 12)] * 20
    out = marks_raised(_results(rows, columns), scope="ВПР", th=TH)

    p0 = 0.5 / 21
    tail = 1 - sum(math.comb(20, k) * p0**k * (1 - p0) ** (20 - k) for k in range(3))
    assert _row(out, "A")["p_value"] == pytest.approx(tail)
    assert not _row(out, "A")["fired"]
    # one school alone has no baseline at all
    alone = marks_raised(_results([("A", 4, 3, 12)] * 20, columns), scope="ВПР", th=TH)
    assert not _row(alone, "A")["evaluated"]


def test_cohort_without_spread_of_earlier_results_is_not_fitted():
    earlier = _results([(f"S{i}", 50) for i in range(4) for _ in range(12)], [C.ORG_CODE, C.TOTAL])
    later = _results([(f"S{i}", 40 + i) for i in range(4) for _ in range(12)], [C.ORG_CODE, C.TOTAL])

    out = cohort_collapse(
        earlier, later, earlier_max=100, later_max=100, scope="К", earlier_name="4", later_name="5", th=TH
    )

    assert out.is_empty()


def test_bunching_reason_names_a_cut_with_a_baseline():
    # cut «3» at 6 has works of other schools in its window, cut «5» at 15 has none: the reason
    # must name «3», never the cut without a baseline
    rows = [("X", 6)] * 8 + [("X", 15)] * 12
    rows += [(school, score) for school in ("Y", "Z") for score in (4, 4, 5, 5, 6, 6, 7, 7)] + [
        ("Y", 10)
    ] * 12
    out = bunching(
        _results(rows, [C.ORG_CODE, C.TOTAL]), cuts={3: 6, 5: 15}, max_score=20, scope="ВПР", th=TH
    )

    assert out["reason"].is_not_null().all()
    assert "отметки «3»" in _row(out, "X")["reason"]


def test_weights_drop_a_criterion_at_zero_and_add_fractions_before_rounding():
    base = {
        "scope": "ВПР",
        "class_name": None,
        "n": 20,
        "observed": 1.0,
        "expected": 0.0,
        "evaluated": True,
        "strong": False,
    }
    findings = pl.DataFrame(
        [
            {**base, "org_code": "A", "criterion": "similar", "p_value": 0.001, "fired": True, "reason": "a"},
            {
                **base,
                "org_code": "B",
                "criterion": "journal",
                "p_value": 0.001,
                "fired": True,
                "reason": "b1",
            },
            {
                **base,
                "org_code": "B",
                "criterion": "bunching",
                "p_value": 0.002,
                "fired": True,
                "reason": "b2",
            },
        ]
    )

    flags = unobjective_flags(findings, weights={"similar": 0, "journal": 1.5, "bunching": 1.5})

    assert flags.select(C.ORG_CODE, "level").rows() == [("B", 3)]  # 1.5 + 1.5 = 3; A not flagged

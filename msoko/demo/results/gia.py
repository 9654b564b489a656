"""ГИА (ОГЭ and ЕГЭ) in the `gia` format, one frame per school year.

Exams use approximate official scales, electives are chosen by popularity with the strong
leaning to the sciences, and a couple of schools name too many medal candidates — a
phenomenon the analytics are meant to find.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.results.headers import (
    ANNUAL_MARK,
    CLASS,
    EXAM,
    GIA_HEADERS,
    MARK,
    MEDAL,
    ORG,
    PARTICIPANT,
    PRIMARY,
    SUBJECT,
    TEST_SCORE,
)
from msoko.demo.results.model import Model, choice, marks_from_cuts, sigmoid, top_k

ANNUAL_DELTA = ((-1, 0, 1, 2), (0.06, 0.68, 0.24, 0.02))


@dataclass(frozen=True)
class _Exam:
    exam: str
    subject: str
    max_primary: int
    difficulty: float
    cuts: tuple[int, int, int] | None = None  # lowest primary score for «3», «4», «5»
    test_scale: tuple[tuple[int, int], ...] | None = None  # (primary, test) knots, linear between
    minimum: int = 0  # the ЕГЭ minimum test score (methodology §5.3)
    weight: float = 0.0  # how often chosen as an elective
    tilt: float = 0.0  # the strong choose it more often
    slope: float = 1.0  # how sharply the score follows θ


def _ege(
    subject: str, top: int, at_minimum: int, minimum: int, difficulty: float, weight: float, tilt: float
) -> _Exam:
    """An ЕГЭ elective with an approximate primary→test scale through the published minimum
    (methodology §5.3); the official scales change every year, and only their shape matters here."""
    upper = at_minimum + round(0.6 * (top - at_minimum))
    scale = ((0, 0), (at_minimum, minimum), (upper, 80), (top, 100))
    return _Exam("ЕГЭ", subject, top, difficulty, None, scale, minimum, weight, tilt, slope=0.7)


OGE_RUSSIAN = _Exam("ОГЭ", "Русский язык", 33, -1.5, cuts=(15, 23, 29))  # methodology §5.2
OGE_MATHEMATICS = _Exam("ОГЭ", "Математика", 31, -0.6, cuts=(8, 15, 22))
OGE_ELECTIVES = (  # 2023 scales as commonly published
    _Exam("ОГЭ", "Обществознание", 37, -1.2, cuts=(14, 24, 32), weight=0.30, tilt=-0.3),
    _Exam("ОГЭ", "География", 31, -1.1, cuts=(12, 19, 26), weight=0.22, tilt=-0.3),
    _Exam("ОГЭ", "Информатика", 19, -0.5, cuts=(5, 11, 17), weight=0.18, tilt=0.4),
    _Exam("ОГЭ", "Биология", 48, -0.8, cuts=(13, 25, 37), weight=0.12),
    _Exam("ОГЭ", "Английский язык", 68, -0.6, cuts=(29, 46, 58), weight=0.07, tilt=0.6),
    _Exam("ОГЭ", "Химия", 40, -0.4, cuts=(10, 20, 30), weight=0.05, tilt=0.6),
    _Exam("ОГЭ", "Физика", 45, -0.3, cuts=(11, 23, 35), weight=0.04, tilt=0.6),
    _Exam("ОГЭ", "История", 37, -0.8, cuts=(11, 21, 30), weight=0.015),
    _Exam("ОГЭ", "Литература", 45, -0.9, cuts=(16, 27, 36), weight=0.015),
)
EGE_RUSSIAN = _Exam(
    "ЕГЭ",
    "Русский язык",
    50,
    -0.85,
    test_scale=((0, 0), (10, 24), (20, 45), (30, 63), (36, 72), (42, 84), (46, 92), (50, 100)),
    minimum=24,
    slope=0.65,
)
PROFILE_MATH_2025 = (0, 6, 12, 17, 22, 27, 34, 40, 43, 46, 48, 52, 54, 56, 60, 64, 66)
PROFILE_MATH_2025 += (68, 70, 73, 75, 77, 79, 82, 84, 86, 88, 90, 92, 94, 96, 98, 100)  # methodology §5.3
EGE_PROFILE_MATH = _Exam(
    "ЕГЭ",
    "Математика (профильная)",
    32,
    1.2,
    test_scale=tuple(enumerate(PROFILE_MATH_2025)),
    minimum=27,
    slope=0.65,
)
EGE_BASE_MATH = _Exam("ЕГЭ", "Математика (базовая)", 21, -2.0, cuts=(7, 12, 17))
EGE_ELECTIVES = (  # subject, max primary, primary at the minimum, minimum, difficulty, weight, tilt
    _ege("Обществознание", 58, 19, 42, -0.1, 0.35, -0.2),
    _ege("Физика", 45, 11, 36, 0.0, 0.15, 0.6),
    _ege("Биология", 59, 16, 36, 0.0, 0.15, 0.0),
    _ege("Химия", 56, 13, 36, 0.1, 0.10, 0.4),
    _ege("Информатика", 29, 6, 40, 0.0, 0.12, 0.5),
    _ege("История", 42, 8, 32, -0.1, 0.10, 0.0),
    _ege("Английский язык", 82, 17, 22, -0.3, 0.08, 0.5),
    _ege("Литература", 55, 12, 32, -0.2, 0.03, 0.0),
    _ege("География", 37, 12, 37, -0.1, 0.02, 0.0),
)
EXAM_DAY_SD = 0.5  # a good or a bad day, on the logit scale
PROFILE_MATH_SHARE = 0.55
MEDAL_SHARE = 0.055
MEDAL_EXTRA = 0.2  # in an inflating school, the share of the better half named candidates too


def _exam_rows(model: Model, year: str, pupils: pl.DataFrame, exam: _Exam) -> pl.DataFrame:
    rng = model.rng("gia", year, exam.exam, exam.subject)
    n = pupils.height
    p = sigmoid(
        exam.slope * (model.theta(pupils, exam.subject) - exam.difficulty) + rng.normal(0, EXAM_DAY_SD, n)
    )
    primary = rng.binomial(exam.max_primary, p)
    test = mark = None
    if exam.test_scale is not None:
        knots = np.array(exam.test_scale)
        test = np.rint(np.interp(primary, knots[:, 0], knots[:, 1])).astype(np.int64)
        # what the test score means as a mark, for the annual mark to agree with
        equivalent = np.select(
            [test < exam.minimum, test < exam.minimum + 0.4 * (100 - exam.minimum), test < 72], [2, 3, 4], 5
        )
    else:
        mark = marks_from_cuts(primary, dict(zip((3, 4, 5), exam.cuts or (), strict=True)))
        equivalent = mark
    annual = np.clip(equivalent + choice(rng, ANNUAL_DELTA, n), 3, 5)
    return pupils.select(
        pl.lit(exam.exam).alias(EXAM),
        pl.lit(exam.subject).alias(SUBJECT),
        pl.col(C.ORG_CODE).alias(ORG),
        pl.col("student_code").alias(PARTICIPANT),
        pl.col(C.CLASS_NAME).alias(CLASS),
        pl.Series(PRIMARY, primary, dtype=pl.Int64),
        pl.Series(TEST_SCORE, test, dtype=pl.Int64)
        if test is not None
        else pl.lit(None, pl.Int64).alias(TEST_SCORE),
        pl.Series(MARK, mark, dtype=pl.Int64) if mark is not None else pl.lit(None, pl.Int64).alias(MARK),
        pl.Series(ANNUAL_MARK, annual, dtype=pl.Int64),
    )


def _electives(
    model: Model, year: str, pupils: pl.DataFrame, exams: Sequence[_Exam], counts: np.ndarray
) -> list[pl.DataFrame]:
    """Each pupil's own electives: weighted by popularity, the strong leaning to the sciences."""
    rng = model.rng("electives", year, exams[0].exam)
    weights = np.column_stack(
        [exam.weight * np.exp(exam.tilt * model.theta(pupils, exam.subject)) for exam in exams]
    )
    order = top_k(rng, weights)
    chosen = np.zeros(weights.shape, dtype=bool)
    rows = np.arange(pupils.height)
    for k in range(int(counts.max(initial=0))):
        chosen[rows[counts > k], order[counts > k, k]] = True
    return [
        _exam_rows(model, year, pupils.filter(pl.Series(chosen[:, j])), exam) for j, exam in enumerate(exams)
    ]


def gia_results(model: Model, year: str) -> pl.DataFrame:
    ninth, eleventh = model.of(year, [9]), model.of(year, [11])
    rng = model.rng("gia", year)
    frames = [_exam_rows(model, year, ninth, OGE_RUSSIAN), _exam_rows(model, year, ninth, OGE_MATHEMATICS)]
    frames += _electives(model, year, ninth, OGE_ELECTIVES, np.full(ninth.height, 2))
    math_theta = model.theta(eleventh, "Математика") + rng.normal(0, 0.5, eleventh.height)
    profile = (
        math_theta >= np.quantile(math_theta, 1 - PROFILE_MATH_SHARE)
        if eleventh.height
        else np.array([], dtype=bool)
    )
    frames += [
        _exam_rows(model, year, eleventh, EGE_RUSSIAN),
        _exam_rows(model, year, eleventh.filter(pl.Series(profile, dtype=pl.Boolean)), EGE_PROFILE_MATH),
        _exam_rows(model, year, eleventh.filter(~pl.Series(profile, dtype=pl.Boolean)), EGE_BASE_MATH),
    ]
    frames += _electives(model, year, eleventh, EGE_ELECTIVES, rng.integers(1, 3, eleventh.height))
    # medal candidates: the strongest graduates, and in a couple of schools also merely good ones
    inflating = eleventh[C.ORG_CODE].is_in(list(model.medal_inflating_schools)).to_numpy()
    theta = eleventh["_theta"].to_numpy()
    claim = theta + rng.normal(0, 0.25, eleventh.height)
    medal = claim >= np.quantile(claim, 1 - MEDAL_SHARE) if eleventh.height else np.array([], dtype=bool)
    # lenient marking names merely good pupils too: they are the ones who miss 70 in Russian
    better_half = theta >= np.median(theta) if eleventh.height else medal
    medal = medal | (inflating & better_half & (rng.random(eleventh.height) < MEDAL_EXTRA))
    candidates = eleventh.filter(pl.Series(medal, dtype=pl.Boolean))["student_code"]
    is_candidate = (pl.col(EXAM) == "ЕГЭ") & pl.col(PARTICIPANT).is_in(candidates.to_list())
    return (
        pl.concat(frames)
        .with_columns(
            pl.when(is_candidate).then(5).otherwise(pl.col(ANNUAL_MARK)).alias(ANNUAL_MARK),
            pl.when(is_candidate).then(pl.lit("да")).otherwise(None).alias(MEDAL),
        )
        .select(GIA_HEADERS)
        .sort(EXAM, SUBJECT, ORG, CLASS, PARTICIPANT, descending=[True, False, False, False, False])
    )

"""Results of procedures for the demo world: ВПР, ГИА, журнал, ВсОШ and teachers' courses.

Everything is drawn from the latent traits of `DemoWorld` (a student's `ability`, a school's
`ses`) through one item-response model, so that the analytics find what a real municipality
shows: a strong gymnasium and weak rural schools, journal marks a little above the ВПР mark,
medal candidates who do not confirm the medal, olympiad winners from the strong schools.

The frames carry exactly the Russian headers of the import formats (shared/spec/data-formats.md),
so they can be written to CSV and loaded by the real importers; the latent values the tests
need are returned separately in `DemoTruths`. Every random draw comes from a generator keyed
by the seed and by what is drawn (a subject, a year, a work), so the results do not depend on
the order of the works and the same (world, works, seed) always gives the same frames.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.generator import DemoWorld

# --- headers of the import formats -------------------------------------------------------------
ORG = "Код ОО"
CLASS = "Класс"
PARTICIPANT = "Код участника"
VARIANT = "Вариант"
TOTAL = "Сумма баллов"
MARK = "Отметка"
JOURNAL_MARK = "Отметка по журналу"
SEX = "Пол"
EXAM = "Экзамен"
SUBJECT = "Предмет"
PRIMARY = "Первичный балл"
TEST_SCORE = "Тестовый балл"
ANNUAL_MARK = "Годовая отметка"
MEDAL = "Претендент на медаль"
PERIOD = "Период"
STAGE = "Этап"
POINTS = "Баллы"
MAX_POINTS = "Максимальный балл"
STATUS = "Статус"
TEACHER = "Код педагога"
KIND = "Вид"
TITLE = "Наименование"
HOURS = "Часы"
DATE = "Дата"
RESULT = "Результат, %"
DEFICITS = "Дефициты"

GIA_HEADERS = (EXAM, SUBJECT, ORG, PARTICIPANT, CLASS, PRIMARY, TEST_SCORE, MARK, ANNUAL_MARK, MEDAL)
MARKS_HEADERS = (ORG, PARTICIPANT, CLASS, SUBJECT, PERIOD, MARK)
OLYMPIAD_HEADERS = (STAGE, SUBJECT, ORG, PARTICIPANT, CLASS, POINTS, MAX_POINTS, STATUS)
COURSES_HEADERS = (TEACHER, KIND, TITLE, HOURS, DATE, RESULT, DEFICITS)

# --- the latent model --------------------------------------------------------------------------
SCHOOL_SES_WEIGHT, SCHOOL_SD = 0.25, 0.2  # on top of the ses already inside a student's ability
CLASS_SD, YEAR_SD, APTITUDE_SD, SITTING_SD = 0.2, 0.2, 0.3, 0.2
LEVEL_DIFFICULTY = {"Б": -0.8, "П": 0.4, "В": 1.1}
TASK_DIFFICULTY_SD = 0.45
ABSENT_RATE = (0.05, 0.08)
NOT_ATTEMPTED_SHARE = 0.01
# a teacher's mark minus the ВПР mark: mostly equal, a mild upward bias, rarely two marks apart
JOURNAL_DELTA = ((-2, -1, 0, 1, 2), (0.01, 0.08, 0.68, 0.21, 0.02))
JOURNAL_MISSING = 0.03
ANNUAL_DELTA = ((-1, 0, 1, 2), (0.06, 0.68, 0.24, 0.02))


@dataclass(frozen=True)
class WorkSpec:
    """What the generator needs to know about a work; taken from its scheme.

    The scale is left out of the hash (a dict is not hashable) but kept in equality.
    """

    procedure: str
    subject: str
    grade: int
    school_year: str
    task_labels: tuple[str, ...]
    task_max: tuple[int, ...]
    task_levels: tuple[str, ...]
    scale: dict[int, int] = field(hash=False)  # mark -> lowest primary score


@dataclass
class DemoTruths:
    """The latent values behind the generated files, for tests and for planted phenomena."""

    # every enrolled pupil of the work: Код ОО, Класс, Код участника, _absent, _ability, _theta
    vpr: dict[WorkSpec, pl.DataFrame]
    vpr_absent: dict[WorkSpec, int]
    medal_inflating_schools: tuple[str, ...]  # schools that name too many medal candidates


@dataclass
class DemoResults:
    """Import-ready frames (headers exactly as in the import formats) and the truths behind them."""

    vpr: dict[WorkSpec, pl.DataFrame]  # `results`
    gia: dict[str, pl.DataFrame]  # `gia`, per school year
    marks: dict[str, pl.DataFrame]  # `marks`, per school year
    olympiad: dict[str, pl.DataFrame]  # `olympiad`, per school year
    courses: pl.DataFrame  # `courses`, over all years
    truths: DemoTruths


def generate_results(world: DemoWorld, works: Sequence[WorkSpec], *, seed: int) -> DemoResults:
    """Results of every procedure for the three school years of `world`.

    Args:
        world: the municipality; its students' codes are stable across years, so the files link
            pupils from year to year (a bonus over ФИС ОКО, where codes change).
        works: the ВПР-like works to fill (one `results` frame each); a work whose grade nobody
            attends in its year gives an empty frame.
        seed: the results' own seed; the same (world, works, seed) gives equal frames.
    """
    model = _Model(world, seed)
    vpr, vpr_truth = {}, {}
    for work in works:
        vpr[work], vpr_truth[work] = _vpr(model, work)
    gia = {year: _gia(model, year) for year in model.years}
    marks = {year: _marks(model, year, gia[year]) for year in model.years}
    olympiad = {year: _olympiad(model, year) for year in model.years}
    truths = DemoTruths(
        vpr=vpr_truth,
        vpr_absent={work: int(frame["_absent"].sum()) for work, frame in vpr_truth.items()},
        medal_inflating_schools=model.medal_inflating_schools,
    )
    return DemoResults(vpr, gia, marks, olympiad, _courses(model), truths)


# --- the latent model --------------------------------------------------------------------------


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _choice(rng: np.random.Generator, values_and_p: tuple[tuple, tuple], n: int) -> np.ndarray:
    values, p = values_and_p
    return rng.choice(np.array(values), size=n, p=np.array(p) / sum(p))


def _top_k(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Column indices ordered by a weighted random draw without replacement, for every row
    (the Gumbel top-k trick); `weights` is rows × options and may hold zeros."""
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=weights.shape)
    return np.argsort(-keys, axis=1, kind="stable")


class _Model:
    """The pupils of every year with their latent θ, and keyed random generators."""

    def __init__(self, world: DemoWorld, seed: int) -> None:
        self.world, self.seed = world, seed
        self.years = tuple(sorted(world.enrollments[C.SCHOOL_YEAR].unique().to_list()))
        students = world.students.with_row_index("_idx")
        self.n_students = students.height
        schools = world.organizations.filter(pl.col("kind") == "school").sort("code")
        school_effect = SCHOOL_SES_WEIGHT * schools["ses"].to_numpy() + self.rng("school").normal(
            0, SCHOOL_SD, schools.height
        )
        # how generously a school's teachers mark, on the θ scale
        leniency = self.rng("leniency").normal(0.25, 0.2, schools.height)
        schools = schools.select(
            pl.col("code").alias(C.ORG_CODE),
            "profile",
            pl.Series("_school", school_effect),
            pl.Series("_leniency", leniency),
        )
        keys = [C.SCHOOL_YEAR, C.ORG_CODE, C.GRADE, "letter"]
        classes = world.classes.sort(keys)
        classes = classes.with_columns(
            pl.Series("_class", self.rng("class").normal(0, CLASS_SD, classes.height))
        )
        noise = pl.concat(
            [
                students.select(
                    pl.col("code").alias("student_code"),
                    pl.lit(year).alias(C.SCHOOL_YEAR),
                    pl.Series("_year", self.rng("year", year).normal(0, YEAR_SD, self.n_students)),
                )
                for year in self.years
            ]
        )
        self.pupils = (
            world.enrollments.join(
                students.select(pl.col("code").alias("student_code"), "sex", "ability", "_idx"),
                on="student_code",
            )
            .join(schools, on=C.ORG_CODE)
            .join(classes, on=keys)
            .join(noise, on=["student_code", C.SCHOOL_YEAR])
            .with_columns(
                (pl.col("ability") + pl.col("_school") + pl.col("_class") + pl.col("_year")).alias("_theta"),
                (pl.col(C.GRADE).cast(pl.String) + pl.col("letter")).alias(C.CLASS_NAME),
            )
            .sort([*keys, "student_code"])
        )
        eleventh = schools.filter(pl.col("profile").is_in(["urban_sosh", "rural_sosh"]))[C.ORG_CODE]
        picked = self.rng("medal schools").choice(eleventh.len(), size=min(2, eleventh.len()), replace=False)
        self.medal_inflating_schools = tuple(sorted(eleventh.gather(np.sort(picked)).to_list()))
        self._aptitudes: dict[str, np.ndarray] = {}

    def rng(self, *keys: object) -> np.random.Generator:
        key = zlib.crc32("\x1f".join(map(str, keys)).encode())
        return np.random.default_rng([self.seed, key])

    def theta(self, pupils: pl.DataFrame, subject: str) -> np.ndarray:
        """θ in a subject: the pupil's θ of the year plus a stable aptitude for the subject."""
        subject = "Математика" if subject.startswith("Математика") else subject
        if subject not in self._aptitudes:
            self._aptitudes[subject] = self.rng("aptitude", subject).normal(0, APTITUDE_SD, self.n_students)
        return pupils["_theta"].to_numpy() + self._aptitudes[subject][pupils["_idx"].to_numpy()]

    def of(self, year: str, grades: Sequence[int]) -> pl.DataFrame:
        return self.pupils.filter(pl.col(C.SCHOOL_YEAR) == year, pl.col(C.GRADE).is_in(list(grades)))


def _marks_from_cuts(scores: np.ndarray, scale: Mapping[int, int]) -> np.ndarray:
    """The highest mark whose lowest score is reached, else «2»."""
    marks = np.full(scores.shape, 2, dtype=np.int64)
    for mark, lowest in sorted(scale.items(), key=lambda item: item[1]):
        marks = np.where(scores >= lowest, mark, marks)
    return marks


# --- ВПР and other works in the `results` format -----------------------------------------------


def _vpr(model: _Model, work: WorkSpec) -> tuple[pl.DataFrame, pl.DataFrame]:
    rng = model.rng("work", work.procedure, work.subject, work.grade, work.school_year)
    pupils = model.of(work.school_year, [work.grade])
    n, tasks = pupils.height, len(work.task_labels)
    theta = model.theta(pupils, work.subject) + rng.normal(0, SITTING_SD, n)
    # the weak miss the day a little more often
    proneness = np.exp(-0.25 * theta)
    absent = rng.random(n) < rng.uniform(*ABSENT_RATE) * proneness / (proneness.mean() if n else 1.0)
    discrimination = rng.uniform(0.5, 1.0, tasks)
    difficulty = np.array([LEVEL_DIFFICULTY[level] for level in work.task_levels]) + rng.normal(
        0, TASK_DIFFICULTY_SD, tasks
    )
    p = _sigmoid(discrimination * (theta[:, None] - difficulty))
    scores = rng.binomial(np.array(work.task_max, dtype=np.int64), p)
    # a few pupils leave one or two tasks untouched, more often the last ones
    skipping = rng.random(n) < NOT_ATTEMPTED_SHARE
    order = _top_k(rng, np.tile(np.arange(1.0, tasks + 1), (n, 1)))
    how_many = rng.integers(1, 3, n)
    not_attempted = np.zeros((n, tasks), dtype=bool)
    for k in range(min(2, tasks)):
        rows = skipping & (how_many > k)
        not_attempted[rows, order[rows, k]] = True
    scores = np.where(not_attempted, 0, scores)
    total = scores.sum(axis=1)
    mark = _marks_from_cuts(total, work.scale)
    journal = np.clip(mark + _choice(rng, JOURNAL_DELTA, n), 2, 5)
    journal_missing = rng.random(n) < JOURNAL_MISSING
    cells = np.where(not_attempted, "X", scores.astype(str))
    frame = pl.DataFrame(
        [
            pupils[C.ORG_CODE].alias(ORG),
            pupils[C.CLASS_NAME].alias(CLASS),
            pupils["student_code"].alias(PARTICIPANT),
            pl.Series(VARIANT, np.where(rng.random(n) < 0.5, "1", "2")),
            *(pl.Series(label, cells[:, i]) for i, label in enumerate(work.task_labels)),
            pl.Series(TOTAL, total, dtype=pl.Int64),
            pl.Series(MARK, mark, dtype=pl.Int64),
            pl.Series(JOURNAL_MARK, journal, dtype=pl.Int64).scatter(np.flatnonzero(journal_missing), None),
            pupils["sex"].alias(SEX),
        ]
    )
    truth = pupils.select(
        pl.col(C.ORG_CODE).alias(ORG),
        pl.col(C.CLASS_NAME).alias(CLASS),
        pl.col("student_code").alias(PARTICIPANT),
        pl.Series("_absent", absent),
        pl.col("ability").alias("_ability"),
        pl.Series("_theta", theta),
    )
    return frame.filter(~pl.Series(absent)), truth


# --- ГИА -------------------------------------------------------------------------------------


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


def _exam_rows(model: _Model, year: str, pupils: pl.DataFrame, exam: _Exam) -> pl.DataFrame:
    rng = model.rng("gia", year, exam.exam, exam.subject)
    n = pupils.height
    p = _sigmoid(
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
        mark = _marks_from_cuts(primary, dict(zip((3, 4, 5), exam.cuts or (), strict=True)))
        equivalent = mark
    annual = np.clip(equivalent + _choice(rng, ANNUAL_DELTA, n), 3, 5)
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
    model: _Model, year: str, pupils: pl.DataFrame, exams: Sequence[_Exam], counts: np.ndarray
) -> list[pl.DataFrame]:
    """Each pupil's own electives: weighted by popularity, the strong leaning to the sciences."""
    rng = model.rng("electives", year, exams[0].exam)
    weights = np.column_stack(
        [exam.weight * np.exp(exam.tilt * model.theta(pupils, exam.subject)) for exam in exams]
    )
    order = _top_k(rng, weights)
    chosen = np.zeros(weights.shape, dtype=bool)
    rows = np.arange(pupils.height)
    for k in range(int(counts.max(initial=0))):
        chosen[rows[counts > k], order[counts > k, k]] = True
    return [
        _exam_rows(model, year, pupils.filter(pl.Series(chosen[:, j])), exam) for j, exam in enumerate(exams)
    ]


def _gia(model: _Model, year: str) -> pl.DataFrame:
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


# --- the journal -----------------------------------------------------------------------------

MARK_SUBJECTS = ("Математика", "Русский язык")
MARK_GRADES = (4, 5, 6, 7, 8, 9, 11)
JOURNAL_CUTS = {3: -2.3, 4: -0.4, 5: 1.1}  # latent θ + leniency → a journal mark


def _marks(model: _Model, year: str, gia: pl.DataFrame) -> pl.DataFrame:
    """Term and year marks from θ, with each school's leniency; in the exam grades the year mark
    is the annual mark of the ГИА file, so both files tell the same story."""
    pupils = model.of(year, MARK_GRADES)
    annual = gia.select(
        pl.col(PARTICIPANT).alias("student_code"),
        pl.when(pl.col(SUBJECT).str.starts_with("Математика"))
        .then(pl.lit("Математика"))
        .otherwise(pl.col(SUBJECT))
        .alias(SUBJECT),
        pl.col(ANNUAL_MARK).alias("_annual"),
        (pl.col(MEDAL) == "да").fill_null(False).alias("_medal"),
    ).filter(pl.col(SUBJECT).is_in(MARK_SUBJECTS))
    frames = []
    for subject in MARK_SUBJECTS:
        rng = model.rng("marks", year, subject)
        latent = model.theta(pupils, subject) + pupils["_leniency"].to_numpy()
        n = pupils.height
        year_mark = _marks_from_cuts(latent + rng.normal(0, 0.3, n), JOURNAL_CUTS)
        term_mark = _marks_from_cuts(latent + rng.normal(0, 0.5, n), JOURNAL_CUTS)
        frame = pupils.select(
            "student_code",
            C.ORG_CODE,
            C.CLASS_NAME,
            pl.lit(subject).alias(SUBJECT),
            pl.Series("4 четверть", term_mark),
            pl.Series("год", year_mark),
        ).join(annual, on=["student_code", SUBJECT], how="left")
        frames.append(
            frame.with_columns(
                pl.coalesce("_annual", "год").alias("год"),
                pl.when(pl.col("_medal")).then(5).otherwise(pl.col("4 четверть")).alias("4 четверть"),
            )
        )
    return (
        pl.concat(frames)
        .unpivot(index=["student_code", C.ORG_CODE, C.CLASS_NAME, SUBJECT], on=["4 четверть", "год"])
        .select(
            pl.col(C.ORG_CODE).alias(ORG),
            pl.col("student_code").alias(PARTICIPANT),
            pl.col(C.CLASS_NAME).alias(CLASS),
            SUBJECT,
            pl.col("variable").alias(PERIOD),
            pl.col("value").cast(pl.Int64).alias(MARK),
        )
        .sort(ORG, CLASS, PARTICIPANT, SUBJECT, PERIOD)
    )


# --- ВсОШ ----------------------------------------------------------------------------------

OLYMPIAD_SUBJECTS = {  # subject -> the lowest grade of its school stage
    "Математика": 4,
    "Русский язык": 4,
    "Английский язык": 5,
    "Литература": 5,
    "История": 5,
    "Биология": 5,
    "География": 5,
    "Обществознание": 6,
    "Физика": 7,
    "Информатика": 5,
    "Химия": 8,
    "Экология": 7,
}
OLYMPIAD_PARTICIPATION = 0.025  # per subject, before the tilt to the strong: ~20 % of pupils overall
STATUS_QUOTA, WINNER_SHARE_OF_MAX, PRIZE_SHARE_OF_MAX = 0.45, 0.5, 0.4  # methodology §5.4
MUNICIPAL_ENTRY = 0.5  # share of the school stage's maximum that invites to the municipal stage
REGIONAL_PER_SUBJECT = 2


def _olympiad(model: _Model, year: str) -> pl.DataFrame:
    rng = model.rng("olympiad", year)
    names = sorted(OLYMPIAD_SUBJECTS)
    names.remove("Математика")
    count = int(rng.integers(4, 7))
    subjects = ["Математика", *(names[i] for i in sorted(rng.choice(len(names), count - 1, replace=False)))]
    school = []
    for subject in subjects:
        pupils = model.of(year, range(OLYMPIAD_SUBJECTS[subject], 12))
        rng = model.rng("olympiad", year, subject)
        theta = model.theta(pupils, subject)
        takes = rng.random(pupils.height) < np.minimum(OLYMPIAD_PARTICIPATION * np.exp(0.8 * theta), 0.6)
        school.append(
            pupils.filter(pl.Series(takes)).with_columns(
                pl.lit(subject).alias(SUBJECT), pl.Series("_theta", theta[takes])
            )
        )
    school_stage = _olympiad_stage(
        model, year, "школьный", pl.concat(school), difficulty=0.3, tops=(30, 40, 50, 100)
    )
    municipal_pool = school_stage.filter(
        pl.col(C.GRADE) >= 7, pl.col(POINTS) >= MUNICIPAL_ENTRY * pl.col(MAX_POINTS)
    )
    municipal = _olympiad_stage(
        model, year, "муниципальный", municipal_pool, difficulty=1.2, tops=(50, 70, 100)
    )
    regional_pool = (
        municipal.filter(pl.col(C.GRADE) >= 9, pl.col(STATUS) != "участник")
        .sort(SUBJECT, POINTS, PARTICIPANT, descending=[False, True, False])
        .group_by(SUBJECT, maintain_order=True)
        .head(REGIONAL_PER_SUBJECT)
    )
    regional = _olympiad_stage(model, year, "региональный", regional_pool, difficulty=2.0, tops=(100,))
    stage_order = pl.Enum(["школьный", "муниципальный", "региональный"])
    return (
        pl.concat([school_stage, municipal, regional])
        .select(OLYMPIAD_HEADERS)
        .sort(pl.col(STAGE).cast(stage_order), SUBJECT, CLASS, ORG, PARTICIPANT)
    )


def _olympiad_stage(
    model: _Model, year: str, stage: str, pupils: pl.DataFrame, *, difficulty: float, tops: tuple[int, ...]
) -> pl.DataFrame:
    """Scores and statuses of one stage; the ranking is per school at the school stage, per
    subject and grade above it. Winners and prize-winners stay within the quota of §5.4."""
    rng = model.rng("olympiad stage", year, stage)
    pupils = pupils.select("student_code", C.ORG_CODE, C.GRADE, SUBJECT, "_theta").sort(
        SUBJECT, C.GRADE, C.ORG_CODE, "student_code"
    )
    groups = pupils.select(SUBJECT, C.GRADE).unique().sort(SUBJECT, C.GRADE)
    groups = groups.with_columns(pl.Series(MAX_POINTS, rng.choice(tops, groups.height), dtype=pl.Int64))
    pupils = pupils.join(groups, on=[SUBJECT, C.GRADE])
    theta = pupils["_theta"].to_numpy()
    p = _sigmoid(1.2 * (theta - difficulty) + rng.normal(0, 0.4, pupils.height))
    points = rng.binomial(pupils[MAX_POINTS].to_numpy(), p)
    ranked_by = [SUBJECT, C.GRADE] + ([C.ORG_CODE] if stage == "школьный" else [])
    rank, size = pl.int_range(1, pl.len() + 1).over(ranked_by), pl.len().over(ranked_by)
    in_quota = rank <= (size * STATUS_QUOTA).floor()
    share = pl.col(POINTS) / pl.col(MAX_POINTS)
    return (
        pupils.with_columns(pl.Series(POINTS, points, dtype=pl.Int64))
        .sort([*ranked_by, POINTS, "student_code"], descending=[False] * len(ranked_by) + [True, False])
        .with_columns(
            pl.when(in_quota & (rank == 1) & (share >= WINNER_SHARE_OF_MAX))
            .then(pl.lit("победитель"))
            .when(in_quota & (share >= PRIZE_SHARE_OF_MAX))
            .then(pl.lit("призёр"))
            .otherwise(pl.lit("участник"))
            .alias(STATUS),
            pl.lit(stage).alias(STAGE),
            pl.col(C.ORG_CODE).alias(ORG),
            pl.col("student_code").alias(PARTICIPANT),
            pl.col(C.GRADE).cast(pl.Int64).alias(CLASS),
        )
    )


# --- teachers' courses and diagnostics -----------------------------------------------------------

COURSE_TITLES = (
    "Формирование функциональной грамотности обучающихся",
    "Реализация требований обновлённых ФГОС ООО и СОО",
    "Подготовка обучающихся к ГИА: содержание и методика",
    "Формирующее оценивание на уроке",
    "Объективность оценивания образовательных результатов",
    "Цифровые образовательные ресурсы в работе учителя",
    "Инклюзивное образование: работа с обучающимися с ОВЗ",
    "Работа со школьниками с низкой учебной мотивацией",
    "Наставничество в образовательной организации",
    "Классное руководство и воспитательная работа",
)
PRESCHOOL_COURSE_TITLES = (
    "Реализация ФОП дошкольного образования",
    "Развитие речи детей дошкольного возраста",
    "Инклюзивное образование: работа с обучающимися с ОВЗ",
    "Наставничество в образовательной организации",
)
DIAGNOSTIC_TITLES = (
    "Диагностика предметных компетенций",
    "Диагностика методических компетенций",
)
DEFICITS_LIST = (
    "решение задач повышенного уровня сложности",
    "оценивание развёрнутых ответов по критериям ГИА",
    "формирование функциональной грамотности",
    "формирующее оценивание",
    "работа с обучающимися с ОВЗ",
    "дифференциация обучения",
    "проектная и исследовательская деятельность",
    "использование цифровых образовательных ресурсов",
    "анализ результатов оценочных процедур",
)
COURSE_SHARE, SECOND_COURSE_SHARE, DIAGNOSTIC_SHARE = 0.30, 0.06, 0.20
COURSE_HOURS = ((16, 36, 72), (0.3, 0.5, 0.2))
CATEGORY_RESULT = {"none": -5.0, "conformity": 0.0, "first": 5.0, "highest": 9.0}


def _courses(model: _Model) -> pl.DataFrame:
    """Courses (~30 % of teachers a year) and diagnostics (~20 % of school teachers a year)."""
    frames = []
    for year in model.years:
        staff = model.world.teachers.filter(pl.col(C.SCHOOL_YEAR) == year).sort("code")
        start = dt.date(int(year[:4]), 9, 1)
        days = (dt.date(int(year[:4]) + 1, 6, 30) - start).days
        for kind, share in (
            ("курсы", COURSE_SHARE),
            ("курсы", SECOND_COURSE_SHARE),
            ("диагностика", DIAGNOSTIC_SHARE),
        ):
            rng = model.rng("courses", year, kind, share)
            pool = staff if kind == "курсы" else staff.filter(pl.col("position") == "учитель")
            people = pool.filter(pl.Series(rng.random(pool.height) < share))
            n = people.height
            date = pl.Series(DATE, [start + dt.timedelta(days=int(d)) for d in rng.integers(0, days + 1, n)])
            if kind == "курсы":
                preschool = (people["position"] == "воспитатель").to_numpy()
                title = np.where(
                    preschool,
                    rng.choice(PRESCHOOL_COURSE_TITLES, n),
                    rng.choice(COURSE_TITLES, n),
                )
                hours, result, deficits = _choice(rng, COURSE_HOURS, n), [None] * n, [None] * n
            else:
                title, hours = rng.choice(DIAGNOSTIC_TITLES, n), [None] * n
                bonus = people["category"].replace_strict(CATEGORY_RESULT, return_dtype=pl.Float64).to_numpy()
                result = np.clip(np.rint(rng.normal(64, 13, n) + bonus), 30, 95).astype(np.int64)
                wanted = np.clip(np.rint((95 - result) / 18 + rng.normal(0, 0.7, n)), 0, 4).astype(int)
                order = _top_k(rng, np.ones((n, len(DEFICITS_LIST))))
                deficits = [
                    "; ".join(DEFICITS_LIST[j] for j in row[:k]) or None
                    for row, k in zip(order, wanted, strict=True)
                ]
            frames.append(
                pl.DataFrame(
                    [
                        people["code"].alias(TEACHER),
                        pl.Series(KIND, [kind] * n, dtype=pl.String),
                        pl.Series(TITLE, title, dtype=pl.String),
                        pl.Series(HOURS, hours, dtype=pl.Int64),
                        date.cast(pl.Date),
                        pl.Series(RESULT, result, dtype=pl.Int64),
                        pl.Series(DEFICITS, deficits, dtype=pl.String),
                    ]
                )
            )
    return (
        pl.concat(frames)
        .sort(DATE, TEACHER, KIND, TITLE)
        .with_columns(pl.col(DATE).dt.strftime("%d.%m.%Y"))
        .select(COURSES_HEADERS)
    )

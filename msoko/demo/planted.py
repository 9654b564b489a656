"""A municipality with known truth: honest schools and schools with planted manipulation.

Measures the objectivity criteria (``msoko/analytics/objectivity``) and the official 2019
markers on the same data, and seeds the demo's cases. Pure NumPy and Polars, no Django.

The model: each pupil has an ability θ = school effect + class effect + N(0, 1); a task of
maximum m is scored Binomial(m, σ(1.3·(θ + aptitude − b))) with b by level (basic easy,
advanced and high harder), on the built-in ВПР 2021 schemes (МА4, РУ4 in year Y; МА5, РУ5 for
the same pupils in Y + 1). Teachers' marks (journal, annual) follow θ plus the school's
leniency and noise; ОГЭ and ЕГЭ Russian come from θ as well.

Schools are regular, strong (gymnasiums: +1 on θ), tiny (2–8 pupils a grade) or weak. The
planted kinds, each on regular schools of normal size, are listed in :data:`KINDS`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.assessments.scheme_files import SchemeSpec, load_builtin_schemes
from msoko.demo.draws import keyed_rng, marks_from_cuts

YEAR, NEXT_YEAR = "2020/2021", "2021/2022"
#: what a planted school does (docs/methodology.md#objectivity)
KINDS = {
    "journal": "завышение отметок ВПР относительно журнала",
    "bunching": "дотягивание работ до границы отметки",
    "hard_tasks": "успех слабых учащихся на сложных заданиях",
    "similar": "одинаковые работы в классе",
    "cohort": "завышение в 4 классе, провал в 5 классе",
    "oge_annual": "завышение годовых отметок относительно ОГЭ",
    "medals": "медали без подтверждения на ЕГЭ",
}
TYPES = {"regular": 0.0, "strong": 1.0, "tiny": -0.3, "weak": -0.6}
LEVEL_DIFFICULTY = {"Б": -1.0, "П": 0.4, "В": 1.0}
SUBJECT_DIFFICULTY = {"Математика": 0.45, "Русский язык": -0.1}
OGE = {
    "Математика": (31, {3: 8, 4: 15, 5: 22}, 0.2),
    "Русский язык": (33, {3: 15, 4: 23, 5: 29}, 0.9),
}
#: shares of the teachers' marks «2»…«5» over the municipality (journal and annual marks)
TEACHER_SHARES = (0.02, 0.25, 0.45, 0.28)
MEDAL_SCORE = 70


@dataclass(frozen=True)
class Procedure:
    """One ВПР of the world: its scheme's tasks and scale, and the key used in the frames."""

    key: str  # «ВПР МА4 2020/2021»
    subject: str
    grade: int
    year: str
    spec: SchemeSpec

    @property
    def tasks(self) -> pl.DataFrame:
        return pl.DataFrame(
            {
                C.TASK: [t.label for t in self.spec.tasks],
                C.TASK_MAX: [t.max_score for t in self.spec.tasks],
                C.LEVEL: [t.level for t in self.spec.tasks],
            },
            schema={C.TASK: pl.String, C.TASK_MAX: pl.Int64, C.LEVEL: pl.String},
        )


@dataclass
class PlantedWorld:
    procedures: list[Procedure]
    #: per procedure key: org_code, class_name, participant_code, one Int64 column per task label,
    #: total, mark, journal_mark
    vpr: dict[str, pl.DataFrame]
    #: org_code, subject, participant_code, primary_score, mark, annual_mark
    oge: pl.DataFrame
    #: org_code, school_year, participant_code, test_score (ЕГЭ Russian), medal_candidate: the
    #: three years up to Y (medals are few, the criterion pools a school's three years)
    ege: pl.DataFrame
    #: org_code, type (regular/strong/tiny/weak), planted (a key of KINDS or null)
    truth: pl.DataFrame
    seed: int = 0
    notes: list[str] = field(default_factory=list)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def procedures() -> list[Procedure]:
    """МА4 and РУ4 in year Y, МА5 and РУ5 in Y + 1 (the 2021 works, reused for the next year)."""
    specs = {(s.subject, s.grade): s for s in load_builtin_schemes()}
    short = {"Математика": "МА", "Русский язык": "РУ"}
    return [
        Procedure(f"ВПР {short[subject]}{grade} {year}", subject, grade, year, specs[(subject, grade)])
        for grade, year in ((4, YEAR), (5, NEXT_YEAR))
        for subject in ("Математика", "Русский язык")
    ]


def generate(
    seed: int = 1, *, schools: int = 300, per_kind: int = 5, kinds: tuple[str, ...] = tuple(KINDS)
) -> PlantedWorld:
    """A municipality of ``schools`` schools; ``per_kind`` regular schools get each planted kind."""
    schools_frame = _schools(seed, schools, per_kind, kinds)
    pupils = _pupils(seed, schools_frame)
    world_procedures = procedures()
    vpr = {p.key: _vpr(seed, p, pupils, schools_frame) for p in world_procedures}
    oge = _oge(seed, schools_frame)
    ege = _ege(seed, schools_frame)
    truth = schools_frame.select(C.ORG_CODE, "type", "planted")
    return PlantedWorld(world_procedures, vpr, oge, ege, truth, seed)


# --------------------------------------------------------------------------- honest world


def _schools(seed: int, n: int, per_kind: int, kinds: tuple[str, ...]) -> pl.DataFrame:
    rng = keyed_rng(seed, "schools")
    types = rng.choice(list(TYPES), size=n, p=[0.68, 0.1, 0.15, 0.07])
    effect = np.array([TYPES[t] for t in types]) + rng.normal(0, 0.3, n)
    leniency = rng.normal(0.15, 0.2, n)
    sizes = np.where(types == "tiny", rng.integers(2, 9, n), rng.integers(30, 95, n))
    sizes = np.where(types == "strong", rng.integers(50, 110, n), sizes)
    planted = np.full(n, None, dtype=object)
    candidates = [i for i in rng.permutation(n) if types[i] == "regular" and sizes[i] >= 40]
    for index, kind in enumerate(kinds):
        for i in candidates[index * per_kind : (index + 1) * per_kind]:
            planted[i] = kind
    return pl.DataFrame(
        {
            C.ORG_CODE: [f"{i + 1:04d}" for i in range(n)],
            "type": types.tolist(),
            "effect": effect,
            "leniency": leniency,
            "size": sizes,
            "planted": planted.tolist(),
        },
        schema={
            C.ORG_CODE: pl.String,
            "type": pl.String,
            "effect": pl.Float64,
            "leniency": pl.Float64,
            "size": pl.Int64,
            "planted": pl.String,
        },
    )


def _expand(schools: pl.DataFrame, sizes: np.ndarray) -> tuple[np.ndarray, pl.DataFrame]:
    """One row per pupil: the index of the pupil's school and the school's columns."""
    index = np.repeat(np.arange(schools.height), sizes)
    return index, schools[index]


def _pupils(seed: int, schools: pl.DataFrame) -> pl.DataFrame:
    """The grade-4 cohort of every school, kept (with 10 % turnover) in grade 5."""
    rng = keyed_rng(seed, "pupils")
    sizes = schools["size"].to_numpy()
    index, rows = _expand(schools, sizes)
    n = len(index)
    n_classes = np.ceil(sizes / 28).astype(int)[index]
    letter = np.floor(rng.random(n) * n_classes).astype(int)
    class_effect = rng.normal(0, 0.15, (schools.height, 4))[index, letter]
    theta = rows["effect"].to_numpy() + class_effect + rng.normal(0, 1, n)
    return pl.DataFrame(
        {
            C.PARTICIPANT: [f"S{k + 1:06d}" for k in range(n)],
            C.ORG_CODE: rows[C.ORG_CODE],
            "letter": np.array(list("АБВГ"))[letter],
            "theta": theta,
            "moved": rng.random(n) < 0.1,
            "theta_next": theta + rng.normal(0, 0.3, n),
        }
    )


def _vpr(seed: int, procedure: Procedure, pupils: pl.DataFrame, schools: pl.DataFrame) -> pl.DataFrame:
    rng = keyed_rng(seed, procedure.key)
    cohort = pupils if procedure.grade == 4 else pupils.filter(~pl.col("moved"))
    theta = cohort["theta" if procedure.grade == 4 else "theta_next"].to_numpy()
    ability = theta + rng.normal(0, 0.35, len(theta))  # the subject's own aptitude
    spec = procedure.spec
    shift = SUBJECT_DIFFICULTY[procedure.subject]
    difficulty = np.array([LEVEL_DIFFICULTY[t.level] + shift + rng.normal(0, 0.3) for t in spec.tasks])
    maxima = np.array([t.max_score for t in spec.tasks])
    p = _sigmoid(0.9 * (ability[:, None] - difficulty[None, :]))
    scores = rng.binomial(maxima[None, :], p)
    frame = cohort.select(C.ORG_CODE, C.PARTICIPANT, "letter").with_columns(
        (pl.lit(str(procedure.grade)) + pl.col("letter")).alias(C.CLASS_NAME)
    )
    leniency = frame.join(schools.select(C.ORG_CODE, "leniency"), on=C.ORG_CODE, how="left")["leniency"]
    journal = _teacher_mark(ability + leniency.to_numpy() + rng.normal(0, 0.55, len(theta)))
    frame = frame.with_columns(pl.Series(C.JOURNAL_MARK, journal, dtype=pl.Int64))
    planted = dict(schools.filter(pl.col("planted").is_not_null()).select(C.ORG_CODE, "planted").iter_rows())
    orgs = frame[C.ORG_CODE].to_numpy()
    classes = frame[C.CLASS_NAME].to_numpy()
    scores = _plant_vpr(rng, procedure, scores, orgs, classes, planted)
    return _with_totals(frame, scores, procedure)


def _teacher_mark(latent: np.ndarray) -> np.ndarray:
    """Marks «2»…«5» in the municipal shares of :data:`TEACHER_SHARES`, by rank of ``latent``."""
    edges = np.quantile(latent, np.cumsum(TEACHER_SHARES)[:-1])
    return 2 + np.searchsorted(edges, latent, side="right")


def _with_totals(frame: pl.DataFrame, scores: np.ndarray, procedure: Procedure) -> pl.DataFrame:
    labels = [t.label for t in procedure.spec.tasks]
    totals = scores.sum(axis=1)
    marks = marks_from_cuts(totals, procedure.spec.scale)
    task_columns = [pl.Series(label, scores[:, i], dtype=pl.Int64) for i, label in enumerate(labels)]
    return frame.select(C.ORG_CODE, C.CLASS_NAME, C.PARTICIPANT, C.JOURNAL_MARK).with_columns(
        *task_columns,
        pl.Series(C.TOTAL, totals, dtype=pl.Int64),
        pl.Series(C.MARK, marks, dtype=pl.Int64),
        pl.lit(value=False).alias(C.ABSENT),
    )


def _oge(seed: int, schools: pl.DataFrame) -> pl.DataFrame:
    rng = keyed_rng(seed, "oge")
    index, rows = _expand(schools, schools["size"].to_numpy())
    n = len(index)
    theta = rows["effect"].to_numpy() + rng.normal(0, 1, n)
    parts = []
    for subject, (maximum, cuts, ease) in OGE.items():
        ability = theta + rng.normal(0, 0.35, n)
        primary = rng.binomial(maximum, _sigmoid(1.1 * (ability + ease)))
        mark = marks_from_cuts(primary, cuts)
        annual = _teacher_mark(ability + rows["leniency"].to_numpy() + rng.normal(0, 0.55, n))
        # a planted school gives its pupils an annual mark one higher
        inflated = (rows["planted"] == "oge_annual").fill_null(False).to_numpy() & (rng.random(n) < 0.8)
        annual = np.where(inflated, np.minimum(annual + 1, 5), annual)
        parts.append(
            pl.DataFrame(
                {
                    C.ORG_CODE: rows[C.ORG_CODE],
                    C.SUBJECT: [subject] * n,
                    C.PARTICIPANT: [f"G{subject[:2]}{k:06d}" for k in range(n)],
                    "primary_score": primary,
                    C.MARK: mark,
                    C.ANNUAL_MARK: annual,
                }
            )
        )
    return pl.concat(parts).with_columns(pl.col(C.MARK, C.ANNUAL_MARK, "primary_score").cast(pl.Int64))


def _ege(seed: int, schools: pl.DataFrame) -> pl.DataFrame:
    """ЕГЭ Russian of grade 11 over the three years up to Y (half a grade-9 cohort each); the
    medal candidates are those the teachers see as excellent."""
    parts = []
    start = int(YEAR[:4])
    for year in range(start - 2, start + 1):
        rng = keyed_rng(seed, "ege", year)
        index, rows = _expand(schools, np.maximum(schools["size"].to_numpy() // 2, 1))
        n = len(index)
        theta = rows["effect"].to_numpy() + rng.normal(0, 1, n)
        score = np.clip(np.round(55 + 12 * theta + rng.normal(0, 8, n)), 0, 100)
        teacher = theta + rows["leniency"].to_numpy() + rng.normal(0, 0.3, n)
        # a planted school lets far weaker pupils finish with straight «5»
        bar = np.where((rows["planted"] == "medals").fill_null(False).to_numpy(), 0.4, 1.8)
        parts.append(
            pl.DataFrame(
                {
                    C.ORG_CODE: rows[C.ORG_CODE],
                    C.SCHOOL_YEAR: [f"{year}/{year + 1}"] * n,
                    C.PARTICIPANT: [f"E{year}{k:06d}" for k in range(n)],
                    C.TEST_SCORE: score.astype(np.int64),
                    C.MEDAL_CANDIDATE: teacher > bar,
                }
            )
        )
    return pl.concat(parts)


# --------------------------------------------------------------------------- manipulation


def _plant_vpr(
    rng: np.random.Generator,
    procedure: Procedure,
    scores: np.ndarray,
    orgs: np.ndarray,
    classes: np.ndarray,
    planted: dict[str, str],
) -> np.ndarray:
    scores = scores.copy()
    maxima = np.array([t.max_score for t in procedure.spec.tasks])
    levels = np.array([t.level for t in procedure.spec.tasks])
    cuts = sorted(procedure.spec.scale.values())
    for org, kind in planted.items():
        rows = np.flatnonzero(orgs == org)
        scores[rows] = plant_scores(
            rng,
            kind,
            scores[rows],
            maxima=maxima,
            levels=levels,
            cuts=cuts,
            classes=classes[rows],
            grade=procedure.grade,
        )
    return scores


def plant_scores(
    rng: np.random.Generator,
    kind: str,
    scores: np.ndarray,
    *,
    maxima: np.ndarray,
    levels: np.ndarray,
    cuts: list[int],
    classes: np.ndarray,
    grade: int,
) -> np.ndarray:
    """One school's task scores (pupils × tasks) after the manipulation of ``kind``; the demo
    plants its cases with it too. Kinds that are not about ВПР scores leave them as they are."""
    scores = scores.copy()
    if kind == "journal":  # most pupils get the next mark (points up to its cut, plus 0–2)
        for i in np.flatnonzero(rng.random(len(scores)) < 0.7):
            above = [c for c in cuts if c > scores[i].sum()]
            if above:
                _add_points(rng, scores[i], maxima, above[0] - scores[i].sum() + int(rng.integers(0, 3)))
    elif kind == "bunching":  # works 1–3 points short of a cut are brought to it (70 %)
        for i in range(len(scores)):
            short = [c - scores[i].sum() for c in cuts if 1 <= c - scores[i].sum() <= 3]
            if short and rng.random() < 0.7:
                _add_points(rng, scores[i], maxima, short[0])
    elif kind == "hard_tasks" and (levels != "Б").any():  # weak pupils «solve» the hard tasks
        basic = levels == "Б"
        for i in range(len(scores)):
            if scores[i, basic].sum() / maxima[basic].sum() < 0.5 and rng.random() < 0.7:
                scores[i, ~basic] = maxima[~basic]
    elif kind == "similar" and len(scores):  # most of the largest class hand in the same work
        names, counts = np.unique(classes, return_counts=True)
        in_class = np.flatnonzero(classes == names[np.argmax(counts)])
        # a work copied from one source, mistakes included: the class's median work
        totals = scores[in_class].sum(axis=1)
        template = scores[in_class[np.argsort(totals)[len(totals) // 2]]].copy()
        for i in in_class[rng.random(len(in_class)) < 0.7]:
            keep = rng.random(len(maxima)) < 0.1
            scores[i] = np.where(keep, scores[i], template)
    elif kind == "cohort" and grade == 4:  # grade 4 inflated, grade 5 honest a year later
        for i in range(len(scores)):
            _add_points(rng, scores[i], maxima, int(0.6 * (maxima.sum() - scores[i].sum())))
    return scores


def _add_points(rng: np.random.Generator, row: np.ndarray, maxima: np.ndarray, points: int) -> None:
    """Add ``points`` to tasks not yet at their maximum, one point at a time, at random."""
    for _ in range(max(points, 0)):
        open_tasks = np.flatnonzero(row < maxima)
        if not len(open_tasks):
            return
        row[rng.choice(open_tasks)] += 1

"""Results too good where they should be hard, and works too alike within a class.

* **Hard tasks.** A pupil who fails the basic tasks rarely solves the advanced ones; a school
  where many such pupils do («если в школе простые задания делают хуже, … а сложные лучше»,
  Rosobrnadzor 2018) shows the pattern Jacob & Levitt (2003) call answers inconsistent with
  the pupil's score. Expected: the municipal rate of advanced success at the pupil's level of
  basic completion (10-point bins).
* **Similar works.** Two pupils of the same level agree on a task with the probability the
  municipality's answers give (Σ_s p(s | level)·p(s | level′)); a class whose pairs agree far
  more often than that handed in copies (Jacob & Levitt's within-class correlation).

Both statistics are calibrated on all schools (classes) by the empirical null.
docs/methodology.md#objectivity-patterns.
"""

from __future__ import annotations

import numpy as np
import polars as pl
from scipy import stats

from msoko.analytics.columns import C
from msoko.analytics.objectivity.findings import (
    CLASS,
    CRITERION,
    SCOPE,
    Thresholds,
    calibrated_p,
    empty,
    finish,
    guarded_p,
    number,
)

HARD_TASKS, SIMILAR = "hard_tasks", "similar"
BASIC = "Б"
BINS = 10  # levels of basic completion


def hard_tasks(scores: pl.DataFrame, tasks: pl.DataFrame, *, scope: str, th: Thresholds) -> pl.DataFrame:
    """Per school: pupils weak on basic tasks who succeed on advanced and high ones.

    ``scores``: present participants with org_code and one integer column per task label.
    """
    basic = tasks.filter(pl.col(C.LEVEL) == BASIC)
    advanced = tasks.filter(pl.col(C.LEVEL) != BASIC)
    if scores.is_empty() or basic.is_empty() or advanced.is_empty():
        return empty()

    def share(part: pl.DataFrame) -> pl.Expr:
        points = pl.sum_horizontal(pl.col(part[C.TASK].to_list()).fill_null(0))
        return points * 100 / part[C.TASK_MAX].sum()

    pupils = scores.select(
        C.ORG_CODE,
        share(basic).alias("basic"),
        (share(advanced) >= th.advanced_success_at).alias("success"),
    ).with_columns((pl.col("basic") * BINS / 100).floor().clip(0, BINS - 1).alias("bin"))
    weak = pupils.filter(pl.col("basic") < th.weak_basic_below).with_columns(
        pl.col("success").cast(pl.Float64).mean().over("bin").alias("p")
    )
    per_school = (
        weak.group_by(C.ORG_CODE)
        .agg(
            pl.len().cast(pl.Int64).alias("weak"),
            pl.col("success").sum().cast(pl.Float64).alias("k"),
            pl.col("p").sum().alias("e"),
            (pl.col("p") * (1 - pl.col("p"))).sum().alias("v"),
        )
        .join(pupils.group_by(C.ORG_CODE).agg(pl.len().cast(pl.Int64).alias("n")), on=C.ORG_CODE, how="right")
        .with_columns(pl.col("weak", "k", "e", "v").fill_null(0))
        .with_columns(
            (pl.col("k") - pl.col("e")).alias("excess"),
            pl.when(pl.col("v") > 0).then((pl.col("k") - pl.col("e")) / pl.col("v").sqrt()).alias("z"),
            ((pl.col("n") >= th.min_participants) & (pl.col("weak") >= th.hard_min_weak)).alias("evaluated"),
        )
        .sort(C.ORG_CODE)
    )
    p_values = guarded_p(
        _p_values(per_school),
        per_school["k"].to_numpy(),
        per_school["weak"].to_numpy(),
        per_school["e"].to_numpy(),
    )
    reason = pl.format(
        "{}: учащиеся, не справившиеся с базовыми заданиями (менее {} % баллов), выполнили задания "
        "повышенного уровня: {} из {} при ожидаемых {}",
        pl.lit(scope),
        pl.lit(f"{th.weak_basic_below:g}"),
        pl.col("k").cast(pl.Int64),
        "weak",
        number(pl.col("e")),
    )
    return finish(
        per_school.with_columns(
            pl.lit(HARD_TASKS).alias(CRITERION),
            pl.lit(scope).alias(SCOPE),
            pl.lit(None, dtype=pl.String).alias(CLASS),
            (pl.col("k") * 100 / pl.col("weak")).alias("observed"),
            (pl.col("e") * 100 / pl.col("weak")).alias("expected"),
            pl.Series("p_value", p_values),
            pl.lit(th.min_excess).alias("min_excess"),
            reason.alias("reason"),
        ),
        th,
    )


def similar_works(scores: pl.DataFrame, tasks: pl.DataFrame, *, scope: str, th: Thresholds) -> pl.DataFrame:
    """Per class: pairs of works that differ on at most one task, against what pupils of the
    same totals produce independently.

    A pair of pupils with totals a and b agrees on task t with q_t = Σ_s p(s | a)·p(s | b), the
    municipality's score frequencies; they differ on at most one task with
    Π q_t · (1 + Σ (1 − q_t)/q_t). The expected count of such pairs in a class, scaled by how
    much more often classes of the municipality share works than independence says (pupils of
    one teacher agree more: the same teaching, the same slips), is tested against the observed
    count with an exact Poisson tail. ``scores``: present participants with org_code,
    class_name, total and one integer column per task label; findings are per class.
    """
    labels = tasks[C.TASK].to_list()
    if scores.height < 2 or not labels:
        return empty()
    # scores are small: 16-bit integers keep a region's matrix at a quarter of the memory
    matrix = scores.select(pl.col(labels).fill_null(-1).cast(pl.Int16)).to_numpy()
    band = _bands(scores[C.TOTAL].to_numpy())
    classes = scores.select(
        C.ORG_CODE, C.CLASS_NAME, pl.struct(C.ORG_CODE, C.CLASS_NAME).rank("dense").cast(pl.Int64).alias("_c")
    )
    class_id = classes["_c"].to_numpy() - 1
    counted = _pair_counts(matrix, class_id)
    # expected over a class's pairs: Σ_{a,b} pairs(a, b)·P(a, b) from its count of pupils per total
    by_band = np.zeros((class_id.max() + 1, band.max() + 1))
    np.add.at(by_band, (class_id, band), 1)
    probabilities = _score_probabilities(matrix, band)  # bands × tasks × values, once
    near_probability = _near_identical_by_band(probabilities)
    agreement = _agreement_by_band(probabilities)

    def over_pairs(table: np.ndarray) -> np.ndarray:
        return (((by_band @ table) * by_band).sum(axis=1) - (by_band * np.diag(table)).sum(axis=1)) / 2

    sizes = by_band.sum(axis=1)
    pairs = sizes * (sizes - 1) / 2
    names = classes.unique("_c").sort("_c")
    per_class = (
        pl.DataFrame(
            {
                C.ORG_CODE: names[C.ORG_CODE],
                CLASS: names[C.CLASS_NAME],
                "n": sizes.astype(np.int64),
                "observed": counted["near"].astype(float),  # near-identical pairs
                "expected": over_pairs(near_probability),
                "pupils": counted["pupils"].astype(np.int64),
                "agree": np.divide(counted["agree"], pairs, out=np.zeros(len(pairs)), where=pairs > 0),
                "agree_expected": np.divide(
                    over_pairs(agreement), pairs, out=np.zeros(len(pairs)), where=pairs > 0
                ),
            }
        )
        .filter(pl.col("n") >= 2)
        .with_columns((pl.col("n") >= th.similar_min_class).alias("evaluated"))
        .sort(C.ORG_CODE, CLASS)
    )
    observed, expected = per_class["observed"].to_numpy(), per_class["expected"].to_numpy()
    evaluated = per_class["evaluated"].to_numpy()
    # Classes share works more than independence says (one teacher, the same slips), and
    # unevenly: each class's log ratio of observed to expected pairs is set against the bulk of
    # the municipality's classes (the empirical null), and the count must also be improbable
    # under Poisson with the typical ratio applied.
    ratio = np.log((observed + 1) / (expected + 1))
    typical = float(np.exp(np.median(ratio[evaluated]))) if evaluated.any() else 1.0
    inflation = max(1.0, typical)
    scaled = np.maximum(expected * inflation, 1e-12)
    counted = np.where(observed > 0, stats.poisson.sf(observed - 1, scaled), 1.0)
    centre, spread = _robust_centre(ratio[evaluated])
    calibrated = stats.norm.sf((ratio - centre) / spread)
    p_values = np.maximum(counted, calibrated)
    reason = pl.format(
        "{}, класс {}: почти одинаковые работы (различие не более чем в одном задании) — {} пар при "
        "ожидаемых {}, у {} учащихся, в среднем совпадают {} из {} заданий при ожидаемых {}",
        pl.lit(scope),
        pl.col(CLASS).fill_null("без буквы"),
        pl.col("observed").cast(pl.Int64),
        number(pl.col("expected") * inflation),
        "pupils",
        number(pl.col("agree")),
        pl.lit(len(labels)),
        number(pl.col("agree_expected")),
    )
    return finish(
        per_class.with_columns(
            pl.lit(SIMILAR).alias(CRITERION),
            pl.lit(scope).alias(SCOPE),
            (pl.col("expected") * inflation).alias("expected"),
            pl.Series("p_value", p_values),
            # the guard counts pupils: at least 3, and a share of the class, whose work nearly
            # repeats a classmate's (two friends copying are not a school's practice)
            pl.col("pupils").cast(pl.Float64).alias("excess"),
            pl.max_horizontal(pl.lit(th.min_excess), pl.col("n") * th.similar_min_share).alias("min_excess"),
            reason.alias("reason"),
        ),
        th,
    )


def _pair_counts(matrix: np.ndarray, class_id: np.ndarray) -> dict[str, np.ndarray]:
    """Per class, without comparing every pair: near-identical pairs, the pupils in one, and
    Σ over pairs of the tasks they agree on.

    Each work gets a 64-bit key, and one more per task with that task left out: two works differ
    on at most one task exactly when they share a key. Identical works share all T + 1 keys,
    works differing on task t only the key without t, so near pairs = Σ_t pairs(key without t)
    − (T − 1)·pairs(full key). A group of s equal keys holds s(s − 1)/2 pairs: each of its rows
    adds (s − 1)/2, so the pairs of a class are a weighted count of its rows (a hash window in
    Polars, no sorting). Agreement: Σ_t Σ_s pairs of the class with score s on task t, from one
    count per class × score for each task. One task at a time: a region's million pupils never
    hold more than a few columns of 64-bit keys at once.
    """
    tasks = matrix.shape[1]
    classes = int(class_id.max()) + 1
    rng = np.random.default_rng(20191)
    low = int(matrix.min())
    levels = int(matrix.max()) - low + 1
    table = rng.integers(0, 2**63, size=(tasks, levels), dtype=np.uint64)
    salt = rng.integers(0, 2**63, size=tasks, dtype=np.uint64)
    mix = rng.integers(0, 2**63, size=classes, dtype=np.uint64)[class_id]  # keys of a class only

    def part(task: int) -> np.ndarray:
        return table[task][matrix[:, task] - low]

    full = np.zeros(len(matrix), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for task in range(tasks):
            full += part(task)
    same = _group_sizes(full ^ mix)
    near_any = same >= 2
    one_off_rows = np.zeros(len(matrix), dtype=np.int64)
    agree = np.zeros(classes, dtype=np.int64)
    for task in range(tasks):
        with np.errstate(over="ignore"):
            sizes = _group_sizes((full - part(task) + salt[task]) ^ mix)
        one_off_rows += sizes - 1
        near_any |= sizes >= 2
        # pairs of a class with the same score on this task
        cell = class_id * levels + (matrix[:, task] - low)
        counts = np.bincount(cell, minlength=classes * levels).reshape(classes, levels)
        agree += (counts * (counts - 1) // 2).sum(axis=1)
    identical = np.bincount(class_id, weights=same - 1, minlength=classes) / 2
    one_off = np.bincount(class_id, weights=one_off_rows, minlength=classes) / 2
    pupils = np.bincount(class_id[near_any], minlength=classes)
    near = np.rint(one_off - (tasks - 1) * identical).astype(np.int64)
    return {"near": near, "pupils": pupils, "agree": agree}


def _group_sizes(keys: np.ndarray) -> np.ndarray:
    """For each row, how many rows share its key: each key's dense rank (Polars' parallel sort)
    counted by rank. On a region's million keys this takes 74 ms, against 170 ms for a hash test
    of the repeated keys followed by a window over them (bench/RESULTS.md)."""
    ranks = pl.Series(keys).rank("dense").to_numpy().astype(np.int64) - 1
    return np.bincount(ranks)[ranks]


def _robust_centre(values: np.ndarray) -> tuple[float, float]:
    """Median and 1.4826·MAD of the classes' log ratios; the spread is at least 0.5 (where most
    classes have no such pair at all, the MAD is 0 and would make two pairs a sensation)."""
    if len(values) < 10:
        return 0.0, 1.0
    centre = float(np.median(values))
    return centre, max(float(1.4826 * np.median(np.abs(values - centre))), 0.5)


def _near_identical_by_band(probabilities: np.ndarray) -> np.ndarray:
    """bands × bands: the probability that two independent works of those totals differ on at
    most one task (``probabilities``: bands × tasks × values)."""
    q = np.einsum("atv,btv->abt", probabilities, probabilities)  # agreement per task
    all_agree = q.prod(axis=2)
    tasks = q.shape[2]
    one_off = np.zeros_like(all_agree)
    for t in range(tasks):
        others = np.delete(q, t, axis=2).prod(axis=2)
        one_off += (1 - q[:, :, t]) * others
    return all_agree + one_off


def _p_values(frame: pl.DataFrame) -> np.ndarray:
    z = frame["z"].fill_null(np.nan).to_numpy()
    evaluated = frame["evaluated"].to_numpy() & np.isfinite(z)
    return np.where(np.isfinite(z), calibrated_p(np.nan_to_num(z), evaluated), 1.0)


def _bands(totals: np.ndarray) -> np.ndarray:
    """Pupils are compared with pupils of the same total score (0 … max): two strong pupils
    agree on most tasks honestly, and only the same total says how often."""
    return np.asarray(totals, dtype=np.int64) - int(np.min(totals))


def _agreement_by_band(probabilities: np.ndarray) -> np.ndarray:
    """Expected number of tasks on which a pupil of band a and one of band b score the same."""
    return np.einsum("atv,btv->ab", probabilities, probabilities)


def _score_probabilities(matrix: np.ndarray, band: np.ndarray) -> np.ndarray:
    """bands × tasks × values: the share of a band's pupils with each score on each task, from one
    count per band × score for each task (no per-band pass over the matrix)."""
    low = int(matrix.min())
    present = np.flatnonzero(np.bincount((matrix - low).ravel())) + low  # the scores that occur
    position = np.zeros(int(present[-1]) - low + 1, dtype=np.int64)
    position[present - low] = np.arange(len(present))
    bands, tasks, width = int(band.max()) + 1, matrix.shape[1], len(present)
    counts = np.empty((bands, tasks, width))
    for task in range(tasks):
        cell = band * width + position[matrix[:, task] - low]
        counts[:, task, :] = np.bincount(cell, minlength=bands * width).reshape(bands, width)
    sizes = np.bincount(band, minlength=bands)[:, None, None]
    return np.divide(counts, sizes, out=np.zeros(counts.shape), where=sizes > 0)

"""A municipality with known truth for direction 2: social context, low results, resilience.

Each school has a latent context c (most N(0.2, 0.8); a planted group in adverse conditions
N(−2, 0.3)) and an effect = 0.45·c + u (u ~ N(0, 0.25); planted low-results schools u = −1.3,
planted resilient ones — adverse schools doing clearly better than their context — u = +0.9).
The registry's context shares are noisy readings of c; ВПР МА4, РУ4, МА5, РУ5 are written in two
consecutive years by pupils θ = effect + N(0, 1), scored as in ``planted.py``.

Truth of «low results» is the school's latent expected share of «2» (by simulation of many
pupils): at least 30 % in two works of the year — what the criterion is meant to find, whether
planted or the honest result of a hard context.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.draws import keyed_rng, marks_from_cuts
from msoko.demo.planted import LEVEL_DIFFICULTY, SUBJECT_DIFFICULTY, Procedure, procedures

YEARS = (2020, 2021)
CONTEXT_SLOPE = 0.45
LOW_U, RESILIENT_U, HONEST_SD = -1.3, 0.9, 0.25
TRUTH_SAMPLE = 4000  # pupils simulated per school and work for its latent share of «2»


@dataclass
class ContextWorld:
    schools: pl.DataFrame  # org_code, the registry's context fields, size
    #: org_code, procedure (name without the year), start_year, n, fails, and the works' pupils
    counts: pl.DataFrame
    works: dict[tuple[str, int], pl.DataFrame]  # (procedure, year) → org_code, percent
    truth: pl.DataFrame  # org_code, context, effect, adverse, low, resilient (booleans)


def generate(
    seed: int = 1, *, schools: int = 300, adverse: int = 30, low: int = 15, resilient: int = 10
) -> ContextWorld:
    rng = keyed_rng(seed, "context")
    context = rng.normal(0.2, 0.8, schools)
    context[:adverse] = rng.normal(-2.0, 0.3, adverse)
    u = rng.normal(0, HONEST_SD, schools)
    is_resilient = np.zeros(schools, dtype=bool)
    is_resilient[:resilient] = True  # the first of the adverse group
    u[:resilient] = RESILIENT_U
    is_low_planted = np.zeros(schools, dtype=bool)
    low_rows = rng.choice(np.arange(resilient, schools), size=low, replace=False)
    is_low_planted[low_rows] = True
    u[low_rows] = LOW_U
    effect = CONTEXT_SLOPE * context + u
    sizes = np.where(rng.random(schools) < 0.15, rng.integers(3, 10, schools), rng.integers(20, 80, schools))
    codes = [f"{i + 1:04d}" for i in range(schools)]
    registry = pl.DataFrame(
        {
            C.ORG_CODE: codes,
            "low_income_share": np.clip(20 - 9 * context + rng.normal(0, 4, schools), 0, 100),
            "higher_education_parents_share": np.clip(35 + 11 * context + rng.normal(0, 5, schools), 0, 100),
            "sen_share": np.clip(5 - 2 * context + rng.normal(0, 1.5, schools), 0, 100),
            "non_native_russian_share": np.clip(4 - 2.5 * context + rng.normal(0, 3, schools), 0, 100),
            "rural": (context + rng.normal(0, 0.7, schools) < -0.6).astype(np.float64),
            "size": sizes,
        }
    )
    works, counts = {}, []
    for year in YEARS:
        for procedure in procedures():
            rows = _work(seed, procedure, year, codes, effect, sizes)
            name = f"ВПР {procedure.subject} {procedure.grade}"
            works[(name, year)] = rows.select(C.ORG_CODE, "percent")
            counts.append(
                rows.group_by(C.ORG_CODE)
                .agg(
                    pl.len().cast(pl.Int64).alias("n"),
                    (pl.col(C.MARK) == 2).sum().cast(pl.Int64).alias("fails"),
                )
                .with_columns(pl.lit(name).alias("procedure"), pl.lit(year).alias("start_year"))
            )
    latent = _latent_fail_shares(seed, effect)
    truth = pl.DataFrame(
        {
            C.ORG_CODE: codes,
            "context": context,
            "effect": effect,
            "adverse": np.arange(schools) < adverse,
            "low": (latent >= 0.30).sum(axis=1) >= 2,
            "low_planted": is_low_planted,
            "resilient": is_resilient,
        }
    )
    return ContextWorld(
        registry, pl.concat(counts).select(C.ORG_CODE, "procedure", "start_year", "n", "fails"), works, truth
    )


def _scores(rng: np.random.Generator, procedure: Procedure, theta: np.ndarray) -> np.ndarray:
    shift = SUBJECT_DIFFICULTY[procedure.subject]
    difficulty = np.array([LEVEL_DIFFICULTY[t.level] + shift for t in procedure.spec.tasks])
    maxima = np.array([t.max_score for t in procedure.spec.tasks])
    p = 1 / (1 + np.exp(-0.9 * (theta[:, None] - difficulty[None, :])))
    return rng.binomial(maxima[None, :], p)


def _work(
    seed: int, procedure: Procedure, year: int, codes: list[str], effect: np.ndarray, sizes: np.ndarray
) -> pl.DataFrame:
    rng = keyed_rng(seed, procedure.key, year)
    school = np.repeat(np.arange(len(codes)), sizes)
    theta = effect[school] + rng.normal(0, 1, len(school))
    totals = _scores(rng, procedure, theta).sum(axis=1)
    return pl.DataFrame(
        {
            C.ORG_CODE: np.array(codes)[school],
            C.MARK: marks_from_cuts(totals, procedure.spec.scale),
            "percent": totals * 100 / procedure.spec.max_score,
        }
    )


def _latent_fail_shares(seed: int, effect: np.ndarray) -> np.ndarray:
    """schools × works: the share of «2» each school's pupils get in expectation."""
    rng = keyed_rng(seed, "truth")
    out = np.zeros((len(effect), len(procedures())))
    for j, procedure in enumerate(procedures()):
        theta = effect[:, None] + rng.normal(0, 1, (len(effect), TRUTH_SAMPLE))
        totals = _scores(rng, procedure, theta.ravel()).sum(axis=1)
        out[:, j] = (
            (marks_from_cuts(totals, procedure.spec.scale) == 2)
            .reshape(len(effect), TRUTH_SAMPLE)
            .mean(axis=1)
        )
    return out

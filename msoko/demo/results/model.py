"""The latent model shared by every procedure: each pupil's θ per year and subject.

All the procedures draw from the same θ (a student's `ability`, the school's `ses`, class and
year noise, a stable aptitude per subject), so the files agree with each other as a real
municipality's do. Every generator is keyed by the seed and by what is drawn, so the results
do not depend on the order in which the procedures are generated.
"""

from __future__ import annotations

import zlib
from collections.abc import Sequence

import numpy as np
import polars as pl

from msoko.analytics.columns import C
from msoko.demo.draws import marks_from_cuts
from msoko.demo.generator import DemoWorld

__all__ = ["Model", "choice", "marks_from_cuts", "sigmoid", "top_k"]

SCHOOL_SES_WEIGHT, SCHOOL_SD = 0.25, 0.2  # on top of the ses already inside a student's ability
CLASS_SD, YEAR_SD, APTITUDE_SD = 0.2, 0.2, 0.3


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def choice(rng: np.random.Generator, values_and_p: tuple[tuple, tuple], n: int) -> np.ndarray:
    values, p = values_and_p
    return rng.choice(np.array(values), size=n, p=np.array(p) / sum(p))


def top_k(rng: np.random.Generator, weights: np.ndarray) -> np.ndarray:
    """Column indices ordered by a weighted random draw without replacement, for every row
    (the Gumbel top-k trick); `weights` is rows × options and may hold zeros."""
    with np.errstate(divide="ignore"):
        keys = np.log(weights) + rng.gumbel(size=weights.shape)
    return np.argsort(-keys, axis=1, kind="stable")


class Model:
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

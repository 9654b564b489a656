"""Journal marks in the `marks` format, one frame per school year.

Marks come from the same θ plus each school's leniency; in the exam grades the year mark is
the annual mark of the ГИА file, so the journal and the ГИА tell the same story.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.columns import C
from msoko.demo.results.headers import (
    ANNUAL_MARK,
    CLASS,
    MARK,
    MEDAL,
    ORG,
    PARTICIPANT,
    PERIOD,
    SUBJECT,
)
from msoko.demo.results.model import Model, marks_from_cuts

MARK_SUBJECTS = ("Математика", "Русский язык")
MARK_GRADES = (4, 5, 6, 7, 8, 9, 11)
JOURNAL_CUTS = {3: -2.3, 4: -0.4, 5: 1.1}  # latent θ + leniency → a journal mark
EARLIER_TERMS = ("1 четверть", "2 четверть", "3 четверть")
TERM_DRIFT = {"1 четверть": -0.25, "2 четверть": -0.15, "3 четверть": -0.05}


def journal_marks(model: Model, year: str, gia: pl.DataFrame) -> pl.DataFrame:
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
        year_mark = marks_from_cuts(latent + rng.normal(0, 0.3, n), JOURNAL_CUTS)
        term_mark = marks_from_cuts(latent + rng.normal(0, 0.5, n), JOURNAL_CUTS)
        frame = pupils.select(
            "student_code",
            C.ORG_CODE,
            C.CLASS_NAME,
            pl.lit(subject).alias(SUBJECT),
            pl.Series("4 четверть", term_mark),
            pl.Series("год", year_mark),
        ).join(annual, on=["student_code", SUBJECT], how="left")
        # the earlier terms from their own draws (the 4th term and the year keep theirs); a pupil
        # settles in as the year goes, so the first terms are a little lower
        terms = model.rng("marks terms", year, subject)
        earlier = {
            term: marks_from_cuts(latent + TERM_DRIFT[term] + terms.normal(0, 0.5, n), JOURNAL_CUTS)
            for term in EARLIER_TERMS
        }
        frames.append(
            frame.with_columns(
                pl.coalesce("_annual", "год").alias("год"),
                pl.when(pl.col("_medal")).then(5).otherwise(pl.col("4 четверть")).alias("4 четверть"),
                *(pl.Series(term, marks) for term, marks in earlier.items()),
            )
        )
    return (
        pl.concat(frames)
        .unpivot(
            index=["student_code", C.ORG_CODE, C.CLASS_NAME, SUBJECT],
            on=[*EARLIER_TERMS, "4 четверть", "год"],
        )
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

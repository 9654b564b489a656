"""The Polars frames of each report, computed from the one read of a request.

The results are stacked once per level of the page (municipality, schools, classes), each
copy tagged with a ``unit`` key, so every report is one group-by over ``unit`` rather than
one call per school: statistics by mark, journal comparison, task completion, skills, mark
groups, the class matrix and last year's stored values.
"""

from __future__ import annotations

import polars as pl

from msoko.analytics import samples
from msoko.analytics import tasks as T
from msoko.analytics.achievement import (
    MUNICIPALITY,
    mark_distribution,
    present,
    present_columns,
    results_indicators,
)
from msoko.analytics.cohorts import previous_percent
from msoko.analytics.columns import C
from msoko.assessments.encoding import NOT_ATTEMPTED, NOT_TAUGHT, SEPARATOR, task_scores
from msoko.directions.achievement.deficits import task_thresholds
from msoko.directions.achievement.page import Level
from msoko.directions.achievement.selectors import STORED_CODES, ProcedureData

ORDER, UNIT, NAME = "order", "unit", "name"  # 0 municipality, 1 school, 2 class
KEYS = [ORDER, UNIT, NAME]
MUNICIPALITY_NAME = "Муниципалитет"
NOTE = "note"


def units_frame(
    data: ProcedureData, *, level: Level, org_code: str | None, class_name: str | None
) -> pl.DataFrame:
    """The results stacked once per unit of the page, tagged with `order`, `unit` and `name`.

    Procedure page: the municipality (if the user sees every school) and each school; school
    page: the municipality, the school and its classes; class page: the three lines above it.
    """
    rows = data.results
    parts = []
    if data.sees_all:
        parts.append(_tag(rows, 0, pl.lit(MUNICIPALITY), pl.lit(MUNICIPALITY_NAME)))
    if level == "procedure":
        parts.append(_tag(rows, 1, pl.col(C.ORG_CODE), pl.col("org_name")))
    else:
        school = rows.filter(pl.col(C.ORG_CODE) == org_code)
        parts.append(_tag(school, 1, pl.col(C.ORG_CODE), pl.col("org_name")))
        if level == "class":
            school = school.filter(pl.col(C.CLASS_NAME) == class_name)
        parts.append(_tag(school, 2, pl.col(C.ORG_CODE) + "/" + pl.col(C.CLASS_NAME), pl.col(C.CLASS_NAME)))
    return pl.concat(parts)


def lines_frame(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    """«Статистика по отметкам» and the journal comparison per unit, with the sample note.

    Output: `order`, `unit`, `name`, participants, n2..n5, p2..p5, success_rate, quality_rate,
    mean_percent, with_journal, marks_lowered/confirmed/raised (%) and lowered/confirmed/raised
    (counts), `sample_tier`, `note`. For a user who does not see every school the municipality
    line is the stored one (no distribution by mark), if `msoko compute` has stored it.
    """
    indicators = results_indicators(units, by=KEYS, max_score=data.max_score)
    lines = mark_distribution(units, by=KEYS).join(indicators.drop("participants"), on=KEYS, how="left")
    if not data.sees_all:
        lines = pl.concat([_stored_municipality(data), lines], how="diagonal_relaxed")
    counts = {
        name: (pl.col(f"marks_{name}") * pl.col("with_journal") / 100).round().cast(pl.Int64)
        for name in ("lowered", "confirmed", "raised")
    }
    return samples.with_sample_tier(lines.with_columns(**counts)).with_columns(_note()).sort(ORDER, UNIT)


def statuses_frame(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    """Completion and ФИОКО status of every task per unit (`task_completion` + `task_status`)."""
    return T.task_status(
        T.task_completion_wide(scores_wide(units, data, by=KEYS), data.tasks, by=KEYS), **task_thresholds()
    )


def scores_wide(units: pl.DataFrame, data: ProcedureData, *, by: list[str]) -> pl.DataFrame:
    """Present participants: ``by`` and one integer column per task (null = not taught)."""
    rows = present_columns(units, by, C.SCORES)
    return task_scores(rows, labels=data.tasks[C.TASK].to_list(), dtype=pl.Int32).drop(C.SCORES)


def skills_frame(statuses: pl.DataFrame) -> pl.DataFrame:
    """«Достижение планируемых результатов» of one unit: per skill its tasks, completion pooled
    over points, tasks not mastered and whether the deficit is systemic (ФИОКО 2026, p. 19)."""
    deficits = T.skill_deficits(statuses, by=[])
    per_skill = statuses.group_by(T.SKILL).agg(
        pl.col(C.TASK).sort_by(T.POSITION).str.join(", ").alias("task_list"),
        pl.col(T.POSITION).min().alias(T.POSITION),
        (pl.col(T.SCORE_SUM).sum() * 100 / (pl.col(T.PARTICIPANTS) * pl.col(C.TASK_MAX)).sum()).alias(
            T.COMPLETION
        ),
        (pl.col(T.STATUS) == T.MASTERED).all().alias("all_mastered"),
    )
    status = (
        pl.when(pl.col(T.SYSTEMIC))
        .then(pl.lit("системный дефицит"))
        .when(pl.col(T.NOT_MASTERED_TASKS) > 0)
        .then(pl.lit("есть неосвоенные задания"))
        .when(pl.col("all_mastered"))
        .then(pl.lit("освоено"))
        .otherwise(pl.lit("зона неопределённости"))
    )
    return (
        deficits.join(per_skill, on=T.SKILL, how="left")
        .with_columns(
            status.alias("skill_status"),
            pl.when(pl.col(T.SYSTEMIC)).then(pl.lit("да")).otherwise(pl.lit("нет")).alias("systemic_text"),
        )
        .sort(T.POSITION)
    )


def mark_groups_frame(
    units: pl.DataFrame, data: ProcedureData, *, unit: str
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """«Выполнение заданий группами участников»: completion of each task by the participants
    of each mark 2–5 within one unit. Returns (tasks × `c2`..`c5`, group sizes `mark`, `n`)."""
    # the unit's rows of the few columns needed: a filter of the whole stack copies every column
    rows = units.select(UNIT, C.MARK, C.TOTAL, C.ABSENT, C.SCORES).filter(pl.col(UNIT) == unit)
    scores = scores_wide(rows, data, by=[C.MARK])
    completion = T.task_completion_wide(scores, data.tasks, by=[C.MARK])
    wide = data.tasks.select(C.TASK, T.POSITION, C.LEVEL).join(
        completion.select(C.TASK, pl.format("c{}", C.MARK).alias("group"), T.COMPLETION).pivot(
            on="group", index=C.TASK, values=T.COMPLETION
        ),
        on=C.TASK,
        how="left",
    )
    # the pivot only has the marks someone got: the other groups are null columns
    wide = wide.with_columns(
        pl.lit(None, dtype=pl.Float64).alias(f"c{m}") for m in (2, 3, 4, 5) if f"c{m}" not in wide.columns
    )
    sizes = present(rows).group_by(C.MARK).agg(n=pl.len()).filter(pl.col(C.MARK).is_not_null()).sort(C.MARK)
    return wide.sort(T.POSITION), sizes


def class_matrix_frame(units: pl.DataFrame, data: ProcedureData) -> pl.DataFrame:
    """Participants × tasks of the class (order 2): each cell the score as written («X» not
    attempted, «н/п» not taught) and a tone from score / maximum for its colour."""
    labels = data.tasks[C.TASK].to_list()
    maxima = data.tasks[C.TASK_MAX].to_list()
    rows = present(units.filter(pl.col(ORDER) == 2))
    tokens = pl.col(C.SCORES).str.split(SEPARATOR)
    cells = []
    for i, (label, maximum) in enumerate(zip(labels, maxima, strict=True)):
        token = tokens.list.get(i, null_on_oob=True)
        ratio = token.cast(pl.Int64, strict=False) / maximum
        text = (
            pl.when(token == NOT_ATTEMPTED)
            .then(pl.lit("X"))
            .when(token == NOT_TAUGHT)
            .then(pl.lit("н/п"))
            .otherwise(token)
        )
        tone = (
            pl.when(token == NOT_ATTEMPTED)
            .then(pl.lit("x"))
            .when(token == NOT_TAUGHT)
            .then(pl.lit("n"))
            .when(ratio >= 1)
            .then(pl.lit("full"))
            .when(ratio > 0)
            .then(pl.lit("part"))
            .otherwise(pl.lit("zero"))
        )
        cells.append(pl.struct(text.alias("text"), tone.alias("tone")).alias(f"t_{label}"))
    matrix = rows.select(C.PARTICIPANT, *cells, C.TOTAL, C.MARK, C.JOURNAL_MARK).sort(C.PARTICIPANT)
    if data.previous_results is not None:
        previous = previous_percent(data.previous_results, max_score=data.previous_max)
        matrix = matrix.join(previous, on=C.PARTICIPANT, how="left").with_columns(
            (pl.col(C.TOTAL) / data.max_score * 100).alias("percent")
        )
    return matrix


def previous_year_frame(data: ProcedureData) -> pl.DataFrame:
    """The stored indicators of the same procedure a school year earlier, one row per org code."""
    previous = data.stored.filter(pl.col("start_year") == data.procedure.school_year.start_year - 1)
    return _stored_wide(previous).rename(lambda name: name if name == C.ORG_CODE else f"prev_{name}")


def _tag(rows: pl.DataFrame, order: int, unit: pl.Expr, name: pl.Expr) -> pl.DataFrame:
    return rows.with_columns(pl.lit(order).alias(ORDER), unit.alias(UNIT), name.alias(NAME))


def _note() -> pl.Expr:
    n = pl.col("participants").cast(pl.String)
    tier = pl.col("sample_tier")
    return (
        pl.when(tier == samples.NOT_INTERPRETABLE)
        .then(pl.format("мало участников ({}), не интерпретируется", n))
        .when(tier == samples.LIMITED)
        .then(pl.format("мало участников ({})", n))
        .otherwise(pl.lit(None, dtype=pl.String))
        .alias(NOTE)
    )


def _stored_wide(stored: pl.DataFrame) -> pl.DataFrame:
    if stored.is_empty():
        return pl.DataFrame(schema={C.ORG_CODE: pl.String})
    return (
        stored.with_columns(pl.col("code").replace_strict(STORED_CODES, default=None))
        .pivot(on="code", index=C.ORG_CODE, values="value", aggregate_function="first")
        .sort(C.ORG_CODE)
    )


def _stored_municipality(data: ProcedureData) -> pl.DataFrame:
    """The stored municipal line of this year (a school user cannot recompute it from its rows)."""
    current = data.stored.filter(
        (pl.col("start_year") == data.procedure.school_year.start_year) & (pl.col(C.ORG_CODE) == MUNICIPALITY)
    )
    wide = _stored_wide(current)
    if wide.is_empty():
        return pl.DataFrame(schema={ORDER: pl.Int32, UNIT: pl.String, NAME: pl.String})
    if "participants" in wide.columns:
        wide = wide.with_columns(pl.col("participants").cast(pl.Int64))
    return wide.drop(C.ORG_CODE).with_columns(
        pl.lit(0).alias(ORDER), pl.lit(MUNICIPALITY).alias(UNIT), pl.lit(MUNICIPALITY_NAME).alias(NAME)
    )

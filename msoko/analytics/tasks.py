"""Task completion, mastery status of each task and skill deficits (ФИОКО 2026 «Выполнение заданий»).

Source of the thresholds: ФИОКО 2026 «Рекомендации по проведению анализа результатов ВПР»,
as quoted in `../shared/domain/methodology.md` §1.5 (docs/methodology.md#task-status).
"""

from __future__ import annotations

import polars as pl

from msoko.analytics.columns import C

# Output and scheme columns used only by this module (candidates for analytics/columns.py).
SKILL = "skill"  # the codifier skill / planned result a task checks
POSITION = "position"  # the task's order in the scheme
PARTICIPANTS = "participants"
SCORE_SUM = "score_sum"
MAX_SUM = "max_sum"
COMPLETION = "completion"  # 0..100
STATUS = "status"
DEFICIT = "deficit"
TASKS = "tasks"
NOT_MASTERED_TASKS = "not_mastered"
SHARE = "share"
SYSTEMIC = "systemic"

BASIC = "Б"
ADVANCED = ("П", "В")
ADVANCED_GROUP = "П+В"  # the level label of advanced and high tasks taken together

MASTERED = "mastered"
ZONE = "zone"
NOT_MASTERED = "not_mastered"

# ФИОКО 2026, pp. 6 and 17 [2]: basic tasks 60 ± 3 %, advanced/high tasks 30 ± 1.5 %.
BASIC_MASTERED = 60.0
BASIC_NOT_MASTERED = 57.0
ADVANCED_MASTERED = 30.0
ADVANCED_NOT_MASTERED = 28.5
# ФИОКО 2026, p. 19 [2]: «most» tasks of a skill red; «most» read as strictly more than half [OURS].
SYSTEMIC_SHARE = 0.5


def task_completion(task_scores: pl.DataFrame, tasks: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """Percentage of the available points scored on each task, per group.

    Input `task_scores`: one row per present participant and task (as from
    `msoko.assessments.encoding.task_scores_long`) with C.TASK, C.TASK_SCORE and the `by`
    columns; a null C.TASK_SCORE is a topic not taught («не пройд.», N) and that row is left
    out of the task's numerator and denominator, while a not-attempted task (X) is already 0.
    Input `tasks`: one row per task of the scheme with C.TASK, C.TASK_MAX, C.LEVEL
    ("Б", "П", "В"), `skill` and `position`.

    Output: one row per `by` group and task with `by`, C.TASK, `position`, C.LEVEL, `skill`,
    C.TASK_MAX, `participants` (rows with a score for the task), `score_sum` and
    `completion` = score_sum · 100 / (participants · task_max), in 0..100; sorted by `by`,
    then `position`, then C.TASK. A task that no one in the group was scored on (all N) has
    no row: there is no denominator. Tasks of the scheme absent from `task_scores` have no
    row either. docs/methodology.md#task-completion.

    Raises ValueError if a task label is missing from `tasks` or appears there twice.
    """
    _check_tasks(task_scores, tasks)
    return (
        task_scores.filter(pl.col(C.TASK_SCORE).is_not_null())
        .group_by([*by, C.TASK])
        .agg(pl.len().alias(PARTICIPANTS), pl.col(C.TASK_SCORE).sum().alias(SCORE_SUM))
        .join(tasks.select(C.TASK, POSITION, C.LEVEL, SKILL, C.TASK_MAX), on=C.TASK, how="left")
        .select(
            *by,
            C.TASK,
            POSITION,
            C.LEVEL,
            SKILL,
            C.TASK_MAX,
            PARTICIPANTS,
            SCORE_SUM,
            _percentage(pl.col(SCORE_SUM), pl.col(PARTICIPANTS) * pl.col(C.TASK_MAX)).alias(COMPLETION),
        )
        .sort([*by, POSITION, C.TASK])
    )


def task_completion_wide(scores: pl.DataFrame, tasks: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """:func:`task_completion` from the wide matrix: the same output, without the long frame.

    Input `scores`: one row per present participant with the `by` columns and one integer
    column per task label (as from `msoko.assessments.encoding.task_scores`; null = not
    taught). A region has a million participants: summing each task column per group costs a
    fraction of exploding them into fifteen million rows (measured: 7.5 GB of memory before).
    """
    labels = tasks.get_column(C.TASK).to_list()
    sums = scores.group_by(by).agg(
        *(pl.col(label).sum().alias(f"s:{label}") for label in labels),
        *(pl.col(label).count().alias(f"n:{label}") for label in labels),
    )
    long = pl.concat(
        [
            sums.select(
                *by,
                pl.lit(label).alias(C.TASK),
                pl.col(f"n:{label}").cast(pl.UInt32).alias(PARTICIPANTS),
                pl.col(f"s:{label}").cast(pl.Int64).alias(SCORE_SUM),
            )
            for label in labels
        ]
    ).filter(pl.col(PARTICIPANTS) > 0)
    return (
        long.join(tasks.select(C.TASK, POSITION, C.LEVEL, SKILL, C.TASK_MAX), on=C.TASK, how="left")
        .select(
            *by,
            C.TASK,
            POSITION,
            C.LEVEL,
            SKILL,
            C.TASK_MAX,
            PARTICIPANTS,
            SCORE_SUM,
            _percentage(pl.col(SCORE_SUM), pl.col(PARTICIPANTS) * pl.col(C.TASK_MAX)).alias(COMPLETION),
        )
        .sort([*by, POSITION, C.TASK])
    )


def level_completion(task_scores: pl.DataFrame, tasks: pl.DataFrame, *, by: list[str]) -> pl.DataFrame:
    """Percentage of the available points scored on basic and on advanced+high tasks, per group.

    Input: as `task_completion`, and `task_scores` must also hold C.PARTICIPANT.
    Output: one row per `by` group and level group with `by`, C.LEVEL ("Б" or "П+В"),
    `participants` (distinct participants with at least one scored task of that level),
    `score_sum`, `max_sum` (sum of C.TASK_MAX over the scored participant × task pairs) and
    `completion` = score_sum · 100 / max_sum; sorted by `by`, then C.LEVEL ("Б" first).
    Pooled over points rather than averaged over tasks [OURS], so a task a participant was not
    taught (null score) leaves both sums, and tasks weigh by their maximum.
    A level group with no scored pair has no row. docs/methodology.md#task-completion.

    Raises ValueError on an unknown task label or level.
    """
    _check_tasks(task_scores, tasks)
    _check_levels(tasks)
    return (
        task_scores.filter(pl.col(C.TASK_SCORE).is_not_null())
        .join(tasks.select(C.TASK, C.LEVEL, C.TASK_MAX), on=C.TASK, how="left")
        .with_columns(
            pl.when(pl.col(C.LEVEL) == BASIC)
            .then(pl.lit(BASIC))
            .otherwise(pl.lit(ADVANCED_GROUP))
            .alias(C.LEVEL)
        )
        .group_by([*by, C.LEVEL])
        .agg(
            pl.col(C.PARTICIPANT).n_unique().alias(PARTICIPANTS),
            pl.col(C.TASK_SCORE).sum().alias(SCORE_SUM),
            pl.col(C.TASK_MAX).sum().alias(MAX_SUM),
        )
        .with_columns(_percentage(pl.col(SCORE_SUM), pl.col(MAX_SUM)).alias(COMPLETION))
        .select(*by, C.LEVEL, PARTICIPANTS, SCORE_SUM, MAX_SUM, COMPLETION)
        .sort([*by, C.LEVEL])
    )


def task_status(
    completion: pl.DataFrame,
    *,
    basic_mastered: float = BASIC_MASTERED,
    basic_not_mastered: float = BASIC_NOT_MASTERED,
    advanced_mastered: float = ADVANCED_MASTERED,
    advanced_not_mastered: float = ADVANCED_NOT_MASTERED,
) -> pl.DataFrame:
    """Whether each task counts as mastered, in the uncertainty zone or not mastered.

    Input: any grain with C.LEVEL and `completion` (0..100), e.g. the output of
    `task_completion`. Output: the same rows in the same order plus `status`
    ("mastered" if completion ≥ the mastered threshold, "not_mastered" if below the
    not-mastered threshold, otherwise "zone") and `deficit` (status == "not_mastered").
    Basic tasks (Б) use 60 / 57, advanced and high tasks (П, В) use 30 / 28.5 (ФИОКО 2026).
    A null completion gives null status and deficit. docs/methodology.md#task-status.

    Raises ValueError on a level other than Б, П, В.
    """
    _check_levels(completion)
    basic = pl.col(C.LEVEL) == BASIC
    mastered_at = pl.when(basic).then(basic_mastered).otherwise(advanced_mastered)
    not_mastered_below = pl.when(basic).then(basic_not_mastered).otherwise(advanced_not_mastered)
    value = pl.col(COMPLETION)
    return completion.with_columns(
        pl.when(value.is_null())
        .then(pl.lit(None, dtype=pl.String))
        .when(value >= mastered_at)
        .then(pl.lit(MASTERED))
        .when(value < not_mastered_below)
        .then(pl.lit(NOT_MASTERED))
        .otherwise(pl.lit(ZONE))
        .alias(STATUS)
    ).with_columns((pl.col(STATUS) == NOT_MASTERED).alias(DEFICIT))


def skill_deficits(
    statuses: pl.DataFrame, *, by: list[str], systemic_share: float = SYSTEMIC_SHARE
) -> pl.DataFrame:
    """Share of a skill's tasks that are not mastered, and whether the deficit is systemic.

    Input: one row per `by` group and task with `skill` and `deficit`, e.g. the output of
    `task_status`. Output: one row per `by` group and skill with `by`, `skill`, `tasks`
    (tasks with a status), `not_mastered` (tasks whose status is "not_mastered", the «red»
    ones; the uncertainty zone is not red), `share` = not_mastered / tasks (0..1) and
    `systemic` = share > systemic_share, i.e. strictly «most tasks» [OURS reading of
    ФИОКО 2026 p. 19]: 1 of 2 is not systemic, 2 of 3 is; sorted by `by`, then `skill`.
    Rows with a null skill or a null deficit are left out. docs/methodology.md#skill-deficits.
    """
    return (
        statuses.filter(pl.col(SKILL).is_not_null() & pl.col(DEFICIT).is_not_null())
        .group_by([*by, SKILL])
        .agg(pl.len().alias(TASKS), pl.col(DEFICIT).sum().alias(NOT_MASTERED_TASKS))
        .with_columns((pl.col(NOT_MASTERED_TASKS) / pl.col(TASKS)).alias(SHARE))
        .with_columns((pl.col(SHARE) > systemic_share).alias(SYSTEMIC))
        .select(*by, SKILL, TASKS, NOT_MASTERED_TASKS, SHARE, SYSTEMIC)
        .sort([*by, SKILL])
    )


def _percentage(part: pl.Expr, whole: pl.Expr) -> pl.Expr:
    # Multiply before dividing: integer points · 100 / integer maximum is correctly rounded, so a
    # ratio of exactly 57 % gives 57.0 (0.57 · 100 would give 56.99999999999999 and flip a status).
    return (part * 100).cast(pl.Float64) / whole


def _check_tasks(task_scores: pl.DataFrame, tasks: pl.DataFrame) -> None:
    duplicated = tasks.filter(pl.col(C.TASK).is_duplicated())[C.TASK].unique().sort().to_list()
    if duplicated:
        raise ValueError(f"each task must appear once in `tasks`, repeated: {duplicated}")
    unknown = task_scores.select(C.TASK).unique().join(tasks, on=C.TASK, how="anti")[C.TASK].sort().to_list()
    if unknown:
        raise ValueError(f"task scores refer to tasks missing from `tasks`: {unknown}")


def _check_levels(frame: pl.DataFrame) -> None:
    known = pl.col(C.LEVEL).is_in([BASIC, *ADVANCED]).fill_null(False)
    unknown = frame.filter(~known)[C.LEVEL].unique().sort().to_list()
    if unknown:
        raise ValueError(f"a task level is one of Б, П, В; received: {unknown}")

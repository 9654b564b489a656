"""Task completion and deficits of one procedure at every level (`msoko export deficits`).

Reads the procedure's results in one query, decodes the task matrix with Polars and applies
the pure functions of ``msoko/analytics/tasks.py``; writes nothing.
"""

from __future__ import annotations

from typing import Any, Literal

import polars as pl
from django.conf import settings

from msoko.analytics import tasks as T
from msoko.analytics.achievement import MUNICIPALITY, present
from msoko.analytics.columns import C
from msoko.assessments.encoding import task_scores_long
from msoko.assessments.models import Procedure
from msoko.assessments.selectors import results_frame, scheme_tasks
from msoko.registry.models import Organization

Level = Literal["municipality", "school", "class", "student"]
GROUPING: dict[str, list[str]] = {
    "municipality": [C.ORG_CODE],
    "school": [C.ORG_CODE],
    "class": [C.ORG_CODE, C.CLASS_NAME],
    "student": [C.ORG_CODE, C.CLASS_NAME, C.PARTICIPANT],
}
EXPORT_COLUMNS = [
    "Код ОО",
    "Класс",
    "Код участника",
    "Задание",
    "Уровень",
    "Проверяемые требования",
    "Процент выполнения",
    "Дефицит (да/нет)",
]


def task_statuses(
    procedure: Procedure, *, level: Level, org_code: str | None = None, viewer: Any | None = None
) -> pl.DataFrame:
    """Completion (0–100), status and deficit of every task per group of ``level``."""
    results = results_frame(procedure, viewer=viewer)
    codes = dict(Organization.objects.values_list("id", "code"))
    results = results.with_columns(
        pl.col("org_id").replace_strict(codes, default=None, return_dtype=pl.String).alias(C.ORG_CODE)
    )
    if org_code is not None:
        results = results.filter(pl.col(C.ORG_CODE) == org_code)
    if level == "municipality":
        results = results.with_columns(pl.lit(MUNICIPALITY).alias(C.ORG_CODE))
    tasks = scheme_tasks(procedure)
    scores = task_scores_long(
        present(results), labels=tasks[C.TASK].to_list(), keep=[C.ORG_CODE, C.CLASS_NAME, C.PARTICIPANT]
    ).rename({"task_score": C.TASK_SCORE})
    return T.task_status(T.task_completion(scores, tasks, by=GROUPING[level]), **task_thresholds())


def task_thresholds() -> dict[str, float]:
    """The deployment's mastery thresholds (``MSOKO_TASK_THRESHOLDS``, ФИОКО 2026 by default)."""
    return dict(settings.MSOKO_TASK_THRESHOLDS)


def deficits_export_frame(
    procedure: Procedure, *, level: Level, org_code: str | None = None, viewer: Any | None = None
) -> pl.DataFrame:
    """The columns of spec/cli.md (`msoko export deficits`); empty class and participant where
    the level does not have them."""
    statuses = task_statuses(procedure, level=level, org_code=org_code, viewer=viewer)
    blank = pl.lit(None, dtype=pl.String)
    return statuses.select(
        pl.col(C.ORG_CODE).alias("Код ОО"),
        (pl.col(C.CLASS_NAME) if C.CLASS_NAME in statuses.columns else blank).alias("Класс"),
        (pl.col(C.PARTICIPANT) if C.PARTICIPANT in statuses.columns else blank).alias("Код участника"),
        pl.col(C.TASK).alias("Задание"),
        pl.col(C.LEVEL).alias("Уровень"),
        pl.col(T.SKILL).alias("Проверяемые требования"),
        pl.col(T.COMPLETION).round(1).alias("Процент выполнения"),
        pl.when(pl.col(T.DEFICIT)).then(pl.lit("да")).otherwise(pl.lit("нет")).alias("Дефицит (да/нет)"),
    )

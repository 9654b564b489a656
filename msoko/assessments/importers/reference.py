"""The `reference` format: the region's and Russia's figures for one procedure.

ФИС ОКО reports open with the lines «Вся выборка» (Russia) and the region before the
municipality's; a department copies them from there. Long format, one row per level ×
figure: ``Уровень; Показатель; Значение``, where the figure is a mark's share
(«Отметка 2» … «Отметка 5», % of participants) or a task's completion («Задание 5.1», % of
its maximum score).
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from msoko.tabular import columns as c
from msoko.tabular.problems import ROW, ImportProblem, problems_from_frame

SCOPES = {
    "Россия": "russia",
    "РФ": "russia",
    "Российская Федерация": "russia",
    "Вся выборка": "russia",
    "Регион": "region",
    "Субъект РФ": "region",
    "Субъект": "region",
}
MARK_METRIC = r"^отметка\s*[«\"]?([2-5])[»\"]?$"
TASK_METRIC = r"^(?i:задание|№)\s*№?\s*(\S+)$"
#: the four shares of one level may differ from 100 % by rounding in the report they come from
MARK_SUM_TOLERANCE = 1.5


def metric() -> c.Parser:
    """«Отметка 2» → ``p2``, «Задание 5.1» → ``task:5.1``; a bare «2» is ambiguous and refused."""

    def parse(raw: pl.Expr) -> c.Parsed:
        text = raw.str.strip_chars().str.to_lowercase()
        mark = text.str.extract(MARK_METRIC, 1)
        task = raw.str.strip_chars().str.extract(TASK_METRIC, 1)
        value = pl.when(mark.is_not_null()).then(pl.lit("p") + mark).otherwise(pl.lit("task:") + task)
        expected = "«Отметка 2» … «Отметка 5» или «Задание N» (номер задания из описания работы)"
        error = pl.when(value.is_null()).then(pl.format("ожидается {}, получено «{}»", pl.lit(expected), raw))
        return c.Parsed(value, error)

    return parse


COLUMNS = [
    c.Column("Уровень", "scope", c.choice(SCOPES), required=True, aliases=("территория",)),
    c.Column("Показатель", "metric", metric(), required=True),
    c.Column("Значение", "value", c.percent(), required=True, aliases=("значение, %", "процент")),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("reference", "Регион и Россия")


def check_values(
    frame: pl.DataFrame, *, task_labels: Sequence[str], shown: dict[str, str]
) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """The tasks exist in the scheme, no figure is given twice, the mark shares add up to 100 %."""
    known = [f"task:{label}" for label in task_labels]
    first = pl.col(ROW).min().over("scope", "metric")
    marks = frame.filter(pl.col("metric").str.starts_with("p"))
    sums = (
        marks.group_by("scope")
        .agg(
            pl.col("value").sum().alias("total"),
            pl.col("metric").n_unique().alias("given"),
            pl.col(ROW).max(),
        )
        .filter((pl.col("given") == 4) & ((pl.col("total") - 100).abs() > MARK_SUM_TOLERANCE))
    )
    scope_names = {v: k for k, v in reversed(SCOPES.items())}
    checks = [
        c.problem_rows(
            frame,
            pl.col("metric").str.starts_with("task:") & ~pl.col("metric").is_in(known),
            column=shown["metric"],
            value=pl.col("metric").str.strip_prefix("task:"),
            message=pl.format(
                "задания «{}» нет в описании работы (задания: {})",
                pl.col("metric").str.strip_prefix("task:"),
                pl.lit(", ".join(task_labels)),
            ),
        ),
        c.problem_rows(
            frame,
            pl.col("scope").is_not_null() & pl.col("metric").is_not_null() & (pl.col(ROW) != first),
            column=shown["metric"],
            value=pl.col("metric"),
            message=pl.format("это значение для этого уровня уже указано в строке {}", first),
        ),
        c.problem_rows(
            sums.with_columns(pl.col("scope").replace_strict(scope_names, return_dtype=pl.String)),
            pl.col("total").is_not_null(),
            column=shown["value"],
            value=pl.col("total").round(1).cast(pl.String),
            message=pl.format(
                "доли отметок «2»–«5» уровня «{}» в сумме дают {} %, а не 100 %",
                "scope",
                pl.col("total").round(1),
            ),
        ),
    ]
    return frame, problems_from_frame(pl.concat(checks))

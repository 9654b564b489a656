"""The `marks` format (spec/data-formats.md): term and annual marks from the electronic journal."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.tabular import columns as c
from msoko.tabular.problems import ROW, ImportProblem, problems_from_frame

#: spellings of `Период` → the stored period (the values of ``assessments.models.Period``)
PERIODS = {
    p: p
    for p in ("1 четверть", "2 четверть", "3 четверть", "4 четверть", "1 полугодие", "2 полугодие", "год")
}

COLUMNS = [
    c.Column("Код ОО", "org_code", c.code(), required=True, aliases=("логин", "логин ОО")),
    c.Column("Код участника", "participant", c.code(), required=True),
    c.Column("Класс", "class_name", c.class_name(), required=True),
    c.Column("Предмет", "subject", c.text(max_length=100), required=True),
    c.Column("Период", "period", c.choice(PERIODS), required=True),
    c.Column("Отметка", "mark", c.mark(), required=True),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("marks", "Отметки")


def check_marks(
    frame: pl.DataFrame, *, org_codes: Mapping[str, int], shown: Mapping[str, str]
) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """Registry and cross-row checks: a known organisation, one mark per participant, subject and period.

    They run even when some cells are invalid, so the user sees every problem at once.
    """
    frame = frame.with_columns(
        pl.col("org_code")
        .replace_strict(dict(org_codes), default=None, return_dtype=pl.Int64)
        .alias("org_id")
    )
    key = ("org_code", "participant", "subject", "period")
    first = pl.col(ROW).min().over(key)
    checks = [
        c.problem_rows(
            frame,
            pl.col("org_id").is_null() & pl.col("org_code").is_not_null(),
            column=shown["org_code"],
            value=pl.col("org_code"),
            message=pl.format("организация с кодом «{}» не найдена в реестре", pl.col("org_code")),
        ),
        c.problem_rows(
            frame,
            pl.all_horizontal(pl.col(k).is_not_null() for k in key) & (pl.col(ROW) != first),
            column=shown["participant"],
            value=pl.col("participant"),
            message=pl.format(
                "у участника «{}» уже есть отметка по предмету «{}» за период «{}» в строке {}",
                "participant",
                "subject",
                "period",
                first,
            ),
        ),
    ]
    return frame, problems_from_frame(pl.concat(checks))

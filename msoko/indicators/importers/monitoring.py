"""The `monitoring` format (spec/data-formats.md): indicator values schools report themselves.

Long format, one row per organisation × indicator × school year. Only indicators whose source
in the catalogue is the monitoring form are accepted: the others are computed by the system.
The optional «Комментарий» is the school's note on a value: a campaign's form keeps it next to
the value; the values store itself has no place for it, so a plain import checks and drops it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import polars as pl

from msoko.indicators.catalogue import CATALOGUE, Source, Unit
from msoko.tabular import columns as c
from msoko.tabular.problems import ROW, ImportProblem, problems_from_frame

MAX_VALUE = 9_999_999_999  # the database keeps 14 digits with 4 after the point
YES_NO = {"да": "1", "нет": "0"}
MAX_COMMENT = 1000  # a note on a value, not a report: longer texts go into documents


def value() -> c.Parser:
    """A number with a decimal comma; «да»/«нет» stand for 1/0 (flag indicators)."""
    parse_number = c.decimal(low=-MAX_VALUE, high=MAX_VALUE, expected="число")

    def parse(raw: pl.Expr) -> c.Parsed:
        word = raw.str.to_lowercase().replace_strict(YES_NO, default=None, return_dtype=pl.String)
        return parse_number(pl.coalesce(word, raw))

    return parse


COLUMNS = [
    c.Column("Код ОО", "org_code", c.code(), required=True, aliases=("логин", "логин ОО")),
    c.Column("Показатель", "indicator", c.code(), required=True, aliases=("код показателя",)),
    c.Column("Учебный год", "year_text", c.text(max_length=20), required=True, aliases=("год",)),
    c.Column("Значение", "value", value(), required=True),
    c.Column("Комментарий", "comment", c.text(max_length=MAX_COMMENT), aliases=("примечание",)),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("monitoring", "Мониторинг")


def check_values(
    frame: pl.DataFrame,
    *,
    org_codes: Mapping[str, int],
    parse_year: Callable[[str], str | None],
    shown: Mapping[str, str],
) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """Registry, catalogue and cross-row checks; they run even when some cells are invalid.

    ``parse_year`` normalises a school year («2024-25» → «2024/2025») or returns None.
    """
    units = {i.code: str(i.unit) for i in CATALOGUE if i.source == Source.MONITORING}
    years = {text: parse_year(text) for text in frame.get_column("year_text").drop_nulls().unique()}
    frame = frame.with_columns(pl.col("indicator").str.to_lowercase()).with_columns(
        pl.col("org_code")
        .replace_strict(dict(org_codes), default=None, return_dtype=pl.Int64)
        .alias("org_id"),
        pl.col("year_text").replace_strict(years, default=None, return_dtype=pl.String).alias("school_year"),
        pl.col("indicator").replace_strict(units, default=None, return_dtype=pl.String).alias("unit"),
    )
    first = pl.col(ROW).min().over("org_code", "indicator", "school_year")
    known_elsewhere = [i.code for i in CATALOGUE if i.source != Source.MONITORING]
    indicator, number = pl.col("indicator"), pl.col("value")
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
            indicator.is_in(known_elsewhere),
            column=shown["indicator"],
            value=indicator,
            message=pl.format(
                "показатель «{}» вычисляется системой по результатам и не загружается из мониторинга",
                indicator,
            ),
        ),
        c.problem_rows(
            frame,
            indicator.is_not_null() & pl.col("unit").is_null() & ~indicator.is_in(known_elsewhere),
            column=shown["indicator"],
            value=indicator,
            message=pl.format(
                "показатель «{}» не найден среди показателей мониторинга "
                "(список кодов: msoko indicators list)",
                indicator,
            ),
        ),
        c.problem_rows(
            frame,
            pl.col("year_text").is_not_null() & pl.col("school_year").is_null(),
            column=shown["year_text"],
            value=pl.col("year_text"),
            message=pl.format("ожидается учебный год вида 2024/2025, получено «{}»", pl.col("year_text")),
        ),
        c.problem_rows(
            frame,
            pl.all_horizontal(pl.col(k).is_not_null() for k in ("org_code", "indicator", "school_year"))
            & (pl.col(ROW) != first),
            column=shown["indicator"],
            value=indicator,
            message=pl.format(
                "значение показателя «{}» за {} для этой организации уже указано в строке {}",
                indicator,
                "school_year",
                first,
            ),
        ),
        c.problem_rows(
            frame,
            (pl.col("unit") == str(Unit.PERCENT)) & ~number.is_between(0, 100),
            column=shown["value"],
            value=_shown(number),
            message=pl.format("ожидается процент от 0 до 100, получено «{}»", _shown(number)),
        ),
        c.problem_rows(
            frame,
            (pl.col("unit") == str(Unit.FLAG)) & ~number.is_in([0.0, 1.0]),
            column=shown["value"],
            value=_shown(number),
            message=pl.format("ожидается 0 или 1 (нет или да), получено «{}»", _shown(number)),
        ),
        c.problem_rows(
            frame,
            (pl.col("unit") == str(Unit.COUNT)) & ((number < 0) | (number != number.floor())),
            column=shown["value"],
            value=_shown(number),
            message=pl.format("ожидается целое число не меньше 0, получено «{}»", _shown(number)),
        ),
    ]
    return frame, problems_from_frame(pl.concat(checks))


def _shown(number: pl.Expr) -> pl.Expr:
    """«12» for 12.0 and «12,5» for 12.5, as a Russian user writes them."""
    return (
        pl.when(number == number.floor())
        .then(number.cast(pl.Int64).cast(pl.String))
        .otherwise(number.cast(pl.String).str.replace(".", ",", literal=True))
    )

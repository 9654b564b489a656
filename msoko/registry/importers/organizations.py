"""The `organizations` format (spec/data-formats.md), and the ФИС ОКО school list `logins.xlsx`."""

from __future__ import annotations

import polars as pl

from msoko.tabular import columns as c
from msoko.tabular.problems import ROW

KINDS = {"школа": "school", "ОО": "school", "ДОО": "preschool", "УДО": "additional"}
LOCALITIES = {"город": "urban", "село": "rural", "городская": "urban", "сельская": "rural"}

COLUMNS = [
    c.Column("Код ОО", "code", c.code(), required=True, aliases=("логин", "логин ОО", "логин школы")),
    c.Column("Наименование", "name", c.text(), required=True, aliases=("имя", "полное наименование")),
    c.Column("Краткое наименование", "short_name", c.text(max_length=200)),
    c.Column("Тип", "kind", c.choice(KINDS), aliases=("тип ОО",)),
    c.Column(
        "Муниципалитет",
        "municipality",
        c.text(max_length=200),
        aliases=("регион", "муниципальное образование"),
    ),
    c.Column(
        "Местность", "locality", c.choice(LOCALITIES), aliases=("тип местности", "тип населенного пункта")
    ),
    c.Column("Численность обучающихся", "students_count", c.integer(low=0, high=100_000)),
    c.Column("Доля малообеспеченных семей, %", "low_income_share", c.percent()),
    c.Column("Доля родителей с высшим образованием, %", "higher_education_parents_share", c.percent()),
    c.Column("Доля обучающихся с ОВЗ, %", "sen_share", c.percent()),
    c.Column(
        "Доля обучающихся, для которых русский язык не родной, %", "non_native_russian_share", c.percent()
    ),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("organizations", "Организации", "Реестр")


def duplicate_codes(frame: pl.DataFrame, *, column: str, header: str, noun: str) -> pl.DataFrame:
    """Every repeat of a code in the file is an error naming the row where it first appeared."""
    first = pl.col(ROW).min().over(column)
    return c.problem_rows(
        frame,
        pl.col(column).is_not_null() & (pl.col(ROW) != first),
        column=header,
        value=pl.col(column),
        message=pl.format(f"{noun} «{{}}» повторяется: он уже указан в строке {{}}", pl.col(column), first),
    )

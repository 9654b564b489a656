"""The `gia` format (spec/data-formats.md): ОГЭ, ЕГЭ and ГВЭ results, one row per participant and exam.

Pure Polars, no Django: the service passes the registry's code map in and gets typed rows and
every problem back as a frame, so the valid rows can be loaded and the others quarantined.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import polars as pl

from msoko.tabular import columns as c
from msoko.tabular.problems import PROBLEM_SCHEMA, ROW, ImportProblem
from msoko.tabular.reading import Table

EGE = "ЕГЭ"
EXAMS = {"ОГЭ": "ОГЭ", "ЕГЭ": EGE, "ГВЭ-9": "ГВЭ-9", "ГВЭ-11": "ГВЭ-11"}
YES_NO = {"да": "да", "нет": "нет", "1": "да", "0": "нет"}
#: ЕГЭ in basic mathematics is marked 2–5 and has no test score
_BASIC_MATH = r"^математика\W*базов"

COLUMNS = [
    c.Column("Экзамен", "exam", c.choice(EXAMS), required=True, aliases=("форма ГИА", "вид экзамена")),
    c.Column("Предмет", "subject", c.text(max_length=100), required=True),
    c.Column("Код ОО", "org_code", c.code(), required=True, aliases=("логин", "логин ОО")),
    c.Column("Код участника", "participant", c.code(), required=True),
    c.Column("Класс", "class_name", c.class_name()),
    c.Column("Первичный балл", "primary_score", c.integer(low=0, high=1000), required=True),
    c.Column("Тестовый балл", "test_score", c.integer(low=0, high=100)),
    c.Column("Отметка", "mark", c.mark()),
    c.Column("Годовая отметка", "annual_mark", c.mark()),
    c.Column("Претендент на медаль", "medal", c.choice(YES_NO), aliases=("претендент на медаль",)),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("gia", "ГИА")
ROW_COLUMNS = [
    "org_id",
    "exam",
    "subject",
    "participant",
    "class_name",
    "primary_score",
    "test_score",
    "mark",
    "annual_mark",
    "medal_candidate",
]


@dataclass
class ParsedGia:
    """Typed rows, every problem as a (row, column, value, message) frame, and what the user should know."""

    rows: pl.DataFrame
    problems: pl.DataFrame
    structural: list[ImportProblem] = field(default_factory=list)  # the file as a whole is wrong
    notices: list[str] = field(default_factory=list)

    @property
    def bad_rows(self) -> pl.Series:
        return self.problems.get_column(ROW).unique()


def blank(table: Table, header: str) -> pl.Series:
    """Whether each row's cell under ``header`` is empty (every row, when the column is absent).

    Row rules such as «required for ЕГЭ» look at the raw cell: an invalid value already has
    its own error and must not be reported again as missing.
    """
    if header not in table.frame.columns:
        return pl.Series([True] * table.frame.height, dtype=pl.Boolean)
    return table.frame.get_column(header).str.strip_chars().fill_null("") == ""


def parse_gia(table: Table, *, org_codes: Mapping[str, int]) -> ParsedGia:
    """Validate every cell and every rule of spec/data-formats.md (`gia`)."""
    validated = c.validate(table, COLUMNS)
    if not {col.name for col in COLUMNS if col.required} <= validated.present:
        return ParsedGia(pl.DataFrame(), pl.DataFrame(schema=PROBLEM_SCHEMA), validated.problems)
    shown = c.written_headers(table, COLUMNS)
    notices = list(validated.notices)
    frame = validated.frame.with_columns(
        *(blank(table, shown[name]).alias(f"_blank_{name}") for name in ("test_score", "mark")),
        pl.col("org_code")
        .replace_strict(dict(org_codes), default=None, return_dtype=pl.Int64)
        .alias("org_id"),
        pl.col("subject")
        .str.to_lowercase()
        .str.replace_all("ё", "е")
        .str.contains(_BASIC_MATH)
        .alias("_basic"),
    )
    ege = pl.col("exam") == EGE
    ignored = frame.filter(~ege & pl.col("test_score").is_not_null()).height
    if ignored:
        notices.append(
            f"тестовый балл бывает только у ЕГЭ: в строках ОГЭ и ГВЭ он не используется (строк {ignored})"
        )
    cells = pl.DataFrame(
        [(p.row, p.column, p.value, p.message) for p in validated.problems],
        schema=PROBLEM_SCHEMA,
        orient="row",
    )
    problems = pl.concat([cells, _row_checks(frame, shown=shown)]).sort(ROW, "column")
    rows = frame.with_columns(
        pl.when(ege).then(pl.col("test_score")).alias("test_score"),
        (pl.col("medal") == "да").fill_null(False).alias("medal_candidate"),
        pl.col("class_name").fill_null(""),
    ).select(ROW, *ROW_COLUMNS)
    return ParsedGia(rows, problems, [], notices)


def _row_checks(frame: pl.DataFrame, *, shown: dict[str, str]) -> pl.DataFrame:
    ege = pl.col("exam") == EGE
    first = pl.col(ROW).min().over("exam", "subject", "participant")
    mark_required = pl.col("exam").is_not_null() & (~ege | pl.col("_basic"))
    return pl.concat(
        [
            c.problem_rows(
                frame,
                pl.col("org_id").is_null() & pl.col("org_code").is_not_null(),
                column=shown["org_code"],
                value=pl.col("org_code"),
                message=pl.format("организация с кодом «{}» не найдена в реестре", pl.col("org_code")),
            ),
            c.problem_rows(
                frame,
                pl.col("participant").is_not_null()
                & pl.col("exam").is_not_null()
                & pl.col("subject").is_not_null()
                & (pl.col(ROW) != first),
                column=shown["participant"],
                value=pl.col("participant"),
                message=pl.format(
                    "участник «{}» уже указан в строке {} с тем же экзаменом и предметом",
                    pl.col("participant"),
                    first,
                ),
            ),
            c.problem_rows(
                frame,
                ege & ~pl.col("_basic") & pl.col("_blank_test_score"),
                column=shown["test_score"],
                value=pl.lit(""),
                message=pl.lit("не заполнен тестовый балл: для ЕГЭ он обязателен"),
            ),
            c.problem_rows(
                frame,
                mark_required & pl.col("_blank_mark"),
                column=shown["mark"],
                value=pl.lit(""),
                message=pl.when(ege)
                .then(pl.format("не заполнена отметка: для ЕГЭ по предмету «{}» она обязательна", "subject"))
                .otherwise(pl.format("не заполнена отметка: для {} она обязательна", "exam")),
            ),
        ]
    )

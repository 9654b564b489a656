"""The `courses` format (spec/data-formats.md): PD courses and competence diagnostics of teachers."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.tabular import columns as c
from msoko.tabular.problems import ROW, ImportProblem, problems_from_frame

#: spellings of `Вид` → ``registry.models.CourseKind``
KINDS = {"курсы": "course", "диагностика": "diagnostics"}
DIAGNOSTICS = "diagnostics"
_DAY_FIRST = r"^\d{1,2}\.\d{1,2}\.\d{4}$"
# an XLSX date cell reaches us as «2024-09-01 00:00:00» (calamine) or «01.09.2024» (openpyxl)
_ISO = r"^(\d{4}-\d{2}-\d{2})(?:[ T]00:00(?::00)?)?$"


def date() -> c.Parser:
    """A real calendar date written ДД.ММ.ГГГГ (or an XLSX date cell)."""

    def parse(raw: pl.Expr) -> c.Parsed:
        day_first = pl.when(raw.str.contains(_DAY_FIRST)).then(
            raw.str.strptime(pl.Date, "%d.%m.%Y", strict=False)
        )
        iso = raw.str.extract(_ISO, 1).str.strptime(pl.Date, "%Y-%m-%d", strict=False)
        value = pl.coalesce(day_first, iso)
        ok = value.dt.year().is_between(1950, 2100).fill_null(False)
        error = pl.format("ожидается дата ДД.ММ.ГГГГ, получено «{}»", raw)
        return c.Parsed(value, pl.when(~ok).then(error))

    return parse


COLUMNS = [
    c.Column("Код педагога", "teacher_code", c.code(), required=True),
    c.Column("Вид", "kind", c.choice(KINDS), required=True),
    c.Column("Наименование", "title", c.text(max_length=500), required=True),
    c.Column("Часы", "hours", c.integer(low=0, high=10_000), aliases=("количество часов",)),
    c.Column("Дата", "date", date(), required=True),
    c.Column("Результат, %", "result_percent", c.percent(), aliases=("Результат",)),
    c.Column("Дефициты", "deficits", c.text(max_length=5000)),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("courses", "Курсы", "ДПО")
KEY = ("teacher_code", "kind", "title", "date")


def check_courses(
    frame: pl.DataFrame, *, teacher_orgs: Mapping[str, int], shown: Mapping[str, str]
) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """Registry and cross-row checks: a known teacher, one row per course, results only for
    diagnostics. They run even when some cells are invalid, so every problem is shown at once."""
    # an absent optional column comes as nulls of no type
    frame = frame.with_columns(
        pl.col("hours").cast(pl.Int64),
        pl.col("result_percent").cast(pl.Float64),
        pl.col("deficits").cast(pl.String),
    ).with_columns(
        pl.col("teacher_code")
        .replace_strict(dict(teacher_orgs), default=None, return_dtype=pl.Int64)
        .alias("org_id"),
        pl.col("deficits")
        .str.split(";")
        .list.eval(pl.element().str.strip_chars())
        .list.filter(pl.element() != "")
        .list.join("; ")
        .fill_null(""),
    )
    first = pl.col(ROW).min().over(KEY)
    course = pl.col("kind") == "course"
    checks = [
        c.problem_rows(
            frame,
            pl.col("org_id").is_null() & pl.col("teacher_code").is_not_null(),
            column=shown["teacher_code"],
            value=pl.col("teacher_code"),
            message=pl.format(
                "педагог с кодом «{}» не найден в реестре: сначала загрузите педагогов", "teacher_code"
            ),
        ),
        c.problem_rows(
            frame,
            pl.all_horizontal(pl.col(k).is_not_null() for k in KEY) & (pl.col(ROW) != first),
            column=shown["title"],
            value=pl.col("title"),
            message=pl.format("та же запись (педагог, вид, наименование и дата) уже есть в строке {}", first),
        ),
        c.problem_rows(
            frame,
            course & pl.col("result_percent").is_not_null(),
            column=shown["result_percent"],
            value=pl.col("result_percent"),
            message=pl.lit("результат указывается только для диагностики"),
        ),
        # a course row may name the deficits it addresses (spec: courses), to be matched with
        # the teacher's earlier diagnostic (teachers.courses_for_deficits_share)
    ]
    return frame, problems_from_frame(pl.concat(checks))

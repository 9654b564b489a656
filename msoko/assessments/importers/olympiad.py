"""The `olympiad` format (spec/data-formats.md): protocols of the stages of the all-Russian olympiad."""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from msoko.tabular import columns as c
from msoko.tabular.problems import ROW, ImportProblem, problems_from_frame

#: `Этап` → the procedure kind (the values of ``assessments.models.ProcedureKind.OLYMPIAD_*``)
STAGES = {
    "школьный": "ВсОШ-школьный",
    "муниципальный": "ВсОШ-муниципальный",
    "региональный": "ВсОШ-региональный",
    "заключительный": "ВсОШ-заключительный",
}
#: `Статус` → the stored status (the values of ``assessments.models.OlympiadStatus``)
STATUSES = {"участник": "участник", "призёр": "призёр", "призер": "призёр", "победитель": "победитель"}
MAX_SCORE = 99_999  # the database keeps 7 digits with 2 after the point
_GRADE_RE = r"^(\d{1,2})(?:\.0+)?\s*[А-ЯЁA-Z]?$"


def olympiad_grade() -> c.Parser:
    """The grade 4–11 of the participant; a class name such as «9А» means grade 9."""

    def parse(raw: pl.Expr) -> c.Parsed:
        grade = raw.str.to_uppercase().str.extract(_GRADE_RE, 1).cast(pl.Int64, strict=False)
        ok = grade.is_between(4, 11).fill_null(False)
        error = pl.format("ожидается класс от 4 до 11 (например, 9 или 9А), получено «{}»", raw)
        return c.Parsed(grade, pl.when(~ok).then(error))

    return parse


def positive_decimal() -> c.Parser:
    parse_number = c.decimal(low=0, high=MAX_SCORE)

    def parse(raw: pl.Expr) -> c.Parsed:
        parsed = parse_number(raw)
        error = (
            pl.when(parsed.error.is_null() & (parsed.value <= 0))
            .then(pl.format("ожидается число больше 0, получено «{}»", raw))
            .otherwise(parsed.error)
        )
        return c.Parsed(parsed.value, error)

    return parse


COLUMNS = [
    c.Column("Этап", "stage", c.choice(STAGES), required=True),
    c.Column("Предмет", "subject", c.text(max_length=100), required=True),
    c.Column("Код ОО", "org_code", c.code(), required=True, aliases=("логин", "логин ОО")),
    c.Column("Код участника", "participant", c.code(), required=True),
    c.Column("Класс", "grade", olympiad_grade(), required=True),
    c.Column("Баллы", "score", c.decimal(low=0, high=MAX_SCORE), required=True, aliases=("балл",)),
    c.Column("Максимальный балл", "max_score", positive_decimal()),
    c.Column("Статус", "status", c.choice(STATUSES), required=True),
]
REQUIRED = [col.spellings for col in COLUMNS if col.required]
SHEET_NAMES = ("olympiad", "Олимпиада", "ВсОШ")


def check_olympiad(
    frame: pl.DataFrame, *, org_codes: Mapping[str, int], shown: Mapping[str, str]
) -> tuple[pl.DataFrame, list[ImportProblem]]:
    """Registry and cross-row checks: a known organisation, one row per participant of a stage
    and subject, a score within the maximum. They run even when some cells are invalid."""
    frame = frame.with_columns(
        pl.col("org_code")
        .replace_strict(dict(org_codes), default=None, return_dtype=pl.Int64)
        .alias("org_id"),
        # an absent optional column comes as nulls of no type
        pl.col("score").cast(pl.Float64).round(2),
        pl.col("max_score").cast(pl.Float64).round(2),
    )
    first = pl.col(ROW).min().over("stage", "subject", "participant")
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
            pl.all_horizontal(pl.col(k).is_not_null() for k in ("stage", "subject", "participant"))
            & (pl.col(ROW) != first),
            column=shown["participant"],
            value=pl.col("participant"),
            message=pl.format(
                "участник «{}» уже указан в строке {} с тем же этапом и предметом", "participant", first
            ),
        ),
        c.problem_rows(
            frame,
            pl.col("score") > pl.col("max_score"),
            column=shown["score"],
            value=_shown_number(pl.col("score")),
            message=pl.format(
                "баллы {} больше максимального балла {}",
                _shown_number(pl.col("score")),
                _shown_number(pl.col("max_score")),
            ),
        ),
    ]
    return frame, problems_from_frame(pl.concat(checks))


def _shown_number(number: pl.Expr) -> pl.Expr:
    """«12» for 12.0 and «12,5» for 12.5, as a Russian user writes them."""
    return (
        pl.when(number == number.floor())
        .then(number.cast(pl.Int64).cast(pl.String))
        .otherwise(number.cast(pl.String).str.replace(".", ",", literal=True))
    )

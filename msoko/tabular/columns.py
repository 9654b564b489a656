"""Declarative column specs and vectorised parsers with Russian error messages.

A parser turns the raw text of a column (stripped, null when empty) into a typed value and
an error message (null when the cell is fine). Everything is a Polars expression, so a
million-row file is validated without a Python loop; every problem is collected, never
only the first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from msoko.tabular.problems import PROBLEM_SCHEMA, ROW, ImportProblem, problems_from_frame
from msoko.tabular.reading import Table, normalize_header

FORMULA_START = r"^[=+\-@]"


@dataclass(frozen=True)
class Parsed:
    value: pl.Expr
    error: pl.Expr


Parser = Callable[[pl.Expr], Parsed]


@dataclass(frozen=True)
class Column:
    header: str
    name: str
    parser: Parser
    required: bool = False
    #: The cell must be filled; by default the same as ``required``.
    nonempty: bool | None = None
    aliases: tuple[str, ...] = ()

    @property
    def spellings(self) -> tuple[str, ...]:
        return (self.header, *self.aliases)

    @property
    def must_be_filled(self) -> bool:
        return self.required if self.nonempty is None else self.nonempty


@dataclass
class Validated:
    """Typed rows (``ROW`` plus one column per spec), every problem, and notices."""

    frame: pl.DataFrame
    problems: list[ImportProblem]
    present: set[str] = field(default_factory=set)
    notices: list[str] = field(default_factory=list)


def _got(raw: pl.Expr, expected: str) -> pl.Expr:
    return pl.format("ожидается {}, получено «{}»", pl.lit(expected), raw)


def text(*, max_length: int = 500) -> Parser:
    def parse(raw: pl.Expr) -> Parsed:
        value = raw.str.replace_all(r"\s+", " ")
        error = (
            pl.when(raw.str.contains(FORMULA_START))
            .then(
                pl.format(
                    "ячейка начинается с «{}»: формулы в текстовых ячейках не допускаются",
                    raw.str.slice(0, 1),
                )
            )
            .when(raw.str.len_chars() > max_length)
            .then(pl.lit(f"текст длиннее {max_length} символов"))
        )
        return Parsed(value, error)

    return parse


def code() -> Parser:
    """Codes are strings: keep leading zeros, drop spaces, read Excel's ``1234.0`` as ``1234``."""

    def parse(raw: pl.Expr) -> Parsed:
        # literal operations only: a region file has a million distinct participant codes
        spaceless = raw.str.replace_all(" ", "", literal=True).str.replace_all("\u00a0", "", literal=True)
        without_tail = spaceless.str.strip_suffix(".0")
        value = (
            pl.when(spaceless.str.ends_with(".0") & without_tail.str.contains(r"^\d+$"))
            .then(without_tail)
            .otherwise(spaceless)
        )
        first = raw.str.slice(0, 1)
        error = pl.when(first.is_in(["=", "+", "-", "@"])).then(
            pl.format("код не может начинаться с «{}» (похоже на формулу)", first)
        )
        return Parsed(value, error)

    return parse


def _number(raw: pl.Expr) -> pl.Expr:
    return raw.str.replace_all(r"\s+", "").str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)


def integer(*, low: int | None = None, high: int | None = None, expected: str | None = None) -> Parser:
    words = expected or _range_words("целое число", low, high)

    def parse(raw: pl.Expr) -> Parsed:
        number = _number(raw)
        bad = number.is_null() | (number != number.floor()) | number.is_nan()
        if low is not None:
            bad = bad | (number < low)
        if high is not None:
            bad = bad | (number > high)
        return Parsed(number.cast(pl.Int64, strict=False), pl.when(bad).then(_got(raw, words)))

    return parse


def decimal(*, low: float | None = None, high: float | None = None, expected: str | None = None) -> Parser:
    words = expected or _range_words("число", low, high)

    def parse(raw: pl.Expr) -> Parsed:
        number = _number(raw)
        bad = number.is_null() | number.is_nan()
        if low is not None:
            bad = bad | (number < low)
        if high is not None:
            bad = bad | (number > high)
        return Parsed(number, pl.when(bad).then(_got(raw, words)))

    return parse


def percent() -> Parser:
    return decimal(low=0, high=100, expected="процент от 0 до 100")


def mark() -> Parser:
    return integer(low=2, high=5, expected="отметка от 2 до 5")


def _range_words(noun: str, low: float | None, high: float | None) -> str:
    if low is not None and high is not None:
        return f"{noun} от {low:g} до {high:g}"
    if low is not None:
        return f"{noun} не меньше {low:g}"
    if high is not None:
        return f"{noun} не больше {high:g}"
    return noun


def choice(options: Mapping[str, str]) -> Parser:
    """One of the listed spellings (matched like headers); ``options`` maps spelling → stored value."""
    normalized = {normalize_header(k): v for k, v in options.items()}
    shown = ", ".join(f"«{k}»" for k in dict.fromkeys(options))

    def parse(raw: pl.Expr) -> Parsed:
        key = raw.str.to_lowercase().str.replace_all("ё", "е").str.replace_all(r"\s+", " ")
        value = key.replace_strict(normalized, default=None, return_dtype=pl.String)
        return Parsed(value, pl.when(value.is_null()).then(_got(raw, f"одно из значений: {shown}")))

    return parse


CLASS_NAME_RE = r"^(\d{1,2})\s*([А-ЯЁA-Z]?)$"


def class_name() -> Parser:
    """A grade 1–11 followed by an optional letter: «5А», «11», «9 Б» → «5А», «11», «9Б»."""

    def parse(raw: pl.Expr) -> Parsed:
        upper = raw.str.to_uppercase()
        grade = upper.str.extract(CLASS_NAME_RE, 1).cast(pl.Int64, strict=False)
        letter = upper.str.extract(CLASS_NAME_RE, 2)
        ok = grade.is_between(1, 11)
        value = pl.when(ok).then(pl.concat_str(grade.cast(pl.String), letter.fill_null("")))
        expected = "класс: параллель от 1 до 11 и необязательная буква (5А, 11, 9 Б)"
        return Parsed(value, pl.when(~ok.fill_null(False)).then(_got(raw, expected)))

    return parse


def validate(table: Table, columns: Sequence[Column]) -> Validated:
    """Parse every column of the spec and collect every problem, row by row and column by column."""
    by_spelling = {normalize_header(s): col for col in columns for s in col.spellings}
    source: dict[str, str] = {}
    notices = list(table.notices)
    for name in table.frame.columns:
        if name == ROW:
            continue
        header = normalize_header(name.split("__")[0]) if "__" in name else normalize_header(name)
        spec = by_spelling.get(header)
        if spec is None or spec.name in source:
            if not name.startswith("__empty"):
                notices.append(f"столбец «{name}» не используется и пропущен")
            continue
        source[spec.name] = name

    missing = [col for col in columns if col.required and col.name not in source]
    if missing:
        return Validated(
            frame=table.frame.select(ROW),
            problems=[
                ImportProblem(
                    table.header_row, col.header, "", f"не найден обязательный столбец «{col.header}»"
                )
                for col in missing
            ],
            notices=notices,
        )

    typed, problem_frame = parse_columns(table.frame, columns, source=source)
    return Validated(
        frame=typed,
        problems=problems_from_frame(problem_frame),
        present=set(source),
        notices=notices,
    )


def parse_columns(
    frame: pl.DataFrame,
    columns: Sequence[Column],
    *,
    source: dict[str, str],
    shown: dict[str, str] | None = None,
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Parse the columns of ``frame`` named in ``source`` (spec name → frame column).

    Returns the typed rows (``ROW`` + one column per spec; absent columns are null) and the
    problems as a (row, column, value, message) frame; ``shown`` names each column in
    messages when the frame's names are not the file's headers.

    Most columns of a big file repeat a few values (task scores, marks, class names), so each
    distinct cell is parsed once — trimmed, checked, converted — and mapped back: a
    million-row file costs one hash lookup per cell instead of the parser's string work. The
    distinct values of every column are found in one query, and mapped back in one, so Polars
    spreads the columns over the cores.
    """
    shown = shown or source
    present = [col for col in columns if col.name in source]
    distinct = frame.select(pl.col(source[col.name]).unique().implode().alias(col.name) for col in present)
    values: dict[str, pl.Series] = {}  # parsed cell by cell
    mapped: dict[str, pl.Expr] = {}  # parsed value by value, mapped back in one query
    problems: dict[str, pl.DataFrame] = {}
    for col in present:
        cells = distinct.get_column(col.name)[0]
        raw = frame.select(ROW, pl.col(source[col.name]).alias(CELL))
        if cells.len() * 4 >= frame.height:  # mostly distinct (codes): parse every cell
            parsed = _parse(raw, col)
            values[col.name] = parsed.get_column(VALUE)
            problems[col.name] = parsed.filter(pl.col(ERROR).is_not_null()).select(ROW, RAW, ERROR)
            continue
        parsed = _parse(pl.DataFrame({CELL: cells}, schema={CELL: pl.String}), col)
        filled = parsed.filter(pl.col(CELL).is_not_null())
        mapped[col.name] = (
            pl.col(source[col.name])
            .replace_strict(filled.get_column(CELL), filled.get_column(VALUE), default=None)
            .alias(col.name)
        )
        bad = parsed.filter(pl.col(ERROR).is_not_null())
        if not bad.is_empty():
            found = raw.join(bad.select(CELL, RAW, ERROR), on=CELL, how="inner", nulls_equal=True)
            problems[col.name] = found.select(ROW, RAW, ERROR).sort(ROW)
    values |= {series.name: series for series in frame.select(mapped.values()).get_columns()}
    typed = frame.select(ROW).with_columns(
        values[col.name].alias(col.name) if col.name in values else pl.lit(None).alias(col.name)
        for col in columns
    )
    errors = [
        found.select(
            pl.col(ROW),
            pl.lit(shown[name]).alias("column"),
            pl.col(RAW).alias("value"),
            pl.col(ERROR).alias("message"),
        )
        for name, found in problems.items()
        if found.height
    ]
    return typed, (pl.concat(errors) if errors else pl.DataFrame(schema=PROBLEM_SCHEMA))


CELL, RAW, VALUE, ERROR = "__cell", "__raw", "__value", "__error"


def _parse(cells: pl.DataFrame, col: Column) -> pl.DataFrame:
    """Trim each cell (empty → null), then parse it: RAW, VALUE and ERROR columns."""
    trimmed = pl.col(CELL).str.strip_chars()
    cells = cells.with_columns(pl.when(trimmed == "").then(None).otherwise(trimmed).alias(RAW))
    raw = pl.col(RAW)
    parsed = col.parser(raw)
    error = pl.when(raw.is_not_null()).then(parsed.error)
    if col.must_be_filled:
        error = pl.when(raw.is_null()).then(pl.lit("не заполнена обязательная ячейка")).otherwise(error)
    return cells.with_columns(error.alias(ERROR)).with_columns(
        # an invalid cell never passes on a half-parsed value
        pl.when(raw.is_not_null() & pl.col(ERROR).is_null()).then(parsed.value).alias(VALUE)
    )


def written_headers(table: Table, columns: Sequence[Column]) -> dict[str, str]:
    """Each column's header as written in the file (the spec's header when the column is absent)."""
    by_spelling = {normalize_header(s): col.name for col in columns for s in col.spellings}
    found: dict[str, str] = {}
    for name in table.frame.columns:
        key = by_spelling.get(normalize_header(name))
        if key is not None:
            found.setdefault(key, name)
    return {col.name: found.get(col.name, col.header) for col in columns}


def problem_rows(
    frame: pl.DataFrame, mask: pl.Expr, *, column: str, value: pl.Expr, message: pl.Expr
) -> pl.DataFrame:
    """Rows where ``mask`` holds, as problems of one column (for checks across rows or the database).

    The expressions are evaluated on the whole frame before filtering, so window expressions
    (such as the first row of a repeated code) see every row.
    """
    hits = frame.select(mask.fill_null(False).alias("__mask")).get_column("__mask")
    if not hits.any():  # the usual case in a valid file: no messages to build
        return pl.DataFrame(schema=PROBLEM_SCHEMA)
    return frame.select(
        pl.col(ROW),
        pl.lit(column).alias("column"),
        value.cast(pl.String).alias("value"),
        message.alias("message"),
    ).filter(hits)

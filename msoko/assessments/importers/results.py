"""The `results` format (ВПР, НИКО, РКР, МОП): validate a participants × tasks file against its scheme.

Pure Polars, no Django: the service passes the scheme's shape and the registry's code map in
and gets typed rows and every problem back. A million rows are checked with column
expressions, never a Python loop over rows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import polars as pl

from msoko.assessments.encoding import NOT_ATTEMPTED, NOT_TAUGHT, SEPARATOR
from msoko.assessments.importers.layouts import (
    LAYOUTS,
    SHEET_NAMES,
    Canonical,
    canonical_results,
    unused_notices,
)
from msoko.tabular import columns as c
from msoko.tabular.problems import PROBLEM_SCHEMA, ROW, ImportProblem
from msoko.tabular.reading import Table

__all__ = ["LAYOUTS", "SHEET_NAMES", "OtherMunicipalities", "ParsedResults", "WorkShape", "parse_results"]

ABSENT = "отсутствовал"
NO_MARK = ("нет отметки", "нет", "-", "—")
# «д»/«девочка» and «м»/«мальчик» are how some schools of the real 2021 regional files wrote it
SEXES = {
    **dict.fromkeys(("м", "муж", "мужской", "мальчик", "мал"), "М"),
    **dict.fromkeys(("ж", "жен", "женский", "д", "дев", "девочка"), "Ж"),
}
#: columns no computation needs to be right: an unreadable value is dropped with a notice and
#: the row is kept (docs/methodology.md#auxiliary-columns)
AUXILIARY = ("variant", "sex")
_NOT_ATTEMPTED_SPELLINGS = ["X", "Х", "H", "Н"]  # Latin and Cyrillic, any case after upper-casing
_FISOKO_LOGIN = re.compile(r"^(sch|edu|ksh)(\d+)$")


@dataclass(frozen=True)
class WorkShape:
    """What validation needs to know of a scheme: its tasks in column order and its scale."""

    labels: tuple[str, ...]
    maxima: tuple[int, ...]
    scale: dict[int, int]  # mark → lowest primary score
    grade: int

    @property
    def max_score(self) -> int:
        return sum(self.maxima)

    def mark(self, total: pl.Expr) -> pl.Expr:
        expr = pl.lit(2, dtype=pl.Int64)
        for mark_value in sorted(self.scale):
            expr = (
                pl.when(total >= self.scale[mark_value])
                .then(pl.lit(mark_value, dtype=pl.Int64))
                .otherwise(expr)
            )
        return pl.when(total.is_not_null()).then(expr)


@dataclass
class OtherMunicipalities:
    """A regional export's rows of organisations outside the registry (``regional``): counted,
    never stored as ours; the valid ones feed the region's figures."""

    rows: int = 0
    organizations: int = 0
    invalid: int = 0  # rows with an error: counted only, left out of the region's figures
    valid: pl.DataFrame = field(default_factory=pl.DataFrame)  # same columns as ParsedResults.rows


@dataclass
class ParsedResults:
    """Valid rows ready to store, every problem (as a frame), and what the user should know."""

    rows: (
        pl.DataFrame
    )  # ROW, org_id, org_code, class_name, participant, variant, absent, scores, total, mark, ...
    problems: pl.DataFrame  # ROW, column, value, message
    structural: list[ImportProblem] = field(default_factory=list)  # the file as a whole is wrong
    notices: list[str] = field(default_factory=list)
    aliases: dict[str, int] = field(default_factory=dict)  # new login → organisation id (sch… ↔ edu…)
    #: ROW, org_code, participant_code of every row as written (stripped), valid or not
    keys: pl.DataFrame = field(default_factory=pl.DataFrame)
    others: OtherMunicipalities | None = None  # a regional export's other municipalities
    headers: dict[str, str] = field(default_factory=dict)  # canonical name → the file's header

    @property
    def bad_rows(self) -> pl.Series:
        return self.problems.get_column(ROW).unique()


def _token_parser(maximum: int) -> c.Parser:
    """A task cell: a score 0..max, «X» (not attempted) or «не пройд.» (not taught yet)."""

    def parse(raw: pl.Expr) -> c.Parsed:
        upper = raw.str.to_uppercase()
        not_attempted = upper.is_in(_NOT_ATTEMPTED_SPELLINGS)
        not_taught = raw.str.to_lowercase().str.contains(r"^не\s*пройд")
        number = raw.str.replace(",", ".", literal=True).cast(pl.Float64, strict=False)
        valid_number = number.is_not_null() & (number == number.floor()) & number.is_between(0, maximum)
        token = (
            pl.when(not_attempted)
            .then(pl.lit(NOT_ATTEMPTED))
            .when(not_taught)
            .then(pl.lit(NOT_TAUGHT))
            .when(valid_number)
            .then(number.cast(pl.Int64).cast(pl.String))
        )
        error = pl.when(token.is_null()).then(
            pl.format(
                "ожидается балл от 0 до {}, «X» (не приступал) или «не пройд.», получено «{}»",
                pl.lit(maximum),
                raw,
            )
        )
        return c.Parsed(token, error)

    return parse


def _journal_mark() -> c.Parser:
    mark = c.mark()

    def parse(raw: pl.Expr) -> c.Parsed:
        none = raw.str.to_lowercase().is_in(list(NO_MARK))
        parsed = mark(raw)
        return c.Parsed(pl.when(~none).then(parsed.value), pl.when(~none).then(parsed.error))

    return parse


def _columns(shape: WorkShape, *, free_class_names: bool) -> list[c.Column]:
    # our own format is strict about class names; ФИС ОКО's class cell is free text
    class_parser = c.text(max_length=40) if free_class_names else c.class_name()
    return [
        c.Column("Код ОО", "org_code", c.code(), required=True),
        c.Column("Класс", "class_name", class_parser, required=True),
        c.Column("Код участника", "participant", c.code(), required=True),
        c.Column("Вариант", "variant", c.text(max_length=20)),
        c.Column("Сумма баллов", "total", c.integer(low=0, high=shape.max_score)),
        c.Column("Отметка", "mark", c.mark()),
        c.Column("Отметка по журналу", "journal_mark", _journal_mark()),
        c.Column("Пол", "sex", c.choice(SEXES)),
        *(
            c.Column(label, f"t{i}", _token_parser(maximum))
            for i, (label, maximum) in enumerate(zip(shape.labels, shape.maxima, strict=True))
        ),
    ]


def _dropped_notices(dropped: pl.DataFrame) -> list[str]:
    """«столбец «Пол»: в 6 строках значение не распознано («x», «?») и пропущено; строки загружены»."""
    out = []
    for (column,), group in dropped.group_by("column", maintain_order=True):
        examples = ", ".join(f"«{v}»" for v in group["value"].unique(maintain_order=True).head(3).to_list())
        out.append(
            f"столбец «{column}»: в {group.height} стр. значение не распознано ({examples}) и пропущено; "
            "строки загружены"
        )
    return out


#: rows parsed at a time: each cell of a part is expanded into several temporary columns, so
#: the memory a file needs beyond its rows grows with the part, not with the file (issue 16)
PART_ROWS = 100_000
#: a hash of (organisation, participant) per row, made with its part: repeats across the file
#: are looked for in one 64-bit column instead of two text ones
PAIR_HASH = "__pair_hash"


@dataclass
class _Part:
    """What one part of the rows parses to: every check that needs only its own rows."""

    rows: pl.DataFrame  # ROW, org_code, class_name, participant, …, org_id
    problems: pl.DataFrame
    dropped: pl.DataFrame  # unreadable auxiliary cells: the row is kept
    keys: pl.DataFrame
    aliases: dict[str, int]  # new login → organisation id


def parse_results(
    table: Table | Iterable[Table],
    *,
    shape: WorkShape,
    org_codes: dict[str, int],
    regional: bool = False,
    keep_keys: bool = True,
) -> ParsedResults:
    """Validate every cell and every rule of spec/data-formats.md (`results`).

    ``table`` is the whole file, or the file's parts as read (`read_table_parts`): the rows
    are parsed in parts of at most ``PART_ROWS`` and each part's text is let go once parsed;
    the checks across rows (the registry's codes, a participant twice) run once on the parsed
    rows of the whole file.

    ``regional``: the file is the region's export; a row whose organisation is not in the
    registry (nor an alias of one) belongs to another municipality — not an error, and not in
    ``rows`` or ``problems``: it is counted in ``others``, its valid rows kept apart.
    ``keep_keys=False`` leaves ``keys`` empty: the caller takes them from the invalid rows
    alone (`written_keys`), which a region's file of valid rows does not need to hold.
    """
    tables = iter([table] if isinstance(table, Table) else table)
    first = next(tables)
    canonical = canonical_results(
        first, labels=list(shape.labels), maxima=list(shape.maxima), grade=shape.grade
    )
    if canonical.problems:
        return ParsedResults(
            pl.DataFrame(), pl.DataFrame(schema=PROBLEM_SCHEMA), canonical.problems, canonical.notices
        )
    shown = {name: canonical.headers.get(name, name) for name in canonical.frame.columns if name != ROW}
    columns = _columns(shape, free_class_names=canonical.layout != "canonical")
    # the columns every file has, and the optional ones this file has
    tokens = {f"t{i}" for i in range(len(shape.labels))}
    parsed = {
        k for k in shown if k in {"org_code", "class_name", "participant", *tokens} or k in canonical.headers
    }
    filled = {h for h in canonical.unused if not first.frame.get_column(h).is_null().all()}
    parts = [
        _parse_part(
            frame,
            shape=shape,
            columns=columns,
            shown=shown,
            parsed=parsed,
            keep_keys=keep_keys,
            org_codes=org_codes,
        )
        for frame in _frames(canonical, tables, filled)
    ]
    rows = pl.concat([part.rows for part in parts], rechunk=False)
    aliases = {code: org_id for part in parts for code, org_id in part.aliases.items()}
    notices = unused_notices([h for h in canonical.unused if h in filled])
    notices += [f"логин «{code}» принят как другой код той же организации" for code in sorted(aliases)]
    notices += _dropped_notices(pl.concat([part.dropped for part in parts]))
    problems = pl.concat(
        [*(part.problems for part in parts), *_file_checks(rows, shown=shown, regional=regional)]
    ).sort(ROW, "column")
    rows = rows.select(
        ROW, "org_id", *(name for name in rows.columns if name not in (ROW, "org_id", PAIR_HASH))
    )
    keys = pl.concat([part.keys for part in parts], rechunk=False)
    others = None
    if regional:
        rows, problems, others = _split_other_municipalities(rows, problems)
        keys = keys.join(rows.select(ROW), on=ROW, how="semi")
    return ParsedResults(rows, problems, [], notices, aliases, keys, others, canonical.headers)


def _frames(canonical: Canonical, later: Iterator[Table], filled: set[str]) -> Iterator[pl.DataFrame]:
    """The rows under canonical names, at most ``PART_ROWS`` at a time (at least one frame);
    ``filled`` gathers the unused columns that have a value in the tables read after the first."""
    frame: pl.DataFrame | None = canonical.frame
    while frame is not None:
        for offset in range(0, max(frame.height, 1), PART_ROWS):
            yield frame.slice(offset, PART_ROWS)
        table = next(later, None)
        frame = None
        if table is not None:
            filled.update(h for h in canonical.unused if table.frame.get_column(h).is_not_null().any())
            frame = canonical.rows_of(table.frame)


def _parse_part(
    frame: pl.DataFrame,
    *,
    shape: WorkShape,
    columns: list[c.Column],
    shown: dict[str, str],
    parsed: set[str],
    keep_keys: bool,
    org_codes: dict[str, int],
) -> _Part:
    """Parse the cells of some rows, find their organisations and check each row on its own."""
    frame = frame.with_columns(
        (pl.col("variant").str.strip_chars().str.to_lowercase() == ABSENT).fill_null(False).alias("absent")
    )
    tokens = [f"t{i}" for i in range(len(shape.labels))]
    typed, cell_problems = c.parse_columns(frame, columns, source={k: k for k in parsed}, shown=shown)
    typed = typed.with_columns(frame.get_column("absent"))
    # an absent participant has no scores to check
    cell_problems = (
        cell_problems.join(
            typed.filter(pl.col("absent")).select(ROW, pl.lit(True).alias("_absent")), on=ROW, how="left"
        )
        .filter(~(pl.col("_absent").fill_null(False) & pl.col("column").is_in([shown[t] for t in tokens])))
        .drop("_absent")
    )
    auxiliary = [shown[name] for name in AUXILIARY if name in shown]
    dropped = cell_problems.filter(pl.col("column").is_in(auxiliary))
    cell_problems = cell_problems.filter(~pl.col("column").is_in(auxiliary))
    computed = pl.sum_horizontal(
        pl.when(pl.col(t).is_in([NOT_ATTEMPTED, NOT_TAUGHT]))
        .then(0)
        .otherwise(pl.col(t).cast(pl.Int64, strict=False))
        for t in tokens
    )
    typed = typed.with_columns(
        pl.when(~pl.col("absent")).then(computed).alias("computed_total"),
    ).with_columns(shape.mark(pl.col("computed_total")).alias("computed_mark"))
    checks = _row_checks(typed, tokens=tokens, shown=shown, raw=frame)
    rows = typed.select(
        ROW,
        "org_code",
        "class_name",
        "participant",
        pl.col("variant").fill_null(""),
        "absent",
        pl.when(~pl.col("absent"))
        .then(pl.concat_str([pl.col(t) for t in tokens], separator=SEPARATOR))
        .alias("scores"),
        pl.col("computed_total").alias("total"),
        pl.col("computed_mark").alias("mark"),
        "journal_mark",
        pl.col("sex").fill_null(""),
    )
    keys = written_keys(frame if keep_keys else frame.clear())
    rows, aliases = _resolve_organizations(rows, org_codes)
    # one chunk per column: the parts' columns then line up, and Polars does not copy the
    # whole file's rows to align their chunks on the first query over all of them
    rows = rows.with_columns(pl.struct("org_code", "participant").hash().alias(PAIR_HASH)).rechunk()
    return _Part(rows, pl.concat([cell_problems, checks]), dropped, keys, aliases)


def written_keys(
    frame: pl.DataFrame, *, org_code: str = "org_code", participant: str = "participant"
) -> pl.DataFrame:
    """ROW, org_code, participant_code as written, without spaces: how a quarantined row is
    recognised in a corrected file (``org_code``, ``participant``: the columns holding them)."""
    return frame.select(
        ROW,
        pl.col(org_code).str.replace_all(r"\s+", "").alias("org_code"),
        pl.col(participant).str.replace_all(r"\s+", "").alias("participant_code"),
    )


def _split_other_municipalities(
    rows: pl.DataFrame, problems: pl.DataFrame
) -> tuple[pl.DataFrame, pl.DataFrame, OtherMunicipalities]:
    """Rows with a code the registry does not know are another municipality's: ours and the
    problems of ours are returned, theirs counted, their valid rows kept apart."""
    theirs = pl.col("org_id").is_null() & pl.col("org_code").is_not_null()
    other = rows.filter(theirs)
    ours = rows.filter(~theirs)
    bad = problems.get_column(ROW).unique().implode()
    other_bad = other.filter(pl.col(ROW).is_in(bad))
    return (
        ours,
        problems.join(other.select(ROW), on=ROW, how="anti"),
        OtherMunicipalities(
            rows=other.height,
            organizations=other.get_column("org_code").n_unique(),
            invalid=other_bad.height,
            valid=other.filter(~pl.col(ROW).is_in(bad)),
        ),
    )


def _resolve_organizations(
    typed: pl.DataFrame, org_codes: dict[str, int]
) -> tuple[pl.DataFrame, dict[str, int]]:
    """Codes from the registry; an unknown ФИС ОКО login whose number matches a known one
    (`edu223017` for `sch223017`) is the same organisation and becomes its alias. Each code
    is decided on its own, so the parts of a file are resolved apart."""
    by_number: dict[str, int] = {}
    for code, org_id in org_codes.items():
        m = _FISOKO_LOGIN.match(code)
        if m:
            by_number.setdefault(m.group(2), org_id)
    unknown = set(typed.get_column("org_code").drop_nulls().unique().to_list()) - set(org_codes)
    aliases = {}
    for code in sorted(unknown):
        m = _FISOKO_LOGIN.match(code)
        if m and m.group(2) in by_number:
            aliases[code] = by_number[m.group(2)]
    mapping = {**org_codes, **aliases}
    typed = typed.with_columns(
        pl.col("org_code").replace_strict(mapping, default=None, return_dtype=pl.Int64).alias("org_id")
    )
    return typed, aliases


def _row_checks(
    typed: pl.DataFrame, *, tokens: list[str], shown: dict[str, str], raw: pl.DataFrame
) -> pl.DataFrame:
    """The checks of a row against itself: scores missing or beyond the work, totals and marks."""
    present = ~pl.col("absent")
    extra_cells = [
        c.problem_rows(
            raw,
            pl.col(name).str.strip_chars().fill_null("") != "",
            column=name.removeprefix("extra:"),
            value=pl.col(name),
            message=pl.lit(f"в работе {len(tokens)} заданий, а в этой строке есть балл сверх них"),
        )
        for name in raw.columns
        if name.startswith("extra:")
    ]
    # only rows with an empty token can miss a score: look at their raw cells, not at every row
    suspects = typed.filter(
        ~pl.col("absent") & pl.any_horizontal(pl.col(t).is_null() for t in tokens)
    ).select(ROW)
    candidates = raw.join(suspects, on=ROW, how="semi")
    missing_task = [
        c.problem_rows(
            candidates.select(ROW, pl.col(t).str.strip_chars().alias("cell"), "absent"),
            ~pl.col("absent") & (pl.col("cell").is_null() | (pl.col("cell") == "")),
            column=shown[t],
            value=pl.lit(""),
            message=pl.lit("не заполнен балл за задание"),
        )
        for t in tokens
    ]
    return pl.concat(
        [
            *missing_task,
            *extra_cells,
            c.problem_rows(
                typed,
                present & pl.col("total").is_not_null() & (pl.col("total") != pl.col("computed_total")),
                column=shown.get("total", "Сумма баллов"),
                value=pl.col("total"),
                message=pl.format(
                    "сумма баллов {} не равна сумме баллов за задания {}",
                    pl.col("total"),
                    pl.col("computed_total"),
                ),
            ),
            c.problem_rows(
                typed,
                present
                & pl.col("mark").is_not_null()
                & pl.col("computed_mark").is_not_null()
                & (pl.col("mark") != pl.col("computed_mark")),
                column=shown.get("mark", "Отметка"),
                value=pl.col("mark"),
                message=pl.format(
                    "отметка «{}» не соответствует шкале: за {} баллов полагается «{}»",
                    pl.col("mark"),
                    pl.col("computed_total"),
                    pl.col("computed_mark"),
                ),
            ),
        ]
    )


def _file_checks(rows: pl.DataFrame, *, shown: dict[str, str], regional: bool) -> list[pl.DataFrame]:
    """The checks across the file: a code the registry does not know, a participant twice.

    Repeats are looked for by the hash of (organisation, participant) of each row first, so the
    usual file without any costs a test of one integer per row; only rows sharing a hash are
    compared as text.
    """
    unknown = c.problem_rows(
        rows,
        pl.col("org_id").is_null() & pl.col("org_code").is_not_null() & pl.lit(not regional),
        column=shown["org_code"],
        value=pl.col("org_code"),
        message=pl.format("организация с кодом «{}» не найдена в реестре", pl.col("org_code")),
    )
    keyed = pl.col("participant").is_not_null() & pl.col("org_code").is_not_null()
    shared = rows.select((keyed & pl.col(PAIR_HASH).is_duplicated()).alias("shared")).get_column("shared")
    if not shared.any():
        return [unknown]
    first = pl.col(ROW).min().over("org_code", "participant")
    repeated = c.problem_rows(
        # rechunked: the few rows with a shared hash, from the parts' chunks (a window over a
        # string column of many chunks trips an assertion in Polars 2.1)
        rows.filter(shared).select(ROW, "org_code", "participant").rechunk(),
        pl.col(ROW) != first,
        column=shown["participant"],
        value=pl.col("participant"),
        message=pl.format(
            "участник «{}» этой организации уже есть в строке {}", pl.col("participant"), first
        ),
    )
    return [unknown, repeated]

"""The layouts a `results` file may come in: ours and the three real ФИС ОКО exports.

Each layout is mapped to the canonical columns (spec/data-formats.md, `results`) while every
column keeps the header the user sees in the file, so errors name it as it is written there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import polars as pl

from msoko.tabular.problems import ROW, ImportProblem
from msoko.tabular.reading import Table, normalize_header

LAYOUTS = {
    "canonical": [["Код ОО"], ["Класс"], ["Код участника"]],
    "fisoko_regional": [["логин школы"], ["код обучающегося"], ["класс"]],
    "fisoko_raw": [["user"], ["code"], ["klass"]],
    "fisoko_protocol": [["Пользователь"], ["Код"], ["Наименование класса"]],
}
SHEET_NAMES = ("results", "Протокол", "Результаты")

# canonical name → accepted headers, per layout (the first spelling is the canonical header)
FIELDS = {
    "canonical": {
        "org_code": ["Код ОО"],
        "class_name": ["Класс"],
        "participant": ["Код участника"],
        "variant": ["Вариант"],
        "total": ["Сумма баллов"],
        "mark": ["Отметка"],
        "journal_mark": ["Отметка по журналу"],
        "sex": ["Пол"],
    },
    "fisoko_regional": {
        "org_code": ["логин школы"],
        "participant": ["код обучающегося"],
        "class_name": ["класс"],
        "variant": ["вариант"],
        "total": ["всего баллов"],
        "journal_mark": ["отметка за предыдущую четверть/триместр", "отметка за предыдущую четверть"],
        "sex": ["пол"],
    },
    "fisoko_raw": {
        "org_code": ["user"],
        "participant": ["code"],
        "class_name": ["klass"],
        "variant": ["var-1"],
        "total": ["sum"],
        "journal_mark": ["otc"],
        "sex": ["gender"],
    },
    "fisoko_protocol": {
        "org_code": ["Пользователь"],
        "participant": ["Код"],
        "class_name": ["Наименование класса"],
        "variant": ["Вариант"],
        "total": ["Итого баллов"],
        "journal_mark": ["Отметка за предыдущий триместр/ четверть/полугодие", "Отметка по журналу"],
        "sex": ["Пол"],
    },
}
IGNORED = {
    normalize_header(h)
    for h in (
        "groups",
        "id",
        "var-2",
        "регион",
        "номер обучающегося",
        "Код региона",
        "Регион",
        "Муниципалитет",
        "Школа",
        "Дата загрузки",
    )
}
_POSITIONAL = {
    "fisoko_regional": re.compile(r"^балл за (\d+)$"),
    "fisoko_raw": re.compile(r"^a-(\d+)-grade$"),
}
_PROTOCOL_TASK = re.compile(r"^(\d+(?:[КK]\d+)?)\s*(?:[.(]\s*(\d+)\s*\)?)?\s*\((\d+)\s*б\)$")


def normalize_label(label: str) -> str:
    """Task labels compare without spaces and with a Cyrillic «К» (ru4 2021 writes `1K1`)."""
    return re.sub(r"\s+", "", str(label)).replace("K", "К").replace("k", "К").replace("к", "К")


@dataclass
class Canonical:
    """How the file's columns map to the canonical ones, and the rows of a Table under them."""

    layout: str
    #: ROW, org_code, class_name, participant, variant, total, mark, journal_mark, sex, t0..tN
    frame: pl.DataFrame
    headers: dict[str, str]  # canonical name → header as written in the file
    problems: list[ImportProblem] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    #: task columns beyond the scheme that a few rows fill (an error on those rows)
    extras: list[str] = field(default_factory=list)
    #: the file's columns no canonical one comes from (a notice names those with a value)
    unused: list[str] = field(default_factory=list)
    columns: list[pl.Expr] = field(default_factory=list)
    grade: int = 0

    def rows_of(self, raw: pl.DataFrame) -> pl.DataFrame:
        """A part of the file read after the first, under the canonical names."""
        frame = raw.select(self.columns)
        if self.layout != "canonical":
            frame = frame.with_columns(_class_from_letter(pl.col("class_name"), self.grade))
        return frame


def unused_notices(unused: list[str]) -> list[str]:
    return [f"столбец «{h}» не используется и пропущен" for h in unused]


def canonical_results(table: Table, *, labels: list[str], maxima: list[int], grade: int) -> Canonical:
    """Map any accepted layout to the canonical columns; structural problems stop here."""
    layout = table.layout or "canonical"
    by_header = {normalize_header(h): h for h in table.frame.columns if h != ROW}
    headers: dict[str, str] = {}
    for name, spellings in FIELDS[layout].items():
        for spelling in spellings:
            if normalize_header(spelling) in by_header:
                headers[name] = by_header[normalize_header(spelling)]
                break
    problems: list[ImportProblem] = []
    extras: list[str] = []
    task_headers = _task_headers(
        table, layout, labels=labels, maxima=maxima, problems=problems, extras=extras
    )
    for i, header in enumerate(task_headers):
        headers[f"t{i}"] = header
    used = set(headers.values()) | set(extras)
    unused = [
        h
        for h in table.frame.columns
        if h != ROW and h not in used and normalize_header(h) not in IGNORED and not h.startswith("__empty")
    ]
    notices = unused_notices([h for h in unused if not table.frame.get_column(h).is_null().all()])
    if problems:
        return Canonical(layout, pl.DataFrame(), headers, problems, notices, extras, unused)
    columns = [pl.col(ROW)] + [
        (pl.col(headers[name]) if name in headers else pl.lit(None, dtype=pl.String)).alias(name)
        for name in [
            "org_code",
            "class_name",
            "participant",
            "variant",
            "total",
            "mark",
            "journal_mark",
            "sex",
        ]
    ]
    columns += [pl.col(task_headers[i]).alias(f"t{i}") for i in range(len(task_headers))]
    columns += [pl.col(h).alias(f"extra:{h}") for h in extras]
    canonical = Canonical(layout, pl.DataFrame(), headers, [], notices, extras, unused, columns, grade)
    canonical.frame = canonical.rows_of(table.frame)
    return canonical


#: Latin letters typed instead of their Cyrillic twins in class names («4A» is «4А»)
LATIN_LOOKALIKES = dict(zip("ABCEHKMOPTXY", "АВСЕНКМОРТХУ", strict=True))


def _class_from_letter(value: pl.Expr, grade: int) -> pl.Expr:
    """ФИС ОКО's class cell is free text typed by the school, usually only the letter.

    «а» → «4А»; «нет» or empty → «4»; «а(2)» (a subgroup) → «4А»; a full name whose number is
    the grade or the next one («5Б»: in autumn 2020 fifth graders wrote the grade-4 work) stays;
    a class number («1») → «4-1»; anything else («Быстрянка», a branch school) follows the grade.
    """
    text = value.str.strip_chars()
    spaced = (
        text.str.replace_all(r"\(.*?\)", "")
        .str.replace_all(r"\s+", " ")
        .str.strip_chars()
        .str.to_uppercase()
        .str.replace_many(LATIN_LOOKALIKES)
    )
    compact = spaced.str.replace_all(" ", "", literal=True)
    number = compact.str.extract(r"^(\d{1,2})[А-ЯЁ]?$", 1).cast(pl.Int64, strict=False)
    cleaned = pl.when(compact.str.contains(r"^\d")).then(compact).otherwise(spaced)
    return (
        pl.when(text.is_null() | text.str.to_lowercase().is_in(["нет", "", "-"]) | (cleaned == ""))
        .then(pl.lit(str(grade)))
        .when(number.is_in([grade, grade + 1]))
        .then(cleaned)
        .when(cleaned.str.contains(r"^\d"))
        .then(pl.lit(f"{grade}-") + cleaned)
        .otherwise(pl.lit(str(grade)) + cleaned)
        .alias("class_name")
    )


def _task_headers(
    table: Table,
    layout: str,
    *,
    labels: list[str],
    maxima: list[int],
    problems: list[ImportProblem],
    extras: list[str],
) -> list[str]:
    row = table.header_row
    columns = [h for h in table.frame.columns if h != ROW]
    if layout == "canonical":
        by_label = {normalize_label(h): h for h in columns}
        found = []
        for label in labels:
            header = by_label.get(normalize_label(label))
            if header is None:
                problems.append(ImportProblem(row, label, "", f"не найден столбец задания «{label}»"))
            found.append(header or "")
        return found
    if layout == "fisoko_protocol":
        return _protocol_task_headers(columns, row=row, labels=labels, maxima=maxima, problems=problems)
    pattern = _POSITIONAL[layout]
    matches = ((pattern.match(normalize_header(h)), h) for h in columns)
    numbered = [h for _, h in sorted((int(m.group(1)), h) for m, h in matches if m)]
    # a raw export has a fixed number of a-N-grade columns and the unused ones are empty; the
    # columns are positions: the first ones are the scheme's tasks in order
    filled = [h for h in numbered if not table.frame.get_column(h).is_null().all()]
    tasks, extra = filled[: len(labels)], filled[len(labels) :]
    mostly_filled = [h for h in extra if table.frame.get_column(h).is_not_null().mean() > 0.5]
    if len(tasks) != len(labels) or mostly_filled:
        problems.append(
            ImportProblem(
                row,
                "",
                "",
                f"в файле {len(filled)} столбцов с баллами за задания, "
                f"а в описании работы {len(labels)} заданий "
                "(проверьте, что выбраны верные процедура, предмет, параллель и учебный год)",
            )
        )
    extras.extend(extra)
    return tasks


def _protocol_task_headers(
    columns: list[str], *, row: int, labels: list[str], maxima: list[int], problems: list[ImportProblem]
) -> list[str]:
    """School protocol form: «1 (1б)», «5(1) (1б)» → task «5.1» with its maximum, both checked."""
    found: list[tuple[str, int, str]] = []
    for header in columns:
        m = _PROTOCOL_TASK.match(header.strip())
        if m:
            label = m.group(1) + (f".{m.group(2)}" if m.group(2) else "")
            found.append((label, int(m.group(3)), header))
    expected = [(normalize_label(lbl), mx) for lbl, mx in zip(labels, maxima, strict=True)]
    if len(found) != len(expected):
        problems.append(
            ImportProblem(
                row,
                "",
                "",
                f"в протоколе {len(found)} столбцов заданий, а в описании работы {len(expected)} заданий",
            )
        )
        return [h for _, _, h in found]
    for (label, maximum, header), (want_label, want_max) in zip(found, expected, strict=True):
        if normalize_label(label) != want_label:
            problems.append(
                ImportProblem(row, header, header, f"ожидается задание «{want_label}», получено «{label}»")
            )
        elif maximum != want_max:
            problems.append(
                ImportProblem(
                    row,
                    header,
                    header,
                    f"максимальный балл задания {label} в описании работы {want_max}, в протоколе {maximum}",
                )
            )
    return [h for _, _, h in found]

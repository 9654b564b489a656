"""Rows of a document's plan table read into road maps: title, sections, activities.

What counts as an activity (docs/methodology.md#roadmaps): a numbered row, or — where the
layout lost the numbering — a separate row with something to do (a period, a responsible or
a result beside its text). Not activities: the header row and its repetitions, the row of
column numbers («1 2 3 4»), a section row (text alone, or a heading between the rows), the
continuation of the previous activity over a page break (its text starts in lower case or
with a dash, or it is the first row after the break and has no number), the numbered
sub-items inside one cell, and a row repeated by a page break.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from msoko.roadmaps.parsing import cells as C
from msoko.roadmaps.parsing.source import Blank, Item, Paragraph, Row

NUMBER, TEXT, PERIOD, RESPONSIBLE, RESULT, TASK, SECTION = (
    "number",
    "text",
    "period",
    "responsible",
    "result",
    "task",
    "section",
)
FIELDS = (NUMBER, TEXT, PERIOD, RESPONSIBLE, RESULT, TASK, SECTION)

#: a header cell's words → the field it holds; the first rule that matches wins
HEADER_RULES: tuple[tuple[str, re.Pattern[str]], ...] = (
    (NUMBER, re.compile(r"^(№|n\b|номер|п/п)", re.IGNORECASE)),
    (RESPONSIBLE, re.compile(r"ответствен|исполнител", re.IGNORECASE)),
    (PERIOD, re.compile(r"срок|период|дата", re.IGNORECASE)),
    (RESULT, re.compile(r"результат|показател", re.IGNORECASE)),
    (TASK, re.compile(r"задач", re.IGNORECASE)),
    (SECTION, re.compile(r"^(раздел|направление)", re.IGNORECASE)),  # our own export
    (TEXT, re.compile(r"мероприят|наименование|содержание|действи", re.IGNORECASE)),
)
#: a paragraph that names the plan: «План мероприятий («Дорожная карта») …», «„Дорожная карта“»
_TITLE = re.compile(r"^[\W_]*(план|дорожн)", re.IGNORECASE)
_TITLE_LOOKBACK = 40  # paragraphs before a table searched for its title


@dataclass
class ParsedActivity:
    number: str
    text: str
    period: str = ""
    responsible: str = ""
    result: str = ""
    task: str = ""
    line: int = 0
    responsible_inherited: bool = False  # a vertically merged cell: taken from the row above


@dataclass
class ParsedSection:
    title: str
    activities: list[ParsedActivity] = field(default_factory=list)


@dataclass
class ParsedRoadMap:
    title: str
    columns: dict[str, str]  # field → the header as the document writes it
    sections: list[ParsedSection] = field(default_factory=list)
    line: int = 0

    @property
    def activities(self) -> list[ParsedActivity]:
        return [a for s in self.sections for a in s.activities]


@dataclass
class _State:
    roadmaps: list[ParsedRoadMap] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)  # text since the last table row
    pending: list[Row] = field(default_factory=list)  # rows before the first header
    columns: dict[int, str] = field(default_factory=dict)
    width: int = 0
    last: ParsedActivity | None = None  # the activity a continuation row goes on
    heading_open: bool = False  # a section heading paragraph that the next line may go on

    @property
    def roadmap(self) -> ParsedRoadMap | None:
        return self.roadmaps[-1] if self.roadmaps else None


def read_plan(items: Iterable[Item]) -> list[ParsedRoadMap]:
    """The road maps of a document: one per plan table that has its own title."""
    state = _State()
    for item in items:
        if isinstance(item, Row):
            _row(state, item)
        elif isinstance(item, Paragraph):
            _paragraph(state, item)
        elif isinstance(item, Blank) and state.heading_open:
            continue
    for roadmap in state.roadmaps:
        roadmap.sections = [s for s in roadmap.sections if s.activities]
        _fill_down_responsible(roadmap)
    return [r for r in state.roadmaps if r.activities]


def _paragraph(state: _State, item: Paragraph) -> None:
    text = item.text
    if state.columns and _is_heading(text):
        _open_section(state, C.clean(text))
        state.heading_open = True
    elif state.columns and state.heading_open and C.continues(C.clean(text)):
        section = state.roadmap.sections[-1]
        # a page number the layout dropped into the wrapped heading goes
        tail = re.sub(r"(?<=\s)\d{1,2}(?=\s)", "", f" {C.clean(text)} ")
        section.title = " ".join(f"{section.title} {tail}".split())
    else:
        state.heading_open = False
    state.paragraphs.append(item)


def _is_heading(text: str) -> bool:
    stripped = text.strip()
    return bool(
        re.match(r"^#{1,6}\s", stripped)
        or (stripped.startswith("**") and stripped.endswith("**") and len(stripped) > 4)
        or re.fullmatch(r"<b>.*</b>", stripped, re.IGNORECASE)
    )


def _row(state: _State, row: Row) -> None:
    state.heading_open = False
    cleaned = [C.clean(c) for c in row.cells]
    header = _header_columns(cleaned)
    if header is not None:
        _start_table(state, row, header, cleaned)
        return
    if not state.columns:  # rows above the first header (a section row): the title stays
        state.pending.append(row)
        return
    state.paragraphs.clear()
    if row.header:  # the empty header row of a table continued after a page break
        return
    _data_row(state, row, cleaned)


def _header_columns(cleaned: list[str]) -> dict[int, str] | None:
    columns: dict[int, str] = {}
    for index, cell in enumerate(cleaned):
        if not cell or len(cell) > 120:
            continue
        for name, rule in HEADER_RULES:
            if rule.search(cell) and name not in columns.values():
                columns[index] = name
                break
    names = set(columns.values())
    if TEXT in names and names & {PERIOD, RESPONSIBLE}:
        return columns
    return None


def _start_table(state: _State, row: Row, columns: dict[int, str], cleaned: list[str]) -> None:
    """A header row: the same plan's header repeated, or a new plan (it has a title of its own)."""
    title = _title(state.paragraphs)
    state.paragraphs.clear()
    repeated = state.columns == columns and title is None
    state.columns, state.width = columns, len(cleaned)
    if repeated and state.roadmap is not None:
        return
    if title is not None or state.roadmap is None:
        state.roadmaps.append(
            ParsedRoadMap(
                title=title or "",
                columns={name: cleaned[index] for index, name in columns.items()},
                line=row.line,
            )
        )
        state.last = None
    pending, state.pending = state.pending, []
    for early in pending:  # a section row written above the header
        _data_row(state, early, [C.clean(c) for c in early.cells])


def _title(paragraphs: list[Paragraph]) -> str | None:
    """The paragraph that names the plan, with the lines after it up to the next blank one."""
    recent = paragraphs[-_TITLE_LOOKBACK:]
    for start in range(len(recent) - 1, -1, -1):
        text = C.clean(recent[start].text)
        if not _TITLE.match(text) or text.startswith("-"):
            continue
        parts = [text]
        line = recent[start].line
        for following in recent[start + 1 :]:
            if following.line != line + 1 and len(" ".join(parts)) > 40:
                break
            if _TITLE.match(C.clean(following.text)) and following.line != line + 1:
                break
            parts.append(C.clean(following.text))
            line = following.line
        return " ".join(" ".join(parts).split()).strip(" *")
    # no paragraph names a plan: the heading right above the table (a DOCX of our own export)
    last = C.clean(recent[-1].text) if recent else ""
    return last if last and not last.startswith("-") and len(last) <= 500 else None


def _data_row(state: _State, row: Row, cleaned: list[str]) -> None:
    if not any(cleaned) or _is_column_numbers(cleaned):
        return
    values = _fields(state, row, cleaned)
    if _header_columns(cleaned) is not None:
        return
    roadmap = state.roadmap
    if values[SECTION] and (not roadmap.sections or roadmap.sections[-1].title != values[SECTION]):
        _open_section(state, values[SECTION])
    number = values[NUMBER]
    if not number and _continues(state, values, row.after_break):
        _append(state.last, values, after_break=row.after_break)
        return
    text = values[TEXT]
    others = any(values[f] for f in (PERIOD, RESPONSIBLE, RESULT, TASK))
    if not number and not others:
        _open_section(state, text)
        return
    if not text and not values[TASK]:
        return
    if _repeated(roadmap, number, text):
        return
    if not roadmap.sections:
        roadmap.sections.append(ParsedSection(title=""))
    activity = ParsedActivity(
        number=number.rstrip("."),
        text=text,
        period=values[PERIOD],
        responsible=values[RESPONSIBLE],
        result=values[RESULT],
        task=values[TASK],
        line=row.line,
    )
    roadmap.sections[-1].activities.append(activity)
    state.last = activity


def _is_column_numbers(cleaned: list[str]) -> bool:
    """«1 2 3 4»: the row that numbers the columns."""
    filled = [c for c in cleaned if c]
    if len(filled) < 3 or not all(c.isdigit() for c in filled):
        return False
    numbers = [int(c) for c in filled]
    return numbers == list(range(numbers[0], numbers[0] + len(numbers)))


def _fields(state: _State, row: Row, cleaned: list[str]) -> dict[str, str]:
    cells = _aligned(state, row, cleaned)
    values = dict.fromkeys(FIELDS, "")
    for index, name in state.columns.items():
        if index < len(cells):
            values[name] = cells[index]
    number = values[NUMBER]
    if number and not C.is_number(number):
        # the text sits in the «№» column (a section row, or a layout that shifted the cells)
        values[TEXT] = f"{number} {values[TEXT]}".strip()
        values[NUMBER] = ""
    if not values[NUMBER]:
        for name in (TEXT, PERIOD, RESPONSIBLE, RESULT, TASK):
            if C.is_page_number(values[name]):
                values[name] = ""
    return values


def _aligned(state: _State, row: Row, cleaned: list[str]) -> list[str]:
    """The cells set under the header's columns: a table continued with fewer columns (the «№»
    column dropped) is aligned right; surplus empty or page-number cells are dropped."""
    width = state.width
    cells = list(cleaned)
    if row.width is not None and row.width < width and len(cells) <= row.width:
        return [""] * (width - len(cells)) + cells
    while len(cells) > width and cells and not cells[-1]:
        cells.pop()
    text_index = next((i for i, n in state.columns.items() if n == TEXT), 0)
    while len(cells) > width:
        surplus = next(
            (i for i in range(text_index + 1, len(cells)) if not cells[i] or C.is_page_number(cells[i])),
            None,
        )
        if surplus is None:
            cells[width - 1] = " ".join(cells[width - 1 :])
            del cells[width:]
        else:
            del cells[surplus]
    if len(cells) < width:
        if cells and C.is_number(cells[0]):
            cells += [""] * (width - len(cells))
        else:
            cells = [""] * (width - len(cells)) + cells
    return cells


def _continues(state: _State, values: dict[str, str], after_break: bool) -> bool:
    """A row without a number that goes on with the activity above it."""
    last = state.last
    roadmap = state.roadmap
    if last is None or roadmap is None or not roadmap.sections or last not in roadmap.sections[-1].activities:
        return False
    if roadmap.sections[-1].activities[-1] is not last:
        return False
    text = values[TEXT]
    if not text or C.continues(text):
        return True
    if not after_break:
        return False
    others = [values[f] for f in (PERIOD, RESPONSIBLE, RESULT)]
    return not any(others) or C.continues(values[RESPONSIBLE]) or C.continues(values[RESULT])


def _append(activity: ParsedActivity, values: dict[str, str], *, after_break: bool) -> None:
    for name in (TEXT, PERIOD, RESPONSIBLE, RESULT, TASK):
        value = values[name]
        if after_break:
            value = C.without_trailing_page_number(value)
        if value:
            current = getattr(activity, name)
            setattr(activity, name, f"{current} {value}".strip())


def _open_section(state: _State, title: str) -> None:
    roadmap = state.roadmap
    if roadmap is None or not title:
        return
    state.last = None
    for section in roadmap.sections:
        if section.title == title:  # a section row repeated by a page break
            roadmap.sections.remove(section)
            roadmap.sections.append(section)
            return
    roadmap.sections.append(ParsedSection(title=title))


def _repeated(roadmap: ParsedRoadMap, number: str, text: str) -> bool:
    """The row is one already read, repeated by a page break (the first reading may have
    grown by its continuation since)."""
    number = number.rstrip(".")
    return any(
        a.number == number and (a.text == text or (len(text) >= 20 and a.text.startswith(text)))
        for a in roadmap.activities
    )


def _fill_down_responsible(roadmap: ParsedRoadMap) -> None:
    """A vertically merged «Ответственные» cell keeps its text in its first row only: the rows
    below it in the same section, left empty, take it."""
    for section in roadmap.sections:
        above = ""
        for activity in section.activities:
            if activity.responsible:
                above = activity.responsible
            elif above:
                activity.responsible = above
                activity.responsible_inherited = True

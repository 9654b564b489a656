"""A document as a stream of table rows and paragraphs, whatever its format.

Plain text holds Markdown tables (``| a | b |``, a page break starts a new table whose header
row is empty) and tab-separated rows (a page break is a blank line). A DOCX holds paragraphs
and tables. All three come out as the same :class:`Row` and :class:`Paragraph` items, so the
plan reader (``plan.py``) knows nothing of formats.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from dataclasses import dataclass

_SEPARATOR = re.compile(r"^\|?(\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?$")


@dataclass(frozen=True)
class Row:
    """One table row as written: raw cells (tags not stripped yet)."""

    cells: tuple[str, ...]
    line: int  # 1-based line of the text (the row's number in a DOCX table)
    after_break: bool  # first row after a page break (a new table, or a blank line before it)
    width: int | None = None  # the cells of this table's header row (Markdown), when known
    header: bool = False  # the Markdown header row of its table (may be empty: a page break)


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class Blank:
    line: int


Item = Row | Paragraph | Blank


def text_items(text: str) -> Iterator[Item]:
    """The items of a plain-text or Markdown document, in order."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    previous_blank = True
    markdown_width: int | None = None
    markdown_started = False
    first_data_row = False
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("|") and stripped.count("|") >= 2:
            if _SEPARATOR.match(stripped):
                continue
            cells = tuple(_markdown_cells(stripped))
            header = not markdown_started
            if header:
                markdown_width = len(cells)
                first_data_row = True
            markdown_started = True
            # the header row ends the page's first row: the next row is the first after the break
            yield Row(cells, number, after_break=first_data_row, width=markdown_width, header=header)
            first_data_row = header
            previous_blank = False
            continue
        markdown_started = False
        if "\t" in line and stripped:
            yield Row(tuple(line.split("\t")), number, after_break=previous_blank)
            previous_blank = False
        elif not stripped:
            yield Blank(number)
            previous_blank = True
        else:
            yield Paragraph(stripped, number)
            previous_blank = True


def _markdown_cells(line: str) -> list[str]:
    inner = line[1:-1] if line.endswith("|") else line[1:]
    return [cell.strip() for cell in inner.split("|")]


def docx_items(content: bytes) -> Iterator[Item]:
    """The paragraphs and table rows of a DOCX, in document order; a merged cell counts once
    in its row (python-docx repeats it) and a vertically merged cell keeps its text below."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph as DocxParagraph

    document = Document(io.BytesIO(content))
    line = 0
    for block in document.iter_inner_content():
        if isinstance(block, DocxParagraph):
            line += 1
            text = block.text.strip()
            yield Paragraph(text, line) if text else Blank(line)
        elif isinstance(block, Table):
            first = True
            for row in block.rows:
                line += 1
                cells: list[str] = []
                seen: set[int] = set()
                for cell in row.cells:
                    if id(cell._tc) in seen:
                        continue
                    seen.add(id(cell._tc))
                    cells.append(" ".join(p.text for p in cell.paragraphs))
                yield Row(tuple(cells), line, after_break=first, width=len(cells) if first else None)
                first = False
            line += 1
            yield Blank(line)

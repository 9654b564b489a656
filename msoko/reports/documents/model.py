"""The content of a document: blocks in reading order, the same for DOCX and PDF.

Tables hold their cells already formatted as text («91,7», «12 345», «—»), so the two forms
and the pages show the same figures, and a document built twice from the same data has the same
text and the same :attr:`Document.fingerprint`.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime

import polars as pl

from msoko.reports import Table, cell
from msoko.reports.documents.style import DocumentStyle


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 … 3; level 1 and 2 go into the table of contents


@dataclass(frozen=True)
class Paragraph:
    text: str
    kind: str = "body"  # body | note (smaller, a table's or figure's source line) | lead (bold)


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class TableBlock:
    """A numbered table: its title above, its header row repeated on every page."""

    title: str
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numeric: tuple[bool, ...]  # right-aligned columns
    note: str = ""
    #: relative column widths (None: equal); long text columns get more
    widths: tuple[float, ...] | None = None
    #: the figures unformatted (Russian headers), for the XLSX form; not part of the content
    frame: pl.DataFrame | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class Figure:
    """A chart rendered once to PNG and placed in both forms."""

    png: bytes = field(repr=False)
    caption: str
    width_cm: float = 16.0


Block = Heading | Paragraph | Bullets | TableBlock | Figure


@dataclass
class Document:
    title: str
    subtitle: str
    author: str  # the department, as it signs its documents
    data_version: str  # «пересчёт № 12 от 01.06.2025 10:15» — what the figures were built from
    blocks: list[Block] = field(default_factory=list)
    #: the moment the data were computed: the file's creation date, so rebuilding changes nothing
    dated: datetime | None = None
    contents: bool = True  # a table of contents after the title
    style: DocumentStyle = field(default_factory=DocumentStyle)

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    @property
    def tables(self) -> list[TableBlock]:
        return [b for b in self.blocks if isinstance(b, TableBlock)]

    @property
    def headings(self) -> list[Heading]:
        return [b for b in self.blocks if isinstance(b, Heading)]

    @property
    def fingerprint(self) -> str:
        """SHA-256 of the text, the tables and the pictures: equal for equal content."""
        digest = hashlib.sha256()
        for part in (self.title, self.subtitle, self.author, self.data_version):
            digest.update(part.encode() + b"\0")
        for block in self.blocks:
            digest.update(type(block).__name__.encode() + b"\0")
            if isinstance(block, Figure):
                digest.update(hashlib.sha256(block.png).digest() + block.caption.encode())
            else:
                digest.update(repr(block).encode())
        return digest.hexdigest()


def table_block(
    table: Table,
    *,
    title: str | None = None,
    keys: list[str] | None = None,
    max_rows: int | None = None,
) -> TableBlock:
    """A page's :class:`~msoko.reports.Table` as a document table, cells formatted as on the page.

    ``keys`` picks and orders columns (a page's wide table does not fit a portrait page);
    ``max_rows`` keeps the first rows and says in the note how many the XLSX download has.
    """
    by_key = {c.key: c for c in table.columns}
    columns = [by_key[k] for k in keys if k in by_key] if keys else list(table.columns)
    frame = table.frame
    full = Table(table.name, table.title, columns, frame).export_frame()
    note = table.note
    if max_rows is not None and frame.height > max_rows:
        note = (note + " " if note else "") + (
            f"Показаны первые {max_rows} строк из {frame.height}; полная таблица — в выгрузке XLSX."
        )
        frame = frame.head(max_rows)
    rows = tuple(
        tuple(cell(column, value).text for column, value in zip(columns, values, strict=True))
        for values in frame.select([c.key for c in columns]).iter_rows()
    )
    widths = tuple(3.0 if c.kind == "text" and _long(frame, c.key) else 1.0 for c in columns)
    return TableBlock(
        title=title or table.title,
        headers=tuple(c.title for c in columns),
        rows=rows,
        numeric=tuple(c.numeric or c.kind == "cell" for c in columns),
        note=note,
        widths=widths,
        frame=full,
    )


def _long(frame: pl.DataFrame, key: str) -> bool:
    """A text column whose values run long (skills, names): it gets three shares of the width."""
    values = frame.get_column(key).cast(pl.String, strict=False).drop_nulls()
    return bool(values.len()) and (values.str.len_chars().max() or 0) > 30

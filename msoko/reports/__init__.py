"""Report building blocks shared by the web pages and, later, the DOCX/PDF documents.

``charts`` holds the Vega-Altair specifications and their server-side SVG rendering;
:class:`Table` is one titled table of a report: its columns, its frame, and the XLSX form of it.
Nothing here imports Django: the same pieces serve a page, a file export and a document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from msoko.analytics.wording import format_number

#: column kinds the templates know how to show; the export rounds "pct" and "num" to 0.1
KINDS = ("text", "code", "int", "pct", "num", "delta", "note", "status", "cell", "link")


@dataclass(frozen=True)
class Column:
    key: str  # column of the table's frame
    title: str  # Russian header, the same on the page and in the XLSX file
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column kind is one of {KINDS}, received «{self.kind}»")

    @property
    def numeric(self) -> bool:
        return self.kind in ("int", "pct", "num", "delta")


@dataclass(frozen=True)
class Table:
    """A titled table: ``frame`` holds at least the ``columns``' keys, in display order."""

    name: str  # stable key of `?table=<name>` downloads
    title: str
    columns: list[Column]
    frame: pl.DataFrame
    note: str = ""
    sortable: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def rows(self) -> list[list[Cell]]:
        """Formatted cells in display order, for templates (tens of rows, not thousands)."""
        keys = [c.key for c in self.columns]
        return [
            [cell(column, value) for column, value in zip(self.columns, values, strict=True)]
            for values in self.frame.select(keys).iter_rows()
        ]

    def export_frame(self) -> pl.DataFrame:
        """The table as written to XLSX: Russian headers, percentages rounded to 0.1."""
        return self.frame.select(_export_expr(c) for c in self.columns)


@dataclass(frozen=True)
class Cell:
    """One shown cell: its text, CSS classes, sort key and, for statuses and notes, a badge."""

    kind: str
    text: str
    css: str = ""
    sort: str = ""
    badge: str = ""
    value: Any = None


DANGER = {"не освоено", "системный дефицит"}
SUCCESS = {"освоено"}


def cell(column: Column, value: Any) -> Cell:
    """How a value of a column kind is shown: «—» for nothing, one decimal with a comma."""
    kind = column.kind
    if kind == "cell":
        value = value or {}
        return Cell(kind, value.get("text") or "—", f"num cell cell-{value.get('tone') or 'none'}")
    if value is None:
        return Cell(kind, "" if kind == "note" else "—", "num" if column.numeric else "")
    if kind in ("pct", "num", "delta"):
        text = format_number(value, 1)
        css = "num"
        if kind == "delta":
            text = f"+{text}" if value > 0 else text
            css += " delta-up" if value > 0 else " delta-down" if value < 0 else ""
        return Cell(kind, text, css, f"{value:.6f}")
    if kind == "int":
        return Cell(kind, format_number(int(value)), "num", str(value))
    if kind == "status":
        badge = (
            "badge-danger" if value in DANGER else "badge-success" if value in SUCCESS else "badge-warning"
        )
        return Cell(kind, str(value), "", str(value), badge)
    if kind == "note":
        return Cell(kind, str(value), "", str(value), "badge-warning")
    return Cell(kind, str(value), "mono" if kind in ("code", "link") else "", str(value), value=value)


def _export_expr(column: Column) -> pl.Expr:
    value = pl.col(column.key)
    if column.kind in ("pct", "num", "delta"):
        value = value.cast(pl.Float64).round(1)
    elif column.kind == "cell":
        value = value.struct.field("text")
    elif column.kind == "link":
        value = value.cast(pl.String)
    return value.alias(column.title)

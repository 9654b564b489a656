"""Road maps read from the documents departments have: pure, no Django (testable on text).

``parse_text`` / ``parse_docx`` / ``parse_document`` → a list of :class:`ParsedRoadMap`
(a document may approve several plans, each with its own title and table);
``parse_period`` → a structured :class:`Period`; ``status.py`` → the status rule.
"""

from __future__ import annotations

from pathlib import PurePath

from msoko.roadmaps.parsing.periods import Every, Period, PeriodKind, deadline, next_due, parse_period
from msoko.roadmaps.parsing.plan import ParsedActivity, ParsedRoadMap, ParsedSection, read_plan
from msoko.roadmaps.parsing.source import docx_items, text_items

TEXT_EXTENSIONS = (".txt", ".md")
DOCX_EXTENSIONS = (".docx",)


class DocumentUnreadable(ValueError):
    """The file is not a text or DOCX document this reader understands (Russian message)."""


def parse_text(text: str) -> list[ParsedRoadMap]:
    return read_plan(text_items(text))


def parse_docx(content: bytes) -> list[ParsedRoadMap]:
    return read_plan(docx_items(content))


def parse_document(content: bytes, *, filename: str) -> list[ParsedRoadMap]:
    """By the file's extension: .docx, or text (.txt, .md) in UTF-8 or Windows-1251."""
    suffix = PurePath(filename).suffix.lower()
    if suffix in DOCX_EXTENSIONS or content[:2] == b"PK":
        try:
            return parse_docx(content)
        except Exception as error:  # python-docx raises many kinds on a damaged file
            raise DocumentUnreadable(f"файл «{filename}» не читается как документ DOCX: {error}") from error
    return parse_text(decode(content, filename=filename))


def decode(content: bytes, *, filename: str) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DocumentUnreadable(f"файл «{filename}»: ожидается текст в UTF-8 или Windows-1251")


__all__ = [
    "DOCX_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "DocumentUnreadable",
    "Every",
    "ParsedActivity",
    "ParsedRoadMap",
    "ParsedSection",
    "Period",
    "PeriodKind",
    "deadline",
    "next_due",
    "parse_document",
    "parse_docx",
    "parse_period",
    "parse_text",
]

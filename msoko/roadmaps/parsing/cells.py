"""The text of one table cell as a person reads it: no HTML, no Markdown marks, one space."""

from __future__ import annotations

import html
import re

_SUP = re.compile(r"<sup>.*?</sup>", re.IGNORECASE | re.DOTALL)  # footnote marks and stray page numbers
_BREAKS = re.compile(r"<\s*(br|/p|/li|li)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_MARKDOWN = re.compile(r"(\*\*|__|(?<!\w)\*(?=\S)|(?<=\S)\*(?!\w))")
_HEADING = re.compile(r"^#{1,6}\s+")
_NUMBER = re.compile(r"^\d{1,3}(\.\d{1,3})*\.?$")
_PAGE_NUMBER = re.compile(r"^\d{1,2}(\s\d{1,2})?$")
_TRAILING_PAGE_NUMBER = re.compile(r"(?<=\D)\s+\d{1,2}$")
_RULE = re.compile(r"[-–—_=.\s]+")  # a ruled line the layout left in a cell
_OPENERS = "-–—•·(,;:».)"


def clean(cell: str) -> str:
    """Strip tags (<p>, <ul>, <b>, <i>; <sup> with its content), entities and Markdown emphasis."""
    text = _SUP.sub(" ", cell)
    text = _BREAKS.sub(" ", text)
    text = _TAG.sub(" ", text)
    text = html.unescape(text).replace("\xa0", " ")
    text = _HEADING.sub("", text.strip())
    text = _MARKDOWN.sub("", text)
    text = " ".join(text.split())
    return "" if _RULE.fullmatch(text) else text


def is_number(text: str) -> bool:
    """«1», «12.», «2.10», «4.1.» — the «№» of a row."""
    return bool(_NUMBER.match(text))


def is_page_number(text: str) -> bool:
    """A cell that is only a page number dropped into the table by the layout («8», «3 2»)."""
    return bool(_PAGE_NUMBER.match(text))


def without_trailing_page_number(text: str) -> str:
    """«результатов 3» → «результатов» (a page number the layout glued to a continuation)."""
    return _TRAILING_PAGE_NUMBER.sub("", text)


def continues(text: str) -> bool:
    """A cell that goes on from the cell above: it starts in lower case or with a dash."""
    if not text:
        return False
    first = text[0]
    return first in _OPENERS or (first.isalpha() and first.islower())

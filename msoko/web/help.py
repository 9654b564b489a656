"""The help pages: the repository's Russian documents (docs/methodology.md, docs/formats.md)
rendered on the site, so that a user reads the methodology where the figures are.

The documents are ours and trusted (raw HTML in them is the anchors of their headings); the
rendering is cached per file modification time.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from markdown_it import MarkdownIt


@dataclass(frozen=True)
class HelpDocument:
    slug: str
    title: str
    filename: str


DOCUMENTS = (
    HelpDocument("methodology", "Методика: формулы, пороги и их источники", "methodology.md"),
    HelpDocument("formats", "Форматы загружаемых файлов", "formats.md"),
    HelpDocument("indicators", "Каталог показателей", "indicators.md"),
)
BY_SLUG = {d.slug: d for d in DOCUMENTS}
BY_FILE = {d.filename: d for d in DOCUMENTS}


@dataclass(frozen=True)
class Rendered:
    html: str
    toc: tuple[tuple[int, str, str], ...]  # (level 2 or 3, anchor, text)


def docs_dir() -> Path:
    return Path(settings.MSOKO_DOCS_DIR)


def rendered(document: HelpDocument) -> Rendered | None:
    """The document as HTML with its table of contents; None when the file is not there."""
    path = docs_dir() / document.filename
    try:
        mtime = path.stat().st_mtime_ns
    except FileNotFoundError:
        return None
    return _render(str(path), mtime)


_LINK = re.compile(r'<a href="(?!https?:|mailto:|#)([^"#]*)(#[^"]*)?"')
_ANCHOR = re.compile(r'<a id="([\w-]+)"></a>')


@lru_cache(maxsize=8)
def _render(path: str, mtime: int) -> Rendered:
    text = Path(path).read_text(encoding="utf-8")
    markdown = MarkdownIt("commonmark", {"html": True, "typographer": False}).enable("table")
    tokens = markdown.parse(text)
    toc = []
    for index, token in enumerate(tokens):
        if token.type == "heading_open" and token.tag in ("h2", "h3"):
            inline = tokens[index + 1]
            anchors = _ANCHOR.findall(inline.content)
            title = _ANCHOR.sub("", inline.content).strip().replace("`", "")
            if not anchors:  # a heading without its own anchor still gets one for the contents
                anchors = [f"section-{index}"]
                token.attrSet("id", anchors[0])
            toc.append((int(token.tag[1]), anchors[0], title))
    html = markdown.renderer.render(tokens, markdown.options, {})
    return Rendered(_LINK.sub(_help_link, html), tuple(toc))


def _help_link(match: re.Match[str]) -> str:
    """A link to another help document goes to its page; a link to any other file of the
    repository (not on the site) stays as its text."""
    document = BY_FILE.get(Path(match.group(1)).name)
    if document is None:
        return "<a"
    return f'<a href="{reverse("help", args=[document.slug])}{match.group(2) or ""}"'

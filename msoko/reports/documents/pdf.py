"""A :class:`Document` as PDF: the same blocks typeset by WeasyPrint (Pango) with an embedded
serif metric-compatible with Times New Roman, page numbers and a contents page with numbers."""

from __future__ import annotations

import base64
from html import escape

from msoko.reports.documents.model import Bullets, Document, Figure, Heading, Paragraph, TableBlock
from msoko.reports.documents.style import PDF_FONTS, DocumentStyle


class PdfUnavailable(RuntimeError):
    """WeasyPrint could not load Pango (a machine without the system libraries)."""


def render_pdf(document: Document) -> bytes:
    try:
        from weasyprint import HTML
    except OSError as error:  # cffi could not open libpango / libpangoft2
        raise PdfUnavailable(
            "PDF недоступен: не найдена библиотека Pango. Установите: "
            "apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-liberation (или скачайте DOCX)"
        ) from error
    return HTML(string=document_html(document)).write_pdf()


def document_html(document: Document) -> str:
    """The HTML WeasyPrint typesets (also handy to look at in a browser)."""
    parts: list[str] = [_title(document)]
    if document.contents:
        parts.append(_contents(document))
    tables = figures = headings = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            headings += 1
            level = min(block.level, 3)
            parts.append(f'<h{level} id="h{headings}">{escape(block.text)}</h{level}>')
        elif isinstance(block, Paragraph):
            parts.append(f'<p class="{block.kind}">{escape(block.text)}</p>')
        elif isinstance(block, Bullets):
            parts.append("<ul>" + "".join(f"<li>{escape(item)}</li>" for item in block.items) + "</ul>")
        elif isinstance(block, TableBlock):
            tables += 1
            parts.append(_table(block, tables))
        elif isinstance(block, Figure):
            figures += 1
            parts.append(_figure(block, figures, document.style))
    meta = [
        f'<meta name="author" content="{escape(document.author)}">',
        f'<meta name="description" content="Данные: {escape(document.data_version)}">',
        f'<meta name="keywords" content="{document.fingerprint}">',
        '<meta name="generator" content="МСОКО">',
    ]
    if document.dated is not None:
        stamp = document.dated.isoformat(timespec="seconds")
        meta += [
            f'<meta name="dcterms.created" content="{stamp}">',
            f'<meta name="dcterms.modified" content="{stamp}">',
        ]
    return (
        '<!doctype html><html lang="ru"><head><meta charset="utf-8">'
        f"<title>{escape(document.title)}</title>{''.join(meta)}<style>{_css(document.style)}</style></head>"
        f"<body>{''.join(parts)}</body></html>"
    )


def _title(document: Document) -> str:
    subtitle = f'<p class="subtitle">{escape(document.subtitle)}</p>' if document.subtitle else ""
    return (
        f'<header><p class="author">{escape(document.author)}</p>'
        f'<p class="title">{escape(document.title.upper())}</p>{subtitle}'
        f'<p class="version">Данные: {escape(document.data_version)}</p></header>'
    )


def _contents(document: Document) -> str:
    items = []
    for number, heading in enumerate(document.headings, start=1):
        if heading.level <= 2:
            items.append(f'<li class="l{heading.level}"><a href="#h{number}">{escape(heading.text)}</a></li>')
    return f'<nav class="contents"><p class="contents-title">Содержание</p><ul>{"".join(items)}</ul></nav>'


def _table(block: TableBlock, number: int) -> str:
    widths = block.widths or tuple(1.0 for _ in block.headers)
    total = sum(widths)
    columns = "".join(f'<col style="width:{100 * w / total:.2f}%">' for w in widths)
    head = "".join(f"<th>{escape(h)}</th>" for h in block.headers)
    body = "".join(
        "<tr>"
        + "".join(
            f'<td class="num">{escape(v)}</td>' if numeric else f"<td>{escape(v)}</td>"
            for v, numeric in zip(row, block.numeric, strict=True)
        )
        + "</tr>"
        for row in block.rows
    )
    note = f'<p class="note">{escape(block.note)}</p>' if block.note else ""
    return (
        f'<p class="caption">Таблица {number} – {escape(block.title)}</p>'
        f"<table><colgroup>{columns}</colgroup><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>{note}"
    )


def _figure(block: Figure, number: int, style: DocumentStyle) -> str:
    width = min(block.width_cm * 10, style.text_width_mm)
    data = base64.b64encode(block.png).decode()
    return (
        f'<figure><img src="data:image/png;base64,{data}" style="width:{width:.1f}mm" alt="">'
        f"<figcaption>Рисунок {number} – {escape(block.caption)}</figcaption></figure>"
    )


def _css(style: DocumentStyle) -> str:
    fonts = ", ".join(f'"{font}"' for font in PDF_FONTS) + ", serif"
    return f"""
@page {{
  size: A4;
  margin: {style.margin_top_mm}mm {style.margin_right_mm}mm
    {style.margin_bottom_mm}mm {style.margin_left_mm}mm;
  @top-center {{ content: counter(page); font-family: {fonts}; font-size: {style.note_font_size}pt; }}
}}
@page :first {{ @top-center {{ content: none; }} }}
html {{ font-family: {fonts}; font-size: {style.font_size}pt; line-height: 1.15; }}
body {{ margin: 0; }}
p {{ margin: 0; text-indent: {style.first_line_indent_cm}cm; text-align: justify; hyphens: auto; }}
p.lead {{ font-weight: bold; }}
p.note {{ font-size: {style.note_font_size}pt; font-style: italic; text-indent: 0; margin: 2pt 0 8pt; }}
header {{ text-align: center; margin-bottom: 12pt; }}
header p {{ text-indent: 0; text-align: center; }}
header .title {{ font-weight: bold; margin-top: 18pt; }}
header .version {{ text-align: right; font-style: italic; font-size: {style.note_font_size}pt;
  margin-top: 12pt; }}
nav.contents {{ margin-bottom: 12pt; }}
nav.contents .contents-title {{ text-align: center; font-weight: bold; text-indent: 0; margin: 12pt 0 6pt; }}
nav.contents ul {{ list-style: none; padding: 0; margin: 0; }}
nav.contents li.l2 {{ padding-left: 1cm; }}
nav.contents a {{ color: black; text-decoration: none; }}
nav.contents a::after {{ content: leader('.') target-counter(attr(href), page); }}
h1, h2, h3 {{ font-size: {style.font_size}pt; margin: 12pt 0 6pt;
  page-break-after: avoid; break-after: avoid; }}
h1 {{ text-align: center; }}
h3 {{ font-style: italic; }}
ul {{ margin: 0 0 6pt; padding-left: 1.25cm; }}
li {{ text-align: justify; hyphens: auto; }}
p.caption {{ text-indent: 0; margin: 8pt 0 2pt; page-break-after: avoid; break-after: avoid; }}
table {{ width: 100%; border-collapse: collapse; table-layout: fixed;
  font-size: {style.table_font_size}pt; line-height: 1.1; margin-bottom: 4pt; }}
thead {{ display: table-header-group; }}
tr {{ page-break-inside: avoid; break-inside: avoid; }}
th, td {{ border: 0.5pt solid black; padding: 1pt 2pt; vertical-align: top; overflow-wrap: anywhere;
  hyphens: auto; text-align: left; }}
th {{ font-weight: bold; text-align: center; vertical-align: middle; }}
td.num {{ text-align: right; white-space: nowrap; }}
figure {{ margin: 8pt 0; text-align: center; page-break-inside: avoid; break-inside: avoid; }}
figure img {{ max-width: 100%; }}
figcaption {{ margin-top: 2pt; }}
"""

"""Opening generated documents as a user would: DOCX headings and tables, PDF text, fonts and
margins (pages rendered to images)."""

from __future__ import annotations

import ctypes
import io

import docx
import pypdfium2 as pdfium
import pypdfium2.raw as raw

MM_PER_POINT = 25.4 / 72


def open_docx(data: bytes):
    return docx.Document(io.BytesIO(data))


def headings(document, level: int = 1) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def table_rows(table) -> list[list[str]]:
    return [[cell.text for cell in row.cells] for row in table.rows]


def table_titled(document, title: str):
    """The table whose caption paragraph («Таблица N – title») comes right before it."""
    body = document.element.body
    previous = None
    for child in body.iterchildren():
        if child.tag.endswith("}tbl") and previous is not None and previous.endswith(f" – {title}"):
            return next(t for t in document.tables if t._tbl is child)
        if child.tag.endswith("}p"):
            previous = "".join(t.text or "" for t in child.iter() if t.tag.endswith("}t"))
    raise AssertionError(f"no table titled «{title}»")


def pdf_text(data: bytes) -> str:
    pdf = pdfium.PdfDocument(data)
    return "\n".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))


def pdf_fonts(data: bytes) -> set[tuple[str, bool]]:
    """(base font name without the subset prefix, embedded) of every text object."""
    pdf = pdfium.PdfDocument(data)
    found = set()
    for index in range(len(pdf)):
        for obj in pdf[index].get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT]):
            font = raw.FPDFTextObj_GetFont(obj.raw)
            size = raw.FPDFFont_GetBaseFontName(font, None, 0)
            buffer = ctypes.create_string_buffer(size)
            raw.FPDFFont_GetBaseFontName(font, buffer, size)
            name = buffer.value.decode().split("+", 1)[-1]
            found.add((name, bool(raw.FPDFFont_GetIsEmbedded(font))))
    return found


def ink_outside(data: bytes, *, left_mm: float, right_mm: float) -> list[int]:
    """Pages (1-based) with anything drawn in the outer ``left_mm``/``right_mm`` strips."""
    pdf = pdfium.PdfDocument(data)
    pages = []
    for index in range(len(pdf)):
        image = pdf[index].render(scale=2).to_pil().convert("L")
        width, height = image.size
        px_per_mm = width / 210
        strips = [
            image.crop((0, 0, int(left_mm * px_per_mm), height)),
            image.crop((width - int(right_mm * px_per_mm), 0, width, height)),
        ]
        if any(strip.getextrema()[0] < 250 for strip in strips):
            pages.append(index + 1)
    return pages


def page_count(data: bytes) -> int:
    return len(pdfium.PdfDocument(data))


def assert_same_document(first, second) -> None:
    """Two builds on the same data: the same content fingerprint and the same DOCX text."""
    from msoko.reports.documents import render

    assert first.fingerprint == second.fingerprint
    bodies = [[p.text for p in open_docx(render(d, "docx")).paragraphs] for d in (first, second)]
    assert bodies[0] == bodies[1]

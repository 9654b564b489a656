"""A :class:`Document` as an editable Word file in the department's style (python-docx).

Times New Roman 14 is named in the styles, so the user edits a document that already looks
like the department's own; the table of contents is a Word field (updated when the file is
opened) whose cached text already lists the headings.
"""

from __future__ import annotations

import io

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

from msoko.reports.documents.model import Bullets, Document, Figure, Heading, Paragraph, TableBlock
from msoko.reports.documents.style import WORD_FONT, DocumentStyle

BLACK = RGBColor(0, 0, 0)


def render_docx(document: Document) -> bytes:
    style = document.style
    word = new_docx()
    _page(word, style)
    _styles(word, style)
    _properties(word, document)
    _title(word, document)
    if document.contents:
        _contents(word, document)
    tables = figures = 0
    for block in document.blocks:
        if isinstance(block, Heading):
            word.add_heading(block.text, level=min(block.level, 3))
        elif isinstance(block, Paragraph):
            _paragraph(word, block, style)
        elif isinstance(block, Bullets):
            for item in block.items:
                word.add_paragraph(item, style="List Bullet")
        elif isinstance(block, TableBlock):
            tables += 1
            _table(word, block, tables, style)
        elif isinstance(block, Figure):
            figures += 1
            _figure(word, block, figures, style)
    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def _page(word, style: DocumentStyle) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(style.margin_top_mm), Mm(style.margin_bottom_mm)
    section.left_margin, section.right_margin = Mm(style.margin_left_mm), Mm(style.margin_right_mm)
    # the page number at the top centre, from the second page on
    section.different_first_page_header_footer = True
    number = section.header.paragraphs[0]
    number.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _field(number, "PAGE", "2")


def _styles(word, style: DocumentStyle) -> None:
    for name in (
        "Normal",
        "Title",
        "Subtitle",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "List Bullet",
        "Caption",
    ):
        font = word.styles[name].font
        font.name = WORD_FONT
        font.color.rgb = BLACK
        rpr = word.styles[name].element.get_or_add_rPr()
        fonts = rpr.get_or_add_rFonts()
        for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            fonts.set(qn(attribute), WORD_FONT)
        # the theme fonts of the default template would win over the names above
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
            fonts.attrib.pop(qn(attribute), None)
    normal = word.styles["Normal"]
    normal.font.size = Pt(style.font_size)
    normal.paragraph_format.first_line_indent = Cm(style.first_line_indent_cm)
    normal.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = style.line_spacing
    for level in (1, 2, 3):
        heading = word.styles[f"Heading {level}"]
        heading.font.size = Pt(style.font_size)
        heading.font.bold = True
        heading.font.italic = level == 3
        heading.paragraph_format.first_line_indent = Cm(0)
        heading.paragraph_format.alignment = (
            WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
        )
        heading.paragraph_format.space_before = Pt(12)
        heading.paragraph_format.space_after = Pt(6)
        heading.paragraph_format.keep_with_next = True
    bullet = word.styles["List Bullet"]
    bullet.paragraph_format.first_line_indent = Cm(0)


def _properties(word, document: Document) -> None:
    properties = word.core_properties
    properties.title = document.title
    properties.subject = document.subtitle
    properties.author = properties.last_modified_by = document.author
    properties.version = document.data_version
    properties.identifier = document.fingerprint
    properties.comments = f"Данные: {document.data_version}"
    properties.revision = 1
    if document.dated is not None:
        properties.created = properties.modified = document.dated.replace(tzinfo=None)


def _title(word, document: Document) -> None:
    author = word.add_paragraph(document.author)
    author.alignment = WD_ALIGN_PARAGRAPH.CENTER
    author.paragraph_format.first_line_indent = Cm(0)
    title = word.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.first_line_indent = Cm(0)
    title.paragraph_format.space_before = Pt(18)
    title.add_run(document.title.upper()).bold = True
    if document.subtitle:
        subtitle = word.add_paragraph(document.subtitle)
        subtitle.alignment = WD_ALIGN_PARAGRAPH.CENTER
        subtitle.paragraph_format.first_line_indent = Cm(0)
    version = word.add_paragraph()
    version.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    version.paragraph_format.space_before = Pt(12)
    run = version.add_run(f"Данные: {document.data_version}")
    run.font.size = Pt(document.style.note_font_size)
    run.italic = True


def _contents(word, document: Document) -> None:
    """A TOC field whose cached result lists the headings (Word refreshes the page numbers)."""
    heading = word.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.paragraph_format.first_line_indent = Cm(0)
    heading.paragraph_format.space_before = Pt(12)
    heading.add_run("Содержание").bold = True
    entries = [h for h in document.headings if h.level <= 2]
    paragraph = word.add_paragraph()
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _field_begin(paragraph, 'TOC \\o "1-2" \\h \\z \\u')
    for index, entry in enumerate(entries):
        run = paragraph.add_run(("    " if entry.level == 2 else "") + entry.text)
        if index < len(entries) - 1:
            run.add_break()
    _field_end(paragraph)
    # Word asks once whether to update the fields, filling in the page numbers
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _paragraph(word, block: Paragraph, style: DocumentStyle) -> None:
    paragraph = word.add_paragraph()
    run = paragraph.add_run(block.text)
    if block.kind == "lead":
        run.bold = True
    elif block.kind == "note":
        run.font.size = Pt(style.note_font_size)
        run.italic = True
        paragraph.paragraph_format.first_line_indent = Cm(0)
        paragraph.paragraph_format.space_after = Pt(6)


def _table(word, block: TableBlock, number: int, style: DocumentStyle) -> None:
    caption = word.add_paragraph(f"Таблица {number} – {block.title}")
    caption.paragraph_format.first_line_indent = Cm(0)
    caption.paragraph_format.space_before = Pt(6)
    caption.paragraph_format.keep_with_next = True
    table = word.add_table(rows=1, cols=len(block.headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    widths = block.widths or tuple(1.0 for _ in block.headers)
    total = sum(widths)
    width_mm = style.text_width_mm
    header = table.rows[0]
    _repeat_header(header)
    for index, (cell, text) in enumerate(zip(header.cells, block.headers, strict=True)):
        _cell(cell, text, style, bold=True, right=False, center=True)
        cell.width = Mm(width_mm * widths[index] / total)
    for row in block.rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, row, strict=True)):
            _cell(cell, text, style, right=block.numeric[index])
            cell.width = Mm(width_mm * widths[index] / total)
    if block.note:
        note = word.add_paragraph()
        note.paragraph_format.first_line_indent = Cm(0)
        note.paragraph_format.space_after = Pt(6)
        run = note.add_run(block.note)
        run.font.size = Pt(style.note_font_size)
        run.italic = True


def _cell(cell, text: str, style: DocumentStyle, *, bold: bool = False, right: bool, center: bool = False):
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.first_line_indent = Cm(0)
    paragraph.alignment = (
        WD_ALIGN_PARAGRAPH.CENTER
        if center
        else WD_ALIGN_PARAGRAPH.RIGHT
        if right
        else WD_ALIGN_PARAGRAPH.LEFT
    )
    run = paragraph.add_run(text)
    run.font.size = Pt(style.table_font_size)
    run.bold = bold


def _repeat_header(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _figure(word, block: Figure, number: int, style: DocumentStyle) -> None:
    width = min(block.width_cm * 10, style.text_width_mm)
    picture = word.add_paragraph()
    picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
    picture.paragraph_format.first_line_indent = Cm(0)
    picture.paragraph_format.keep_with_next = True
    picture.add_run().add_picture(io.BytesIO(block.png), width=Mm(width))
    caption = word.add_paragraph(f"Рисунок {number} – {block.caption}")
    caption.alignment = WD_ALIGN_PARAGRAPH.CENTER
    caption.paragraph_format.first_line_indent = Cm(0)
    caption.paragraph_format.space_after = Pt(6)


def _field(paragraph, instruction: str, cached: str) -> None:
    _field_begin(paragraph, instruction)
    paragraph.add_run(cached)
    _field_end(paragraph)


def _field_begin(paragraph, instruction: str) -> None:
    begin = OxmlElement("w:fldChar")
    begin.set(qn("w:fldCharType"), "begin")
    paragraph.add_run()._r.append(begin)
    text = OxmlElement("w:instrText")
    text.set(qn("xml:space"), "preserve")
    text.text = f" {instruction} "
    paragraph.add_run()._r.append(text)
    separate = OxmlElement("w:fldChar")
    separate.set(qn("w:fldCharType"), "separate")
    paragraph.add_run()._r.append(separate)


def _field_end(paragraph) -> None:
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)

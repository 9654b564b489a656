"""Documents as content, and their DOCX and PDF forms.

A :class:`~msoko.reports.documents.model.Document` is a list of blocks (headings, paragraphs,
tables, figures) with the data version it was built from. ``docx.render_docx`` and
``pdf.render_pdf`` write the same content as Word (editable, the department's style) and as PDF
(typeset by WeasyPrint with an embedded metric-compatible serif). Nothing here imports Django.
"""

from msoko.reports.documents.model import (
    Bullets,
    Document,
    Figure,
    Heading,
    Paragraph,
    TableBlock,
    table_block,
)

__all__ = ["Bullets", "Document", "Figure", "Heading", "Paragraph", "TableBlock", "render", "table_block"]


def render(document: Document, extension: str) -> bytes:
    """The document's bytes for a file extension: ``docx``, ``pdf`` or ``xlsx`` (its tables)."""
    from msoko.reports.documents.docx import render_docx
    from msoko.reports.documents.pdf import render_pdf
    from msoko.reports.documents.xlsx import render_xlsx

    renderers = {"docx": render_docx, "pdf": render_pdf, "xlsx": render_xlsx}
    if extension not in renderers:
        raise ValueError(f"document format is docx, pdf or xlsx, received «{extension}»")
    return renderers[extension](document)

"""The look of the department's documents: one place for the font, sizes and margins.

Defaults follow the Russian rules for official documents: margins of at least 20 mm left,
10 mm right, 20 mm top and bottom (ГОСТ Р 7.0.97-2016, п. 5.1) widened to the 30/15 mm most
municipal records-management instructions use; Times New Roman 14 for the text, 12 for tables;
the first-line indent 1,25 cm; page numbers at the top centre from the second page
(docs/methodology.md#documents). A region changes them with ``MSOKO_DOCUMENT_*`` settings.
"""

from __future__ import annotations

from dataclasses import dataclass

#: the font the DOCX names (Word has it; the user's own style overrides nothing here)
WORD_FONT = "Times New Roman"
#: the fonts the PDF embeds: metric-compatible with Times New Roman, shipped by Debian
#: (fonts-liberation; fonts-paratype for PT Serif)
PDF_FONTS = ("Liberation Serif", "PT Serif")


@dataclass(frozen=True)
class DocumentStyle:
    font_size: float = 14.0  # pt
    table_font_size: float = 12.0
    note_font_size: float = 12.0
    first_line_indent_cm: float = 1.25
    line_spacing: float = 1.0
    margin_top_mm: float = 20.0
    margin_bottom_mm: float = 20.0
    margin_left_mm: float = 30.0
    margin_right_mm: float = 15.0

    @classmethod
    def with_margins(cls, text: str) -> DocumentStyle:
        """From «top,right,bottom,left» in millimetres (the CSS order), e.g. «20,15,20,30»."""
        try:
            parts = [float(p) for p in text.split(",")]
        except ValueError:
            parts = []
        if len(parts) != 4 or any(p < 5 or p > 60 for p in parts):
            raise ValueError(f"поля документа: четыре числа в мм «верх,право,низ,лево», получено «{text}»")
        top, right, bottom, left = parts
        return cls(margin_top_mm=top, margin_right_mm=right, margin_bottom_mm=bottom, margin_left_mm=left)

    @property
    def text_width_mm(self) -> float:
        return 210.0 - self.margin_left_mm - self.margin_right_mm

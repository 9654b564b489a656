"""The body of a report table, built in Python: a region's tables have thousands of cells and
the template loop over them cost seconds (measured: 8 s of a 10 s page for 1,000 schools)."""

from __future__ import annotations

from dataclasses import replace
from html import escape
from urllib.parse import quote

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from msoko.reports import Table

register = template.Library()
_PLACEHOLDER = "__CODE__"


#: a page shows this many rows of a long table; the rest come when asked (issue 16: a region's
#: five tables of 1,000 schools made a 3.6 MB page)
SHOWN_ROWS = 100


def truncated(table: Table) -> bool:
    """Whether the page shows only the first rows of ``table`` (not when few would be hidden)."""
    return table.frame.height > SHOWN_ROWS * 3 // 2


@register.filter
def is_truncated(table: Table) -> bool:
    return truncated(table)


@register.filter
def row_count(table: Table) -> int:
    return table.frame.height


@register.simple_tag
def table_body(
    table: Table, procedure_id: int, org_code: str | None = None, *, whole: bool = False
) -> SafeString:
    """The rows of ``table``: the first :data:`SHOWN_ROWS` of a long one unless ``whole``."""
    if table.frame.is_empty():
        return mark_safe(f'<tr><td colspan="{len(table.columns)}" class="empty">Нет данных.</td></tr>')
    link = _link_pattern(table, procedure_id, org_code)
    shown = table if whole or not truncated(table) else replace(table, frame=table.frame.head(SHOWN_ROWS))
    rows = []
    for cells in shown.rows:
        out = []
        for cell in cells:
            text = escape(cell.text)
            if cell.badge:
                text = f'<span class="badge {cell.badge}">{text}</span>'
            elif cell.kind == "link" and link:
                href = link.replace(_PLACEHOLDER, escape(quote(str(cell.value), safe="")))
                text = f'<a href="{href}">{text}</a>'
            css = f' class="{cell.css}"' if cell.css else ""
            out.append(f'<td{css} data-value="{escape(cell.sort)}">{text}</td>')
        rows.append("<tr>" + "".join(out) + "</tr>")
    return mark_safe("\n".join(rows))  # every value above is escaped


def _link_pattern(table: Table, procedure_id: int, org_code: str | None) -> str:
    kind = table.extra.get("link")
    if kind == "school":
        return reverse("achievement:school_analysis", args=[procedure_id, _PLACEHOLDER])
    if kind and org_code:
        return reverse("achievement:class_analysis", args=[procedure_id, org_code, _PLACEHOLDER])
    return ""

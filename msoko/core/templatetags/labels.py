"""Codes shown as people name them: ``{{ record.kind|kind_title }}`` → «Результаты ГИА (ОГЭ, ЕГЭ, ГВЭ)».

A builtin of the template engine (settings.TEMPLATES).
"""

from __future__ import annotations

from django import template

from msoko.core.imports.kinds import kind_title as registered_title

register = template.Library()


@register.filter
def kind_title(code: str) -> str:
    """The import kind's Russian title, capitalised; an unknown code stays as it is."""
    return registered_title(code).capitalize() if code else ""

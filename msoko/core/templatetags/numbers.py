"""Numbers on pages as Russian text (analytics/wording.py): ``{{ n|num }}`` «12 345»,
``{{ share|num:1 }}`` «91,7», ``{{ share|pct }}`` «91,7 %», ``{{ n|plural_form:"балл,балла,баллов" }}``.

A builtin of the template engine (settings.TEMPLATES): every template has them without a load.
"""

from __future__ import annotations

from typing import Any

from django import template

from msoko.analytics.wording import format_number, format_percent, plural

register = template.Library()


def _number(value: Any) -> float | int | None:
    if value is None or value == "":
        return None
    if isinstance(value, int | float):
        return value
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        return None
    return int(number) if number.is_integer() and "." not in str(value) else number


@register.filter
def num(value: Any, digits: int | None = None) -> str:
    """A whole number with thin spaces between thousands; with ``digits``, that many decimals."""
    number = _number(value)
    if number is None:
        return "—" if value in (None, "") else str(value)
    if digits is None:
        return format_number(number, 1, trim=True)
    return format_number(float(number), int(digits))


@register.filter
def pct(value: Any, digits: int = 1) -> str:
    number = _number(value)
    return "—" if number is None else format_percent(float(number), int(digits))


@register.filter
def plural_form(value: Any, forms: str) -> str:
    """The noun after the number: ``forms`` is «one,few,many»."""
    one, few, many = forms.split(",")
    number = _number(value)
    return many if number is None else plural(int(number), one, few, many)

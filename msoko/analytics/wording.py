"""Numbers and counted nouns as Russian text: one rule for pages, reasons, charts and documents.

A decimal comma, a thin space between thousands («12 345»), the minus sign «−» and the noun
agreeing with the number («21 балл», «22 балла», «25 баллов»). CSV and XLSX exports are machine
files and keep plain digits (core/exports.py); everything people read goes through here.
"""

from __future__ import annotations

import math

import polars as pl

THIN_SPACE = "\u2009"  # between thousands (ГОСТ 8.417; Мильчин, «Справочник издателя и автора»)
NBSP = "\u00a0"  # before «%»: the sign never starts a line
MINUS = "−"  # U+2212


def decimal(expr: pl.Expr, digits: int = 2) -> pl.Expr:
    """«−0,83» for −0.8312: rounded, with a comma and a typographic minus."""
    return (
        expr.round(digits)
        .cast(pl.String)
        .str.replace(".", ",", literal=True)
        .str.replace("-", MINUS, literal=True)
    )


def format_number(value: float | int | None, digits: int = 1, *, trim: bool = False) -> str:
    """«12 345,6», «−0,5», «7»: ``digits`` decimals with a comma (``trim`` drops «,0» of a whole
    number), thousands apart by a thin space, «—» for nothing."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    if isinstance(value, int) and not isinstance(value, bool):
        text = f"{abs(value):,}"
    else:
        rounded = round(float(value), digits)
        text = f"{abs(rounded):,.{digits}f}"
        if trim and digits and rounded == int(rounded):
            text = text.rsplit(".", 1)[0]
        value = rounded
    text = text.replace(",", THIN_SPACE).replace(".", ",")
    return f"{MINUS}{text}" if value < 0 else text


def format_percent(value: float | None, digits: int = 1) -> str:
    """«91,7 %» (a no-break space before the sign)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "—"
    return f"{format_number(value, digits)}{NBSP}%"


def plural(count: int, one: str, few: str, many: str) -> str:
    """The noun form after ``count``: 1, 21 → ``one``; 2–4, 22–24 → ``few``; 0, 5–20, 25 → ``many``."""
    n = abs(int(count))
    if n % 10 == 1 and n % 100 != 11:
        return one
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return few
    return many


def counted(count: int, one: str, few: str, many: str) -> str:
    """«21 балл», «1 234 участника»."""
    return f"{format_number(int(count))} {plural(count, one, few, many)}"


def plural_expr(count: pl.Expr, one: str, few: str, many: str) -> pl.Expr:
    """:func:`plural` as a column expression (a range «20–21 балл» agrees with its last number)."""
    n = count.abs().cast(pl.Int64)
    last, last_two = n % 10, n % 100
    return (
        pl.when((last == 1) & (last_two != 11))
        .then(pl.lit(one))
        .when(last.is_between(2, 4) & ~last_two.is_between(12, 14))
        .then(pl.lit(few))
        .otherwise(pl.lit(many))
    )

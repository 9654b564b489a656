"""Numbers in the Russian reasons of flags: a decimal comma and the minus sign «−»."""

from __future__ import annotations

import polars as pl


def decimal(expr: pl.Expr, digits: int = 2) -> pl.Expr:
    """«−0,83» for −0.8312: rounded, with a comma and a typographic minus."""
    return (
        expr.round(digits)
        .cast(pl.String)
        .str.replace(".", ",", literal=True)
        .str.replace("-", "−", literal=True)
    )

"""Text search that behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from django.db.models import Q


def text_search(q: str, fields: tuple[str, ...]) -> Q:
    """Case-insensitive search that also works for Cyrillic on SQLite.

    SQLite's LIKE folds the case of ASCII letters only, so the usual spellings of the query
    (as typed, lower, upper, capitalised) are tried as well; PostgreSQL needs just the first.
    """
    variants = {q, q.lower(), q.upper(), q.capitalize(), q.title()}
    condition = Q()
    for name in fields:
        for variant in variants:
            condition |= Q(**{f"{name}__icontains": variant})
    return condition

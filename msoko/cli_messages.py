"""argparse's own words in Russian: «использование:», «ошибка:», the list of required arguments.

argparse looks its messages up through ``gettext`` at the moment it writes them; Python ships
no Russian catalogue, so :func:`install` points the module's lookups at this table. Anything
not in it (a new Python's new message) stays in English rather than breaking.
"""

from __future__ import annotations

import argparse

MESSAGES = {
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
    "%(prog)s: error: %(message)s\n": "%(prog)s: ошибка: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "аргумент %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "не указаны обязательные аргументы: %s",
    "one of the arguments %s is required": "нужен один из аргументов %s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "недопустимое значение %(value)r (возможные: %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "недопустимое значение %(value)r (ожидается %(type)s)",
    "unrecognized arguments: %s": "неизвестные аргументы: %s",
    "expected one argument": "ожидается одно значение",
    "expected at most one argument": "ожидается не больше одного значения",
    "expected at least one argument": "ожидается хотя бы одно значение",
    "not allowed with argument %s": "нельзя указывать вместе с %s",
    "ambiguous option: %(option)s could match %(matches)s": (
        "неоднозначный параметр %(option)s: подходят %(matches)s"
    ),
    "ignored explicit argument %r": "лишнее значение %r",
    "unexpected option string: %s": "неожиданный параметр: %s",
    "can't open '%(filename)s': %(error)s": "не удалось открыть «%(filename)s»: %(error)s",
}
#: (singular, plural) → the three Russian forms for 1, 2–4, 5+
PLURALS = {
    ("expected %s argument", "expected %s arguments"): (
        "ожидается %s значение",
        "ожидается %s значения",
        "ожидается %s значений",
    ),
}


def translate(message: str) -> str:
    return MESSAGES.get(message, message)


def translate_plural(singular: str, plural: str, count: int) -> str:
    forms = PLURALS.get((singular, plural))
    if forms is None:
        return singular if count == 1 else plural
    from msoko.analytics.wording import plural as russian_plural

    return russian_plural(count, *forms)


def install() -> None:
    """Make argparse write its messages in Russian (idempotent)."""
    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural  # type: ignore[attr-defined]

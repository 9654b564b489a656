"""Fixtures for results imports: the built-in ВПР МА4 2021 scheme and a writer of small files."""

from __future__ import annotations

import io

import openpyxl
import pytest

LABELS = ["1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12"]
MAXIMA = [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2]
HEADER = [
    "Код ОО",
    "Класс",
    "Код участника",
    "Вариант",
    *LABELS,
    "Сумма баллов",
    "Отметка",
    "Отметка по журналу",
    "Пол",
]


def row(
    org: str,
    code: str,
    scores: list[object],
    *,
    cls: str = "4А",
    journal: object = 4,
    sex: str = "М",
    total: object = "auto",
    mark: object = "auto",
    variant: object = 1,
) -> list[object]:
    """A `results` row; the total and mark follow the ma4 2021 scale unless given."""
    numeric = sum(int(s) for s in scores if str(s).isdigit())
    if total == "auto":
        total = numeric
    if mark == "auto":
        mark = 5 if numeric >= 15 else 4 if numeric >= 10 else 3 if numeric >= 6 else 2
    return [org, cls, code, variant, *scores, total, mark, journal, sex]


GOOD = [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2]  # 20 → «5»
MIDDLE = [1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1]  # 12 → «4»
WEAK = [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]  # 5 → «2»


def csv_bytes(
    rows: list[list[object]],
    *,
    header: list[str] = HEADER,
    sep: str = ";",
    encoding: str = "utf-8",
    title: str | None = None,
) -> bytes:
    lines = [title] if title else []
    lines.append(sep.join(header))
    lines += [sep.join("" if v is None else str(v) for v in r) for r in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(
    rows: list[list[object]], *, header: list[str] = HEADER, title_rows: int = 0, sheet: str = "Лист1"
) -> bytes:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    for i in range(title_rows):
        ws.append([f"Результаты ВПР, строка названия {i + 1}"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture
def key():
    from msoko.assessments.services import ProcedureKey

    return ProcedureKey("ВПР", "Математика", 4, "2020/2021")


def math4():
    """The procedure of the built-in ВПР МА4 2020/2021 scheme that these tests load into."""
    from msoko.assessments.models import Procedure

    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021")

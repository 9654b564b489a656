"""What went wrong in a file, in the words a user needs to find and fix it."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

ROW = "__row"  # the row number as the user sees it in the file (1-based)


@dataclass(frozen=True, order=True)
class ImportProblem:
    row: int
    column: str
    value: str
    message: str

    def __str__(self) -> str:
        where = f"строка {self.row}" if self.row else "файл"
        if self.column:
            where += f", столбец «{self.column}»"
        return f"{where}: {self.message}"


def thousands(number: int) -> str:
    """«32 767»: numbers in messages are grouped by thousands with a space, as Russian text does."""
    return f"{number:,}".replace(",", " ")


class TableRejected(Exception):
    """The file as a whole cannot be read (empty, unreadable, no header row)."""

    def __init__(self, problems: list[ImportProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


PROBLEM_SCHEMA = {ROW: pl.Int64, "column": pl.String, "value": pl.String, "message": pl.String}


def problems_from_frame(frame: pl.DataFrame) -> list[ImportProblem]:
    """Turn a (row, column, value, message) frame into sorted problems."""
    return sorted(
        ImportProblem(row=r, column=c, value=v or "", message=m)
        for r, c, v, m in frame.select(ROW, "column", "value", "message").iter_rows()
    )

"""The data of a recompute, each frame read once per run and handed to every computation.

A computation asks :class:`YearFrames` for what it needs (a procedure's results, the ГИА of a
year, the works with their task matrices, this year's or earlier ones); the first ask reads
the database (one query per frame), later asks of any computation reuse the frame.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.columns import C
from msoko.analytics.objectivity.assess import Work
from msoko.assessments.encoding import task_scores
from msoko.assessments.models import TASK_MATRIX_KINDS, Procedure, ResultCoverage
from msoko.assessments.selectors import (
    gia_frame,
    marks_frame,
    olympiad_frame,
    region_indicator_frame,
    results_frame,
    scheme_tasks,
)
from msoko.core.models import SchoolYear
from msoko.registry.models import Organization
from msoko.registry.selectors import courses_frame, students_frame, teachers_frame

SHORT = {"Математика": "МА", "Русский язык": "РУ"}
T = TypeVar("T")


def work_scope(procedure: Procedure) -> str:
    """«ВПР МА4 2020/2021»: how ФИС ОКО users name a work."""
    subject = SHORT.get(procedure.subject, procedure.subject)
    grade = procedure.grade or ""
    joiner = "" if procedure.subject in SHORT else ", "
    return f"{procedure.kind} {subject}{joiner}{grade} {procedure.school_year.name}".replace("  ", " ")


_VALUE_SCHEMA = {
    "code": pl.String,
    "org_code": pl.String,
    "procedure": pl.String,
    "subject": pl.String,
    "grade": pl.Int64,
    "value": pl.Float64,
}
_FLAG_SCHEMA = {"org_code": pl.String, "flag": pl.String, "level": pl.Int64}


class YearFrames:
    """Every read of one run for ``year`` and the years before it, memoised.

    ``excluded`` (org code, class) leaves one class of ``year`` out of its results: the
    what-if of a disputed flag (the same class name a year earlier is other pupils).
    """

    def __init__(self, year: SchoolYear, *, excluded: tuple[str, str] | None = None) -> None:
        self.year = year
        self.excluded = excluded
        self._memo: dict[tuple[Any, ...], Any] = {}

    def keep_produced(self, values: pl.DataFrame | None, flags: pl.DataFrame | None) -> None:
        """What a computation of this run produced, for the computations after it (a composite
        of direction 6 reads the results and flags of the year without importing their code)."""
        produced = self._memo.setdefault(("produced",), {"values": [], "flags": []})
        if values is not None:
            produced["values"].append(values)
        if flags is not None:
            produced["flags"].append(flags)

    def produced_values(self) -> pl.DataFrame:
        """The indicator values (VALUE_COLUMNS) of the computations that ran before in this run."""
        parts = self._memo.get(("produced",), {}).get("values", [])
        if not parts:
            return pl.DataFrame(schema=_VALUE_SCHEMA)
        return pl.concat([p.select(list(_VALUE_SCHEMA)) for p in parts], how="vertical_relaxed")

    def produced_flags(self) -> pl.DataFrame:
        """``org_code``, ``flag``, ``level`` of the flags the computations before raised in this run."""
        parts = self._memo.get(("produced",), {}).get("flags", [])
        if not parts:
            return pl.DataFrame(schema=_FLAG_SCHEMA)
        return pl.concat([p.select(list(_FLAG_SCHEMA)) for p in parts], how="vertical_relaxed")

    def memo(self, key: tuple[Any, ...], read: Callable[[], T]) -> T:
        """The value under ``key``, read once: computations share derived frames this way too."""
        if key not in self._memo:
            self._memo[key] = read()
        return self._memo[key]

    def year_before(self, back: int = 1) -> SchoolYear | None:
        start = self.year.start_year - back
        return self.memo(("year", start), lambda: SchoolYear.objects.filter(start_year=start).first())

    def years_back(self, count: int) -> list[SchoolYear]:
        """``year`` and up to ``count - 1`` years before it that exist, newest first."""
        found = [self.year_before(back) for back in range(1, count)]
        return [self.year, *(y for y in found if y is not None)]

    def org_codes(self) -> dict[int, str]:
        return self.memo(("org_codes",), lambda: dict(Organization.objects.values_list("id", "code")))

    def students(self) -> pl.DataFrame:
        """``org_code``, ``students``: the registry's «Численность обучающихся» where known."""
        return self.memo(("students",), students_frame)

    def org_ids(self) -> dict[str, int]:
        return self.memo(("org_ids",), lambda: {code: pk for pk, code in self.org_codes().items()})

    def procedures(self, year: SchoolYear | None = None) -> list[Procedure]:
        """The year's procedures with a task matrix and current results."""
        year = year or self.year
        return self.memo(
            ("procedures", year.pk),
            lambda: list(
                Procedure.objects.filter(
                    school_year=year,
                    kind__in=TASK_MATRIX_KINDS,
                    pk__in=ResultCoverage.objects.filter(active=True).values("procedure_id"),
                ).select_related("school_year", "scheme")
            ),
        )

    def results(self, procedure: Procedure) -> pl.DataFrame:
        """The procedure's current participants (``results_frame``) with their school's code."""
        return self.memo(("results", procedure.pk), lambda: self._read_results(procedure))

    def _read_results(self, procedure: Procedure) -> pl.DataFrame:
        rows = results_frame(procedure).with_columns(
            pl.col(C.ORG_ID)
            .replace_strict(self.org_codes(), default=None, return_dtype=pl.String)
            .alias(C.ORG_CODE)
        )
        if self.excluded is not None and procedure.school_year_id == self.year.pk:
            code, class_name = self.excluded
            rows = rows.filter(~((pl.col(C.ORG_CODE) == code) & (pl.col(C.CLASS_NAME) == class_name)))
        return rows

    def region_indicators(self) -> pl.DataFrame:
        """The region's `results.*` values of the year's procedures, from regional exports."""
        return self.memo(("region",), lambda: region_indicator_frame(school_year_id=self.year.pk))

    def marks(self) -> pl.DataFrame:
        """Every journal mark of the year (``marks_frame``)."""
        return self.memo(("marks",), lambda: marks_frame(school_year_id=self.year.pk))

    def olympiad(self) -> pl.DataFrame:
        """Every ВсОШ participation of the year (``olympiad_frame``)."""
        return self.memo(("olympiad",), lambda: olympiad_frame(school_year_id=self.year.pk))

    def teachers(self) -> pl.DataFrame:
        """The teachers' registry of the year (``teachers_frame``)."""
        return self.memo(("teachers",), lambda: teachers_frame(school_year_id=self.year.pk))

    def courses(self) -> pl.DataFrame:
        """Every course and diagnostic of the teachers (``courses_frame``), of any year."""
        return self.memo(("courses",), courses_frame)

    def gia(self, year: SchoolYear | None = None) -> pl.DataFrame:
        """Every ГИА result of the year (``gia_frame``)."""
        year = year or self.year
        return self.memo(("gia", year.pk), lambda: gia_frame(school_year_id=year.pk))

    def works(self, year: SchoolYear | None = None) -> list[Work]:
        """The year's procedures with a scheme and a grade, as :class:`Work` (present pupils,
        task scores decoded once)."""
        year = year or self.year
        return self.memo(("works", year.pk), lambda: self._read_works(year))

    def _read_works(self, year: SchoolYear) -> list[Work]:
        works = []
        for procedure in self.procedures(year):
            if not hasattr(procedure, "scheme") or not procedure.grade:
                continue
            tasks = scheme_tasks(procedure)
            if tasks.is_empty():
                continue
            labels = tasks[C.TASK].to_list()
            # the computations read the decoded scores, never the text: a region's million
            # pupils keep 32-bit scores and no second copy of the encoded ones
            wide = task_scores(present(self.results(procedure)), labels=labels, dtype=pl.Int32).drop(C.SCORES)
            works.append(
                Work(
                    scope=work_scope(procedure),
                    kind=procedure.kind,
                    subject=procedure.subject,
                    grade=procedure.grade,
                    start_year=year.start_year,
                    results=wide,
                    tasks=tasks,
                    cuts={int(m): int(c) for m, c in procedure.scheme.scale.items()},
                )
            )
        return works

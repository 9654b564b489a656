"""The database's results as the objectivity criteria take them: works, ОГЭ, ЕГЭ Russian.

One results read per procedure (``results_frame``), one ГИА read per school year.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import polars as pl

from msoko.analytics.achievement import present
from msoko.analytics.columns import C
from msoko.analytics.objectivity.assess import Work
from msoko.assessments.deficits import scheme_tasks
from msoko.assessments.encoding import task_scores
from msoko.assessments.models import TASK_MATRIX_KINDS, Procedure, ProcedureKind, ResultCoverage
from msoko.assessments.selectors import gia_frame, results_frame
from msoko.core.models import SchoolYear
from msoko.registry.models import Organization

SHORT = {"Математика": "МА", "Русский язык": "РУ"}
MEDAL_YEARS = 3  # medals are few: a school's candidates of three years are pooled
RUSSIAN = "Русский язык"


@dataclass
class YearInputs:
    works: list[Work]  # the school year's own works
    earlier: list[Work]  # the year before, for cohorts only
    oge: pl.DataFrame
    ege_russian: pl.DataFrame
    #: every organisation that took part in a work of the year, for the official index
    participants: set[str] = field(default_factory=set)


def work_scope(procedure: Procedure) -> str:
    """«ВПР МА4 2020/2021»: how ФИС ОКО users name a work."""
    subject = SHORT.get(procedure.subject, procedure.subject)
    grade = procedure.grade or ""
    joiner = "" if procedure.subject in SHORT else ", "
    return f"{procedure.kind} {subject}{joiner}{grade} {procedure.school_year.name}".replace("  ", " ")


def year_works(
    year: SchoolYear, *, codes: dict[int, str], excluded: tuple[str, str] | None = None
) -> list[Work]:
    """Every procedure with a task matrix and current results in the year, as :class:`Work`.

    ``excluded`` (org code, class) leaves one class out: the what-if of a disputed flag.
    """
    procedures = Procedure.objects.filter(
        school_year=year,
        kind__in=TASK_MATRIX_KINDS,
        scheme__isnull=False,
        pk__in=ResultCoverage.objects.filter(active=True).values("procedure_id"),
    ).select_related("school_year", "scheme")
    works = []
    for procedure in procedures:
        tasks = scheme_tasks(procedure)
        if tasks.is_empty() or not procedure.grade:
            continue
        rows = present(results_frame(procedure)).with_columns(
            pl.col(C.ORG_ID).replace_strict(codes, default=None, return_dtype=pl.String).alias(C.ORG_CODE)
        )
        if excluded is not None:
            rows = rows.filter(~((pl.col(C.ORG_CODE) == excluded[0]) & (pl.col(C.CLASS_NAME) == excluded[1])))
        wide = task_scores(rows, labels=tasks[C.TASK].to_list())
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


def year_inputs(year: SchoolYear, *, excluded: tuple[str, str] | None = None) -> YearInputs:
    codes = dict(Organization.objects.values_list("id", "code"))
    works = year_works(year, codes=codes, excluded=excluded)
    previous = SchoolYear.objects.filter(start_year=year.start_year - 1).first()
    # the class left out by a what-if is this year's: last year's class of that name is other pupils
    earlier = year_works(previous, codes=codes) if previous else []
    gia = gia_frame(school_year_id=year.pk)
    oge = gia.filter(pl.col("exam") == ProcedureKind.OGE).rename({"exam": "kind"})
    medal_years = SchoolYear.objects.filter(
        start_year__gt=year.start_year - MEDAL_YEARS, start_year__lte=year.start_year
    ).order_by("start_year")
    ege = [
        gia_frame(school_year_id=y.pk)
        .filter((pl.col("exam") == ProcedureKind.EGE) & (pl.col(C.SUBJECT) == RUSSIAN))
        .with_columns(pl.lit(y.name).alias(C.SCHOOL_YEAR))
        for y in medal_years
    ]
    participants = {code for w in works for code in w.results[C.ORG_CODE].unique().to_list()}
    return YearInputs(
        works=works,
        earlier=earlier,
        oge=oge,
        ege_russian=pl.concat(ege) if ege else pl.DataFrame(),
        participants=participants,
    )

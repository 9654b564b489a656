"""Reads of the public page and of `msoko export public` (docs/methodology.md#public-page).

The public table is the one read in the system that is not scoped by ``visible_to(user)``:
it is open to anyone, so it holds aggregates only (no participant, class or teacher), and
small groups are suppressed before anything leaves :func:`public_frame`.
"""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl
from django.conf import settings
from django.db.models import Q, QuerySet

from msoko.assessments.models import GIA_KINDS, TASK_MATRIX_KINDS, Procedure
from msoko.core.models import SchoolYear, parse_school_year
from msoko.indicators.models import IndicatorValue
from msoko.publication.models import Unpublished
from msoko.publication.suppression import MIN_GROUP
from msoko.publication.table import CODES, TABLE_KEYS, VALUES_SCHEMA, public_table
from msoko.registry.selectors import ALL_MUNICIPALITIES, territory_name

#: procedures published by default, in the order of the table
KINDS = tuple(str(kind) for kind in (*TASK_MATRIX_KINDS, *GIA_KINDS))
EXAMS = tuple(str(kind) for kind in GIA_KINDS)
#: the codes that say a group took part: a table exists where one of them has a value
PARTICIPANTS = ("results.participants", "gia.participants")
MUNICIPALITY_FALLBACK = "Муниципалитет"


@dataclass(frozen=True)
class Table:
    """One public table: procedure × subject × grade (no grade for an exam)."""

    kind: str
    subject: str
    grade: int | None

    @property
    def key(self) -> str:
        """The value of the page's procedure filter."""
        return f"{self.kind}|{self.subject}|{self.grade or ''}"

    @property
    def title(self) -> str:
        return f"{self.kind} · {self.subject}" + (f" · {self.grade} класс" if self.grade else "")

    @classmethod
    def from_key(cls, key: str) -> Table | None:
        parts = key.split("|")
        if len(parts) != 3 or not parts[0] or not parts[1]:
            return None
        grade = parts[2]
        if grade and not grade.isdigit():
            return None
        return cls(parts[0], parts[1], int(grade) if grade else None)


def min_group() -> int:
    """MSOKO_PUBLIC_MIN_GROUP, 10 by default (docs/methodology.md#public-page)."""
    return int(getattr(settings, "MSOKO_PUBLIC_MIN_GROUP", MIN_GROUP))


def municipality_name() -> str:
    """The «МО» row's name: the site's territory (registry.selectors.territory_name) when it is
    one municipality, else «Муниципалитет»."""
    name = territory_name()
    unnamed = settings.MSOKO_MUNICIPALITY == settings.MSOKO_MUNICIPALITY_DEFAULT
    if unnamed and name in (ALL_MUNICIPALITIES, settings.MSOKO_MUNICIPALITY_DEFAULT):
        return MUNICIPALITY_FALLBACK
    return name


def public_frame(*, school_year_name: str, table: Table | None = None) -> pl.DataFrame:
    """The public table of a year (columns :data:`msoko.publication.table.COLUMNS`): every
    published procedure, or only ``table``; small groups suppressed. Two queries: the values,
    the unpublished procedures."""
    values = _values(school_year_name)
    if table is not None:
        values = values.filter(_table_q(table))
    rows = values.values_list(
        "org_code", "organization__name", "code", "procedure", "subject", "grade", "value"
    )
    frame = pl.DataFrame(list(rows), schema=VALUES_SCHEMA, orient="row")
    hidden = pl.DataFrame(
        _unpublished(school_year_name),
        schema={"procedure": pl.String, "subject": pl.String, "grade": pl.Int64},
        orient="row",
    )
    return public_table(
        frame.join(hidden, on=TABLE_KEYS, how="anti", nulls_equal=True),
        kinds=KINDS,
        exams=EXAMS,
        municipality_name=municipality_name(),
        min_group=min_group(),
    )


def public_years() -> list[SchoolYear]:
    """School years with values for the public page, newest first."""
    ids = _participants().values("school_year_id")
    return list(SchoolYear.objects.filter(pk__in=ids).order_by("-start_year"))


def year_tables(school_year_name: str) -> list[Table]:
    """Every table of the year with values, published or not, in the order of the table."""
    rows = _values(school_year_name).filter(code__in=PARTICIPANTS)
    found = {Table(k, s, g) for k, s, g in rows.values_list("procedure", "subject", "grade").distinct()}
    order = {kind: index for index, kind in enumerate(KINDS)}
    return sorted(found, key=lambda t: (order[t.kind], t.subject, t.grade or 0))


def published_tables(school_year_name: str) -> list[Table]:
    hidden = {Table(*row) for row in _unpublished(school_year_name)}
    return [t for t in year_tables(school_year_name) if t not in hidden]


@dataclass(frozen=True)
class ManagedTable:
    """A row of the management page: a table, its procedure (none if no procedure row is
    stored for it: it cannot be unpublished) and its unpublishing, if any."""

    table: Table
    procedure: Procedure | None
    unpublished: Unpublished | None


def managed_tables(school_year_name: str) -> list[ManagedTable]:
    procedures = {
        Table(p.kind, p.subject, p.grade): p
        for p in Procedure.objects.filter(school_year__name=school_year_name, kind__in=KINDS)
    }
    hidden = {
        u.procedure_id: u
        for u in Unpublished.objects.filter(procedure__school_year__name=school_year_name).select_related(
            "unpublished_by"
        )
    }
    out = []
    for table in year_tables(school_year_name):
        procedure = procedures.get(table)
        out.append(ManagedTable(table, procedure, hidden.get(procedure.pk) if procedure else None))
    return out


def public_procedures() -> QuerySet[Procedure]:
    """Procedures the management page may publish or unpublish."""
    return Procedure.objects.filter(kind__in=KINDS)


def _values(school_year_name: str) -> QuerySet[IndicatorValue]:
    return (
        IndicatorValue.objects.filter(school_year__name=school_year_name, code__in=CODES, procedure__in=KINDS)
        .exclude(org_code="Регион")
        .order_by()
    )


def _participants() -> QuerySet[IndicatorValue]:
    return IndicatorValue.objects.filter(code__in=PARTICIPANTS, procedure__in=KINDS).exclude(
        org_code="Регион"
    )


def _unpublished(school_year_name: str) -> list[tuple[str, str, int | None]]:
    return list(
        Unpublished.objects.filter(procedure__school_year__name=school_year_name).values_list(
            "procedure__kind", "procedure__subject", "procedure__grade"
        )
    )


def _table_q(table: Table) -> Q:
    grade = Q(grade__isnull=True) if table.grade is None else Q(grade=table.grade)
    return Q(procedure=table.kind, subject=table.subject) & grade


def stored_year(text: str) -> SchoolYear | None:
    """The stored school year named «2024-2025» or «2024/2025», or None."""
    name = parse_school_year(text)
    return SchoolYear.objects.filter(name=name).first() if name else None

"""What the import services of this app share: a procedure found or made from its key, and
the procedure id of each (kind, subject) pair of a frame; the read of the small per-year formats."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import polars as pl

from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Procedure
from msoko.core.imports import read_checked
from msoko.core.imports.kinds import Prepared
from msoko.core.models import SchoolYear
from msoko.registry.selectors import organization_code_map


def procedure_for(key: ProcedureKey) -> Procedure:
    year = SchoolYear.get_by_name(key.school_year)
    procedure, _ = Procedure.objects.get_or_create(
        kind=key.kind, subject=key.subject, grade=key.grade, school_year=year
    )
    return procedure


def procedure_ids(procedures: dict[tuple[str, str], Procedure], first: str, second: str) -> pl.Expr:
    """`procedure_id` of each row from its (``first``, ``second``) pair, e.g. exam and subject."""
    ids = {f"{a}\x1f{b}": p.pk for (a, b), p in procedures.items()}
    return (
        pl.concat_str(first, second, separator="\x1f")
        .replace_strict(ids, return_dtype=pl.Int64)
        .alias("procedure_id")
    )


def read_yearly_rows(
    content: bytes, *, filename: str, year: str, fmt: Any, check: Callable[..., Any], title: str
) -> Prepared:
    """Read a small per-year format (journal marks, olympiad protocols): every column parsed and
    the format's row checks run against the registry's codes; nothing is written."""
    checked = read_checked(
        content,
        filename=filename,
        fmt=fmt,
        check=lambda rows, shown: check(rows, org_codes=organization_code_map(), shown=shown),
    )
    frame = checked.frame
    return Prepared(
        rows=frame.height,
        organization_ids=frozenset(frame.get_column("org_id").unique().to_list()),
        data=frame,
        school_year=SchoolYear.named(year),
        notices=checked.notices,
        title=f"{title} {year}",
    )

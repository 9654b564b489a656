"""What the import services of this app share: a procedure found or made from its key, and
the procedure id of each (kind, subject) pair of a frame."""

from __future__ import annotations

import polars as pl

from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Procedure
from msoko.core.models import SchoolYear


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

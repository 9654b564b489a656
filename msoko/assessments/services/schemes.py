"""Schemes (описания работ): save a parsed YAML, find the scheme of a procedure, import a file."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from msoko.assessments import scheme_files
from msoko.assessments.importers.results import WorkShape
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Scheme, SchemeTask
from msoko.assessments.selectors import TASK_SCHEMA, scheme_tasks, work_shape
from msoko.assessments.services.common import procedure_for
from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import SchoolYear, User, parse_school_year
from msoko.tabular.problems import ImportProblem


def save_scheme(spec: scheme_files.SchemeSpec, *, builtin: bool = False) -> Scheme:
    """Create or replace the scheme of a procedure (tasks and scale) from a parsed YAML."""
    procedure = procedure_for(ProcedureKey(spec.procedure, spec.subject, spec.grade, spec.year))
    scheme, _ = Scheme.objects.update_or_create(
        procedure=procedure,
        defaults={
            "scale": {str(k): v for k, v in spec.scale.items()},
            "source": spec.source[:500],
            "builtin": builtin,
        },
    )
    scheme.tasks.all().delete()
    SchemeTask.objects.bulk_create(
        SchemeTask(
            scheme=scheme,
            position=t.position,
            label=t.label,
            max_score=t.max_score,
            level=t.level,
            skill=t.skill,
            kes=t.kes[:200],
            kt=t.kt[:200],
        )
        for t in spec.tasks
    )
    return scheme


@dataclass
class WorkScheme:
    """The scheme a file is read against: stored, or built in and not saved yet.

    Reading a file writes nothing (a rejected file must not leave a school year, a procedure or
    a scheme behind): a built-in scheme is saved by :meth:`saved`, inside the import's write.
    """

    stored: Scheme | None
    spec: scheme_files.SchemeSpec | None

    @property
    def shape(self) -> WorkShape:
        if self.stored is not None:
            return work_shape(self.stored)
        spec = self._spec()
        return WorkShape(
            labels=spec.labels,
            maxima=tuple(t.max_score for t in spec.tasks),
            scale=dict(spec.scale),
            grade=spec.grade or 0,
        )

    @property
    def max_score(self) -> int:
        return self.stored.max_score if self.stored is not None else self._spec().max_score

    @property
    def school_year(self) -> SchoolYear:
        """The stored year, or an unsaved one the import's write saves."""
        if self.stored is not None:
            return self.stored.procedure.school_year
        return SchoolYear.named(self._spec().year)

    def tasks(self) -> pl.DataFrame:
        """Label, position, maximum, level and skill of each task (``selectors.scheme_tasks``)."""
        if self.stored is not None:
            return scheme_tasks(self.stored.procedure)
        return pl.DataFrame(
            [(t.label, t.position, t.max_score, t.level, t.skill) for t in self._spec().tasks],
            schema=TASK_SCHEMA,
            orient="row",
        )

    def saved(self) -> Scheme:
        """The stored scheme, saving a built-in one first, once (call inside the write transaction)."""
        if self.stored is None:
            self.stored = save_scheme(self._spec(), builtin=True)
        return self.stored

    def _spec(self) -> scheme_files.SchemeSpec:
        assert self.spec is not None
        return self.spec


def find_scheme(key: ProcedureKey) -> WorkScheme | None:
    """The stored scheme of ``key`` or a built-in one; reads only."""
    scheme = (
        Scheme.objects.select_related("procedure__school_year")
        .filter(
            procedure__kind=key.kind,
            procedure__subject=key.subject,
            procedure__grade=key.grade,
            procedure__school_year__name=parse_school_year(key.school_year),
        )
        .first()
    )
    if scheme is not None:
        return WorkScheme(scheme, None)
    for spec in scheme_files.load_builtin_schemes():
        if (spec.procedure, spec.subject, spec.grade, spec.year) == (
            key.kind,
            key.subject,
            key.grade,
            key.school_year,
        ):
            return WorkScheme(None, spec)
    return None


def scheme_for(key: ProcedureKey) -> Scheme | None:
    """The scheme in the database, or a built-in one (saved into the database on first use)."""
    found = find_scheme(key)
    return found.saved() if found is not None else None


def import_scheme(*, content: bytes, filename: str, actor: User | None) -> ImportReport:
    return run_import("scheme", content=content, filename=filename, params={}, actor=actor)


def read_scheme(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    try:
        spec = scheme_files.parse_scheme(content.decode("utf-8-sig"), filename=filename)
    except UnicodeDecodeError as error:
        raise ImportRejected(
            [ImportProblem(0, "", "", "файл описания работы должен быть в кодировке UTF-8")]
        ) from error
    except scheme_files.SchemeRejected as error:
        raise ImportRejected([ImportProblem(0, "", "", m) for m in error.messages]) from error
    return Prepared(rows=len(spec.tasks), organization_ids=frozenset(), data=spec)


def store_scheme(
    prepared: Prepared, *, batch: None, params: dict[str, Any], actor: User | None, progress: Progress
) -> ImportReport:
    spec: scheme_files.SchemeSpec = prepared.data
    existed = Scheme.objects.filter(
        procedure__kind=spec.procedure,
        procedure__subject=spec.subject,
        procedure__grade=spec.grade,
        procedure__school_year__name=spec.year,
    ).exists()
    scheme = save_scheme(spec)
    prepared.school_year = scheme.procedure.school_year
    return ImportReport(
        kind="scheme",
        filename="",
        rows=len(spec.tasks),
        summary=[
            f"Описание работы «{scheme.procedure}» {'заменено' if existed else 'загружено'}: "
            f"заданий {len(spec.tasks)}, максимальный балл {spec.max_score}, "
            "шкала: " + ", ".join(f"«{m}» от {s}" for m, s in sorted(spec.scale.items())) + "."
        ],
    )


def ensure_builtin_schemes() -> int:
    """Store the built-in schemes that the database does not have yet; returns how many.

    Run after every migration (``apps.py``), so pages list them without writing on a GET.
    A scheme a user has edited is never overwritten.
    """
    created = 0
    for spec in scheme_files.load_builtin_schemes():
        exists = Scheme.objects.filter(
            procedure__kind=spec.procedure,
            procedure__subject=spec.subject,
            procedure__grade=spec.grade,
            procedure__school_year__name=spec.year,
        ).exists()
        if not exists:
            save_scheme(spec, builtin=True)
            created += 1
    return created

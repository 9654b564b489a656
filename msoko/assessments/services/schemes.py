"""Schemes (описания работ): save a parsed YAML, find the scheme of a procedure, import a file."""

from __future__ import annotations

from typing import Any

from msoko.assessments import scheme_files
from msoko.assessments.keys import ProcedureKey
from msoko.assessments.models import Scheme, SchemeTask
from msoko.assessments.services.common import procedure_for
from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.imports.kinds import Prepared, Progress
from msoko.core.imports.run import run_import
from msoko.core.models import User, parse_school_year
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


def scheme_for(key: ProcedureKey) -> Scheme | None:
    """The scheme in the database, or a built-in one (loaded into the database on first use)."""
    scheme = Scheme.objects.filter(
        procedure__kind=key.kind,
        procedure__subject=key.subject,
        procedure__grade=key.grade,
        procedure__school_year__name=parse_school_year(key.school_year),
    ).first()
    if scheme is not None:
        return scheme
    for spec in scheme_files.load_builtin_schemes():
        if (spec.procedure, spec.subject, spec.grade, spec.year) == (
            key.kind,
            key.subject,
            key.grade,
            key.school_year,
        ):
            return save_scheme(spec, builtin=True)
    return None


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

"""Replay a recorded import: the kept file with the arguments it was loaded with.

:func:`loaders` is also how the command line runs the simple kinds: one table from a kind to
the service that loads it, fed the same ``params`` an import record keeps.

Useful after the cause of a rejection was fixed elsewhere (an organisation added to the
registry, a scheme imported), or to rebuild data from the original files. The replay is a
new import of its own, recorded and audited like any other.
"""

from __future__ import annotations

from collections.abc import Callable

from msoko.core.imports import ImportRejected, ImportReport
from msoko.core.models import ImportRecord, SchoolYear, User
from msoko.core.uploads import stored_path
from msoko.tabular.problems import ImportProblem


def replay_import(*, record_id: int, actor: User | None) -> ImportReport:
    record = ImportRecord.objects.filter(pk=record_id).first()
    if record is None:
        raise ImportRejected([ImportProblem(0, "", "", f"загрузка №{record_id} не найдена в истории")])
    path = stored_path(record.sha256)
    if not path.exists():
        raise ImportRejected(
            [ImportProblem(0, "", "", f"файл загрузки №{record_id} не сохранился: {record.filename}")]
        )
    loader = loaders().get(record.kind)
    if loader is None:
        raise ImportRejected([ImportProblem(0, "", "", f"загрузки вида «{record.kind}» повторить нельзя")])
    return loader(path.read_bytes(), record.filename, dict(record.summary.get("params") or {}), actor)


def _results(content: bytes, filename: str, params: dict, actor: User | None) -> ImportReport:
    from msoko.assessments.services import ProcedureKey, import_results

    key = ProcedureKey(params["procedure"], params["subject"], params["grade"], params["year"])
    return import_results(
        content=content,
        filename=filename,
        key=key,
        actor=actor,
        quarantine=bool(params.get("quarantine", False)),
        max_invalid_share=float(params.get("max_invalid_share", 0.05)),
        into_batch=params.get("into_batch"),
    )


def _reference(content: bytes, filename: str, params: dict, actor: User | None) -> ImportReport:
    from msoko.assessments.services import ProcedureKey
    from msoko.assessments.services.reference import import_reference

    key = ProcedureKey(params["procedure"], params["subject"], params["grade"], params["year"])
    return import_reference(content=content, filename=filename, key=key, actor=actor)


def _yearly(load: Callable[..., ImportReport]) -> Callable[[bytes, str, dict, User | None], ImportReport]:
    def run(content: bytes, filename: str, params: dict, actor: User | None) -> ImportReport:
        extra = {k: params[k] for k in ("quarantine", "max_invalid_share") if k in params}
        return load(
            content=content,
            filename=filename,
            school_year=SchoolYear.get_by_name(params["year"]),
            actor=actor,
            **extra,
        )

    return run


def _plain(load: Callable[..., ImportReport]) -> Callable[[bytes, str, dict, User | None], ImportReport]:
    return lambda content, filename, params, actor: load(content=content, filename=filename, actor=actor)


def loaders() -> dict[str, Callable[[bytes, str, dict, User | None], ImportReport]]:
    from msoko.assessments.services import import_gia, import_marks, import_olympiad, import_scheme
    from msoko.indicators.services import import_monitoring
    from msoko.registry.services import import_courses, import_organizations, import_teachers

    return {
        "results": _results,
        "reference": _reference,
        "gia": _yearly(import_gia),
        "marks": _yearly(import_marks),
        "olympiad": _yearly(import_olympiad),
        "teachers": _yearly(import_teachers),
        "organizations": _plain(import_organizations),
        "courses": _plain(import_courses),
        "monitoring": _plain(import_monitoring),
        "scheme": _plain(import_scheme),
    }

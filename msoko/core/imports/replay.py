"""Replay a recorded import: the kept file with the arguments it was loaded with.

Useful after the cause of a rejection was fixed elsewhere (an organisation added to the
registry, a scheme imported), or to rebuild data from the original files. The replay is a
new import of its own, recorded and audited like any other, through the same pipeline.
"""

from __future__ import annotations

from msoko.core.imports.kinds import Progress, import_kind, silent
from msoko.core.imports.records import ImportRejected, ImportReport
from msoko.core.imports.run import run_import
from msoko.core.models import ImportRecord, User
from msoko.core.uploads import stored_path
from msoko.tabular.problems import ImportProblem


def replay_import(*, record_id: int, actor: User | None, progress: Progress = silent) -> ImportReport:
    record = ImportRecord.objects.filter(pk=record_id).first()
    if record is None:
        raise ImportRejected([ImportProblem(0, "", "", f"загрузка №{record_id} не найдена в истории")])
    path = stored_path(record.sha256)
    if not path.exists():
        raise ImportRejected(
            [ImportProblem(0, "", "", f"файл загрузки №{record_id} не сохранился: {record.filename}")]
        )
    if import_kind(record.kind) is None:
        raise ImportRejected([ImportProblem(0, "", "", f"загрузки вида «{record.kind}» повторить нельзя")])
    params = dict(record.summary.get("params") or {})
    return run_import(
        record.kind,
        content=path.read_bytes(),
        filename=record.filename,
        params=params,
        actor=actor,
        progress=progress,
    )

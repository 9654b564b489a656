"""The outcome of an import, and how every import (accepted or rejected) is recorded."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from msoko.core.audit import record
from msoko.core.hooks import import_accepted
from msoko.core.imports.kinds import kind_title
from msoko.core.models import AuditAction, ImportRecord, ImportStatus, SchoolYear, User
from msoko.core.uploads import store_upload
from msoko.tabular.columns import validate, written_headers
from msoko.tabular.problems import ImportProblem, TableRejected
from msoko.tabular.reading import read_table

MAX_LISTED_CHANGES = 200


@dataclass
class ImportReport:
    kind: str
    filename: str
    rows: int
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    changes: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    record_id: int | None = None
    #: a summary in the words of the kind («участников 26 600, организаций 629 …»), instead of the counts
    summary: list[str] = field(default_factory=list)
    details: dict[str, object] = field(default_factory=dict)
    #: work the import set going elsewhere, for the page to follow: {"title", "url"} each
    followups: list[dict[str, str]] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The summary a user reads after a successful import."""
        out = (
            [f"Файл «{self.filename}» загружен: строк {self.rows}.", *self.summary]
            if self.summary
            else [
                f"Файл «{self.filename}» загружен: строк {self.rows}; добавлено {self.created}, "
                f"изменено {self.updated}, без изменений {self.unchanged}."
            ]
        )
        out += [f"  изменено: {c}" for c in self.changes[:MAX_LISTED_CHANGES]]
        if len(self.changes) > MAX_LISTED_CHANGES:
            out.append(f"  … и ещё {len(self.changes) - MAX_LISTED_CHANGES} изменений")
        out += [f"Примечание: {n}" for n in self.notices]
        return out


MAX_LISTED_PROBLEMS = 1000


class ImportRejected(Exception):
    """The file was rejected whole; nothing but the record of the attempt was written.

    ``problems`` holds at most the first :data:`MAX_LISTED_PROBLEMS`; ``total`` counts them all.
    """

    def __init__(
        self, problems: list[ImportProblem], notices: list[str] | None = None, total: int | None = None
    ):
        super().__init__(f"файл отклонён: ошибок {total or len(problems)}")
        self.problems = problems[:MAX_LISTED_PROBLEMS]
        self.total = total if total is not None else len(problems)
        self.notices = notices or []
        self.record_id: int | None = None


def _import_record(*, content: bytes, actor: User | None, **fields: object) -> ImportRecord:
    return ImportRecord.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        sha256=store_upload(content),
        size=len(content),
        **fields,
    )


def record_rejection(
    error: ImportRejected,
    *,
    kind: str,
    content: bytes,
    filename: str,
    actor: User | None,
    school_year: SchoolYear | None = None,
    params: dict[str, object] | None = None,
) -> None:
    """Keep the rejected file and its first errors, so the attempt itself is on record.

    ``params`` are the import's arguments besides the file, so it can be replayed later.
    """
    rec = _import_record(
        kind=kind,
        filename=filename,
        content=content,
        actor=actor,
        school_year=school_year,
        status=ImportStatus.REJECTED,
        summary={
            "errors": error.total,
            "first_errors": [str(p) for p in error.problems[:20]],
            "params": params or {},
        },
    )
    error.record_id = rec.pk
    record(
        actor=actor,
        action=AuditAction.IMPORT_REJECTED,
        summary=f"Загрузка «{kind_title(kind)}» из файла «{filename}» отклонена: ошибок {error.total}",
        obj=rec,
    )


@contextmanager
def rejection_recorded(
    *,
    kind: str,
    content: bytes,
    filename: str,
    actor: User | None,
    school_year: SchoolYear | None = None,
    params: dict[str, object] | None = None,
) -> Iterator[None]:
    """Around the reading and checking of a file: a rejection raised inside is recorded
    (:func:`record_rejection`) and raised again."""
    try:
        yield
    except ImportRejected as error:
        record_rejection(
            error,
            kind=kind,
            content=content,
            filename=filename,
            actor=actor,
            school_year=school_year,
            params=params,
        )
        raise


def record_acceptance(
    report: ImportReport,
    *,
    content: bytes,
    actor: User | None,
    school_year: SchoolYear | None = None,
    params: dict[str, object] | None = None,
    affects: frozenset[str] = frozenset(),
) -> None:
    """Call inside the import's transaction: the record and audit row land with the data.

    ``affects`` names the data the import changed («results», «gia» …); when it is not empty,
    :data:`~msoko.core.hooks.import_accepted` tells the layers above (the recompute pipeline).
    """
    rec = _import_record(
        kind=report.kind,
        filename=report.filename,
        content=content,
        actor=actor,
        school_year=school_year,
        status=ImportStatus.ACCEPTED,
        rows=report.rows,
        summary={
            "created": report.created,
            "updated": report.updated,
            "unchanged": report.unchanged,
            "changes": report.changes[:MAX_LISTED_CHANGES],
            "notices": report.notices,
            "summary": report.summary,
            "params": params or {},
            **report.details,
        },
    )
    report.record_id = rec.pk
    record(
        actor=actor,
        action=AuditAction.IMPORT,
        summary=(
            f"Загрузка «{kind_title(report.kind)}» из файла «{report.filename}»: "
            + (
                "; ".join(report.summary)
                if report.summary
                else f"добавлено {report.created}, изменено {report.updated}, "
                f"без изменений {report.unchanged}"
            )
        ),
        obj=rec,
    )
    if affects:
        answers = import_accepted.send(
            sender=ImportRecord, kind=report.kind, record_id=rec.pk, school_year=school_year, affects=affects
        )
        report.followups += [a["followup"] for _, a in answers if isinstance(a, dict) and "followup" in a]


Check = Callable[[pl.DataFrame, dict[str, str]], tuple[pl.DataFrame, list[ImportProblem]]]


@dataclass
class Checked:
    frame: pl.DataFrame
    notices: list[str]
    header_row: int


def read_checked(content: bytes, *, filename: str, fmt: Any, check: Check) -> Checked:
    """Read a small-format file, parse every column and run the format's row checks.

    ``fmt`` is an importer module with ``REQUIRED``, ``SHEET_NAMES`` and ``COLUMNS``; ``check``
    gets the typed rows and each column's header as written. Raises :class:`ImportRejected`
    listing every problem; the caller records the rejection.
    """
    try:
        table = read_table(content, filename=filename, required=fmt.REQUIRED, sheet_names=fmt.SHEET_NAMES)
    except TableRejected as error:
        raise ImportRejected(error.problems) from error
    validated = validate(table, fmt.COLUMNS)
    if validated.problems and not validated.present:
        raise ImportRejected(validated.problems, validated.notices)
    frame, extra = check(validated.frame, written_headers(table, fmt.COLUMNS))
    problems = validated.problems + extra
    if not problems and frame.is_empty():
        problems.append(ImportProblem(table.header_row + 1, "", "", "в файле нет ни одной строки с данными"))
    if problems:
        raise ImportRejected(sorted(problems), validated.notices)
    return Checked(frame, validated.notices, table.header_row)

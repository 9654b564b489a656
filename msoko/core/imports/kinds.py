"""The registry of import kinds: what each kind of file is, asks for and does.

An app declares its kinds in ``AppConfig.ready`` with :func:`register`; the command line, the
web upload page and replay are built from :func:`import_kinds`, so a new format is one
parser, a read, a store and one registry entry.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

import polars as pl

from msoko.core.models import Batch, SchoolYear

Progress = Callable[[str], None]
ParamType = Literal["year", "text", "grade", "procedure", "flag", "percent", "int"]


def silent(step: str) -> None:
    return None


@dataclass(frozen=True)
class Param:
    """One argument of a kind besides the file: a CLI option and a web form field."""

    name: str  # the key in ``params`` (and in an import record, for replay)
    flag: str  # the command-line option, e.g. «--year»
    label: str  # the form field's Russian label
    type: ParamType = "text"
    required: bool = True
    default: Any = None
    help: str = ""
    choices: tuple[str, ...] = ()
    cli: bool = True  # offered on the command line
    web: bool = True  # offered on the web form
    department_only: bool = False  # not for a school's user (its data are its own rows only)


#: the parameters most kinds share
YEAR = Param("year", "--year", "Учебный год", "year", help="например 2024/2025")
QUARANTINE = Param(
    "quarantine",
    "--quarantine",
    "Ошибочные строки — в карантин",
    "flag",
    required=False,
    default=False,
    help="загрузить верные строки, ошибочные — в карантин",
)
MAX_INVALID = Param(
    "max_invalid_share",
    "--max-invalid-percent",
    "Наибольшая доля ошибочных строк, %",
    "percent",
    required=False,
    default=0.05,
    help="наибольшая доля ошибочных строк, %% (по умолчанию 5)",
)


@dataclass
class Invalid:
    """Rows of a file that failed their checks: quarantined when the kind and the user allow."""

    count: int
    problems: pl.DataFrame  # ROW, column, value, message (tabular.problems)
    raw: pl.DataFrame  # the file's rows as read, kept whole in the quarantine
    keys: pl.DataFrame | None = None  # ROW, org_code, participant_code as written
    #: registry organisations the rows name (by code or alias); unknown codes are left out
    organization_ids: frozenset[int] = frozenset()


@dataclass
class Prepared:
    """A file read and checked, ready to store: nothing has been written yet."""

    rows: int  # data rows of the file
    organization_ids: frozenset[int]  # organisations whose data it writes
    data: Any  # what the kind's store needs
    school_year: SchoolYear | None = None  # may be unsaved: saved in the write transaction
    notices: list[str] = field(default_factory=list)
    invalid: Invalid | None = None
    stored_rows: int | None = None  # rows to be stored (default: all but the invalid ones)
    title: str = ""  # what the batch is of, e.g. the procedure
    batch: Batch | None = None  # load into this existing batch (corrections of its quarantine)


Read = Callable[..., Prepared]  # (content, *, filename, params, progress) -> Prepared
Store = Callable[..., Any]  # (prepared, *, batch, params, actor, progress) -> ImportReport


@dataclass(frozen=True)
class ImportKind:
    code: str
    title: str  # «результаты ВПР, НИКО, РКР, МОП»: what the history and the recompute say
    read: Read
    store: Store
    params: tuple[Param, ...] = ()
    description: str = ""  # the columns expected, for the upload page and `--help`
    extensions: tuple[str, ...] = (".csv", ".xlsx")
    batch: bool = True  # stored rows belong to a batch (replaced whole by a later import)
    quarantine: bool = False  # invalid rows may be set aside instead of rejecting the file
    affects: frozenset[str] = frozenset()  # data it changes; not empty: a recompute follows
    school_upload: bool = False  # a school may load it (its own rows only)
    order: int = 100  # position in lists
    #: called in the transaction once the import record exists (rows that point at it)
    recorded: Callable[[Prepared, int | None], None] | None = None

    def allowed_for(self, user: Any) -> bool:
        """The department loads every kind; a school only kinds it may load (its own rows)."""
        if not (user.is_authenticated and user.is_active):
            return False
        if user.can_manage_registry:
            return True
        return self.school_upload and user.can_upload_results

    def school_year(self, params: dict[str, Any]) -> SchoolYear | None:
        """The stored year the parameters name (None if it does not exist yet: a rejected file
        never creates one)."""
        name = params.get("year")
        year = SchoolYear.named(str(name)) if name else None
        return year if year is not None and year.pk else None


_registry: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> None:
    known = _registry.get(kind.code)
    if known is not None and known != kind:
        raise ValueError(f"import kind {kind.code!r} is registered twice")
    _registry[kind.code] = kind


def import_kinds() -> list[ImportKind]:
    return sorted(_registry.values(), key=lambda k: (k.order, k.code))


def import_kind(code: str) -> ImportKind | None:
    return _registry.get(code)


def kinds_for(user: Any) -> list[ImportKind]:
    return [kind for kind in import_kinds() if kind.allowed_for(user)]


def kind_title(code: str) -> str:
    kind = _registry.get(code)
    return kind.title if kind else code

"""The import kinds of this app, declared to the core's import pipeline (``apps.py``)."""

from __future__ import annotations

from typing import Any

from msoko.assessments.models import TASK_MATRIX_KINDS
from msoko.assessments.services.corrections import read_corrections, store_corrections
from msoko.assessments.services.gia import read_gia, store_gia
from msoko.assessments.services.marks import read_marks, store_marks
from msoko.assessments.services.olympiad import read_olympiad, store_olympiad
from msoko.assessments.services.reference import link_reference_record, read_reference, store_reference
from msoko.assessments.services.results import link_results_record, read_results, store_results
from msoko.assessments.services.schemes import read_scheme, store_scheme
from msoko.core.imports.kinds import MAX_INVALID, QUARANTINE, YEAR, ImportKind, Param, Prepared, Progress

TASK_MATRIX = tuple(k.value for k in TASK_MATRIX_KINDS)
PROCEDURE = (
    Param("procedure", "--procedure", "Процедура", "procedure", choices=TASK_MATRIX),
    Param("subject", "--subject", "Предмет", "text"),
    Param("grade", "--grade", "Класс (параллель)", "grade"),
    YEAR,
)
REGIONAL = Param(
    "regional",
    "--regional",
    "Региональная выгрузка (все школы региона)",
    "flag",
    required=False,
    default=False,
    help=(
        "файл региона: строки организаций, которых нет в реестре, — других муниципалитетов (не ошибки, "
        "не загружаются); по всем верным строкам рассчитываются значения региона"
    ),
    department_only=True,
)
INTO_BATCH = Param(
    "into_batch",
    "--into-batch",
    "Дозагрузить исправленные строки в пакет №",
    "int",
    required=False,
    help="дозагрузить исправленные строки карантина в пакет N",
    web=False,
)


def _read_results(content: bytes, *, filename: str, params: dict[str, Any], progress: Progress) -> Prepared:
    corrections = params.get("into_batch") is not None
    read = read_corrections if corrections else read_results
    return read(content, filename=filename, params=params, progress=progress)


def _store_results(prepared: Prepared, **options: Any) -> Any:
    store = store_corrections if options["params"].get("into_batch") is not None else store_results
    return store(prepared, **options)


KINDS = (
    ImportKind(
        code="results",
        title="результаты ВПР, НИКО, РКР, МОП",
        read=_read_results,
        store=_store_results,
        params=(*PROCEDURE, QUARANTINE, MAX_INVALID, REGIONAL, INTO_BATCH),
        description=(
            "Результаты участников в формате МСОКО или в выгрузках ФИС ОКО (региональная, «сырая», "
            "протокол школы): код ОО, класс, код участника, баллы за задания, отметка."
        ),
        quarantine=True,
        affects=frozenset({"results"}),
        school_upload=True,
        recorded=link_results_record,
        order=10,
    ),
    ImportKind(
        code="gia",
        title="результаты ГИА (ОГЭ, ЕГЭ, ГВЭ)",
        read=read_gia,
        store=store_gia,
        params=(YEAR, QUARANTINE, MAX_INVALID),
        description="Экзамен, предмет, код ОО, код участника, баллы, отметка, годовая отметка, медаль.",
        quarantine=True,
        affects=frozenset({"gia"}),
        order=20,
    ),
    ImportKind(
        code="marks",
        title="отметки из электронного журнала",
        read=read_marks,
        store=store_marks,
        params=(YEAR,),
        description="Код ОО, класс, код участника, предмет, период, отметка.",
        affects=frozenset({"marks"}),
        school_upload=True,
        order=30,
    ),
    ImportKind(
        code="olympiad",
        title="всероссийская олимпиада школьников (протоколы этапов)",
        read=read_olympiad,
        store=store_olympiad,
        params=(YEAR,),
        description=(
            "Этап, предмет, код ОО, код участника, класс, баллы, статус (победитель, призёр, участник)."
        ),
        affects=frozenset({"olympiad"}),
        order=40,
    ),
    ImportKind(
        code="reference",
        title="значения региона и России по процедуре",
        read=read_reference,
        store=store_reference,
        params=PROCEDURE,
        description="Уровень (Россия, Регион), показатель («Отметка 2…5», «Задание N»), значение в %.",
        batch=False,
        recorded=link_reference_record,
        order=60,
    ),
    ImportKind(
        code="scheme",
        title="описание работы (задания и шкала)",
        read=read_scheme,
        store=store_scheme,
        description="Файл YAML: процедура, предмет, класс, год, задания с максимальными баллами и шкала.",
        extensions=(".yaml", ".yml"),
        batch=False,
        affects=frozenset({"schemes"}),
        order=5,
    ),
)

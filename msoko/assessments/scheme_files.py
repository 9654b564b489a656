"""Scheme files: the YAML description of one work (its tasks and its mark scale).

The format is ``scheme`` of docs/formats.md::

    procedure: ВПР
    subject: Математика
    grade: 5
    year: 2024/2025
    tasks:
      - {label: "1", max: 1, level: Б, skill: "...", kes: "1.1; 2.3", kt: "1"}
    scale: {"3": 5, "4": 10, "5": 14}      # lowest primary score for each mark
    source: "ФИОКО, Описание проверочной работы …"   # optional
    max_score: 20                                  # optional, must equal the sum of the task maxima

Pure module (no Django): the importer, the upload form and the command line all call
:func:`parse_scheme` and get the same Russian messages. Every problem of a file is reported at
once, each naming where it is («поле year: …», «задание 3 (позиция 3): …»).

The YAML is read with PyYAML's ``BaseLoader``: every scalar stays the text the user typed, so
``label: 5.10`` stays ``5.10`` (not the float 5.1) and a bad value is quoted back verbatim.
"""

from __future__ import annotations

import functools
import itertools
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PROCEDURES = ("ВПР", "НИКО", "РКР", "МОП", "ОГЭ", "ЕГЭ", "ГВЭ", "ГВЭ-9", "ГВЭ-11")
#: procedures with a task matrix per participant: the grade and the full «3»/«4»/«5» scale are required
TASK_MATRIX_PROCEDURES = ("ВПР", "НИКО", "РКР", "МОП")
MARKS = (3, 4, 5)
LEVELS = {"б": "Б", "п": "П", "в": "В", "базовый": "Б", "повышенный": "П", "высокий": "В"}
MAX_TASK_SCORE = 100
#: field lengths of the database models (``SchemeTask.label``, ``kes``, ``kt``; ``Scheme.source``)
MAX_LABEL_LENGTH = 20
MAX_CODES_LENGTH = 200
MAX_SOURCE_LENGTH = 500

TOP_FIELDS = ("procedure", "subject", "grade", "year", "tasks", "scale", "source", "max_score")
TASK_FIELDS = ("label", "max", "level", "skill", "kes", "kt")

SCHEMES_DIR = Path(__file__).parent / "schemes"

_YEAR_RE = re.compile(r"^(\d{4})\s*[/\-–—]\s*(\d{2}|\d{4})$")
_INT_RE = re.compile(r"^[+]?\d+$")


class SchemeRejected(ValueError):
    """The file is not a valid scheme; ``messages`` lists every problem, in Russian."""

    def __init__(self, messages: list[str], *, filename: str = "") -> None:
        self.messages = list(messages)
        self.filename = filename
        where = f"{filename}: " if filename else ""
        super().__init__(where + "; ".join(self.messages))


@dataclass(frozen=True)
class TaskSpec:
    position: int  # 1-based, the order of the result columns
    label: str
    max_score: int
    level: str  # Б, П or В
    skill: str
    kes: str
    kt: str


@dataclass(frozen=True)
class SchemeSpec:
    procedure: str
    subject: str
    grade: int | None
    year: str  # «2024/2025»
    tasks: tuple[TaskSpec, ...]
    scale: dict[int, int]  # mark → lowest primary score
    source: str

    @property
    def max_score(self) -> int:
        return sum(task.max_score for task in self.tasks)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(task.label for task in self.tasks)

    def mark_for(self, total: int) -> int:
        """The mark for a primary score: the highest mark whose lowest score is reached, else 2."""
        if not self.scale:
            raise ValueError(f"{self.procedure}, {self.subject}: шкала перевода в отметку не задана")
        mark = 2
        for candidate in sorted(self.scale):
            if total >= self.scale[candidate]:
                mark = candidate
        return mark


# --------------------------------------------------------------------------- YAML reading


class _Loader(yaml.BaseLoader):
    """Every scalar is text; a key repeated in one mapping is an error, not silently the last."""


def _construct_mapping(loader: _Loader, node: yaml.MappingNode) -> dict:
    mapping: dict = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, str):
            raise yaml.constructor.ConstructorError(
                None, None, "ключ должен быть текстом", key_node.start_mark
            )
        if key in mapping:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int) -> None:
        super().__init__(key)
        self.key = key
        self.line = line


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


def _load(text: str) -> object:
    try:
        # BaseLoader (the base of _Loader) builds only str, list and dict: safe for untrusted text
        return yaml.load(text, Loader=_Loader)
    except _DuplicateKey as exc:
        raise SchemeRejected([f"строка {exc.line}: поле «{exc.key}» указано дважды"]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"строка {mark.line + 1}, столбец {mark.column + 1}: " if mark is not None else ""
        raise SchemeRejected(
            [where + "файл не читается как YAML — проверьте отступы, двоеточия, кавычки и скобки"]
        ) from None


# --------------------------------------------------------------------------- value helpers


def _show(value: object) -> str:
    """The value as the user wrote it, for «получено «…»»."""
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "список"
    if isinstance(value, dict):
        return "вложенное описание"
    return str(value)


def _text(value: object) -> str | None:
    """A scalar's text with whitespace collapsed, or None if the value is a list or a mapping."""
    if value is None:
        return ""
    if isinstance(value, str):
        return " ".join(value.split())
    return None


def _int(value: object) -> int | None:
    text = _text(value)
    if text and _INT_RE.match(text):
        return int(text)
    return None


def normalize_label(label: str) -> str:
    """``1K1`` (Latin K, as in some ФИС ОКО files) → ``1К1`` (Cyrillic), spaces removed."""
    return "".join(label.split()).replace("K", "К").replace("k", "К")


def normalize_level(value: str) -> str | None:
    return LEVELS.get(value.strip().lower())


def normalize_school_year(value: str) -> str | None:
    """«2024/2025», «2024-2025», «2024/25» → «2024/2025»; None if it is not a school year."""
    match = _YEAR_RE.match(value.strip())
    if not match:
        return None
    start = int(match.group(1))
    end_text = match.group(2)
    end = int(end_text) if len(end_text) == 4 else (start // 100) * 100 + int(end_text)
    if len(end_text) == 2 and end <= start:
        end += 100
    if end != start + 1:
        return None
    return f"{start}/{end}"


# --------------------------------------------------------------------------- parsing


def parse_scheme(text: str, *, filename: str) -> SchemeSpec:
    """Parse and validate one scheme file; raise :class:`SchemeRejected` listing every problem."""
    try:
        data = _load(text)
    except SchemeRejected as exc:
        raise SchemeRejected(exc.messages, filename=filename) from None
    if data is None or data == "":
        raise SchemeRejected(["файл пуст: нет описания работы"], filename=filename)
    if not isinstance(data, dict):
        raise SchemeRejected(
            ["файл должен описывать одну работу полями procedure, subject, grade, year, tasks, scale"],
            filename=filename,
        )

    problems: list[str] = []
    allowed_top = ", ".join(TOP_FIELDS)
    problems.extend(
        f"неизвестное поле «{key}»; допустимы: {allowed_top}" for key in data if key not in TOP_FIELDS
    )

    procedure = _parse_procedure(data.get("procedure"), problems)
    subject = _text(data.get("subject"))
    if not subject:
        problems.append("поле subject: не указан предмет")
    grade = _parse_grade(data.get("grade"), procedure, problems)
    year = _parse_year(data.get("year"), problems)
    tasks = _parse_tasks(data.get("tasks"), problems)
    max_score = sum(task.max_score for task in tasks) if tasks is not None else None
    _check_max_score(data.get("max_score"), max_score, problems)
    scale = _parse_scale(data.get("scale"), procedure, max_score, problems)
    source = _text(data.get("source"))
    if source is None:
        problems.append("поле source: ожидается текст ссылки на источник")
    elif len(source) > MAX_SOURCE_LENGTH:
        problems.append(f"поле source: не длиннее {MAX_SOURCE_LENGTH} символов, сейчас {len(source)}")

    if problems:
        raise SchemeRejected(problems, filename=filename)
    return SchemeSpec(
        procedure=procedure or "",
        subject=subject or "",
        grade=grade,
        year=year or "",
        tasks=tuple(tasks or ()),
        scale=scale,
        source=source or "",
    )


def _parse_procedure(value: object, problems: list[str]) -> str | None:
    text = _text(value)
    allowed = ", ".join(PROCEDURES)
    if not text:
        problems.append(f"поле procedure: не указана процедура; допустимы: {allowed}")
        return None
    normalized = text.upper().replace(" ", "").replace("–", "-")
    if normalized not in PROCEDURES:
        problems.append(f"поле procedure: неизвестная процедура «{_show(value)}»; допустимы: {allowed}")
        return None
    return normalized


def _parse_grade(value: object, procedure: str | None, problems: list[str]) -> int | None:
    text = _text(value)
    if text == "" or text == "~" or text == "null":
        if procedure in TASK_MATRIX_PROCEDURES:
            problems.append(f"поле grade: для процедуры {procedure} нужна параллель — целое число от 1 до 11")
        return None
    grade = _int(value)
    if grade is None or not 1 <= grade <= 11:
        problems.append(
            f"поле grade: параллель должна быть целым числом от 1 до 11, получено «{_show(value)}»"
        )
        return None
    return grade


def _parse_year(value: object, problems: list[str]) -> str | None:
    text = _text(value)
    if not text:
        problems.append("поле year: не указан учебный год (например, «2024/2025»)")
        return None
    year = normalize_school_year(text)
    if year is None:
        problems.append(
            "поле year: учебный год записывается как «2024/2025» (работа весны 2025 года относится "
            f"к 2024/2025 учебному году), получено «{_show(value)}»"
        )
    return year


def _parse_tasks(value: object, problems: list[str]) -> list[TaskSpec] | None:
    """The tasks, or None if any task is invalid (then the scale is not checked against the maximum)."""
    if not isinstance(value, list) or not value:
        problems.append("поле tasks: нужен непустой список заданий в порядке столбцов файла результатов")
        return None
    tasks: list[TaskSpec] = []
    seen: dict[str, int] = {}
    valid = True
    for position, item in enumerate(value, start=1):
        task = _parse_task(position, item, seen, problems)
        if task is None:
            valid = False
        else:
            tasks.append(task)
    return tasks if valid else None


def _parse_task(position: int, item: object, seen: dict[str, int], problems: list[str]) -> TaskSpec | None:
    if not isinstance(item, dict):
        problems.append(
            f"задание в позиции {position}: ожидается описание вида "
            '{label: "1", max: 1, level: Б, skill: "…"}'
        )
        return None
    before = len(problems)
    raw_label = _text(item.get("label"))
    label = normalize_label(raw_label) if raw_label else ""
    if not label:
        where = f"задание в позиции {position}"
        problems.append(f"{where}: не указан номер задания (label)")
    else:
        where = f"задание {label} (позиция {position})"
        if len(label) > MAX_LABEL_LENGTH:
            problems.append(f"{where}: номер задания не длиннее {MAX_LABEL_LENGTH} символов")
        elif label in seen:
            problems.append(f"{where}: номер «{label}» уже есть в позиции {seen[label]}")
        else:
            seen[label] = position
    allowed = ", ".join(TASK_FIELDS)
    problems.extend(
        f"{where}: неизвестное поле «{key}»; допустимы: {allowed}" for key in item if key not in TASK_FIELDS
    )

    max_score = _int(item.get("max"))
    if max_score is None or not 1 <= max_score <= MAX_TASK_SCORE:
        problems.append(
            f"{where}: максимальный балл должен быть целым числом от 1 до {MAX_TASK_SCORE}, "
            f"получено «{_show(item.get('max', ''))}»"
        )
    level_text = _text(item.get("level"))
    level = normalize_level(level_text) if level_text else None
    if level is None:
        problems.append(
            f"{where}: уровень сложности должен быть Б, П или В (базовый, повышенный, высокий), "
            f"получено «{_show(item.get('level', ''))}»"
        )
    texts: dict[str, str] = {}
    for field, limit in (("skill", None), ("kes", MAX_CODES_LENGTH), ("kt", MAX_CODES_LENGTH)):
        text = _text(item.get(field))
        if text is None:
            problems.append(f"{where}: поле {field} должно быть текстом, получено «{_show(item[field])}»")
        elif limit is not None and len(text) > limit:
            problems.append(f"{where}: поле {field} не длиннее {limit} символов, сейчас {len(text)}")
        texts[field] = text or ""

    if len(problems) > before:
        return None
    return TaskSpec(
        position=position,
        label=label,
        max_score=max_score or 0,
        level=level or "",
        skill=texts["skill"],
        kes=texts["kes"],
        kt=texts["kt"],
    )


def _check_max_score(value: object, max_score: int | None, problems: list[str]) -> None:
    if value is None or _text(value) == "":
        return
    declared = _int(value)
    if declared is None:
        problems.append(f"поле max_score: должно быть целым числом, получено «{_show(value)}»")
    elif max_score is not None and declared != max_score:
        problems.append(
            f"поле max_score: указано {declared}, а сумма максимальных баллов заданий равна {max_score}"
        )


def _parse_scale(
    value: object, procedure: str | None, max_score: int | None, problems: list[str]
) -> dict[int, int]:
    required = procedure in TASK_MATRIX_PROCEDURES
    if value is None or value == "" or value == {}:
        if required:
            problems.append(
                f"поле scale: для процедуры {procedure} нужны наименьшие первичные баллы "
                "для отметок «3», «4» и «5»"
            )
        return {}
    if not isinstance(value, dict):
        problems.append('поле scale: ожидается «отметка: наименьший первичный балл», например "3": 5')
        return {}
    scale: dict[int, int] = {}
    for key, raw in value.items():
        mark = _int(key)
        if mark not in MARKS:
            problems.append(f"поле scale: отметка «{key}» не предусмотрена; допустимы «3», «4», «5»")
            continue
        cut = _int(raw)
        if cut is None:
            problems.append(
                f"поле scale: наименьший балл для отметки «{mark}» должен быть целым числом, "
                f"получено «{_show(raw)}»"
            )
            continue
        if mark in scale:
            problems.append(f"поле scale: отметка «{mark}» указана дважды")
            continue
        scale[mark] = cut
    if required:
        missing = [f"«{mark}»" for mark in MARKS if mark not in scale and str(mark) not in value]
        if missing:
            problems.append(
                f"поле scale: для процедуры {procedure} нужны наименьшие первичные баллы для отметок "
                f"«3», «4» и «5», не хватает {', '.join(missing)}"
            )
    for mark in sorted(scale):
        cut = scale[mark]
        if cut < 1 or (max_score is not None and cut > max_score):
            upper = (
                f"максимального балла работы ({max_score})"
                if max_score is not None
                else "максимального балла"
            )
            problems.append(
                f"поле scale: наименьший балл для отметки «{mark}» должен быть от 1 до {upper}, "
                f"получено {cut}"
            )
    ordered = sorted(scale)
    for lower, higher in itertools.pairwise(ordered):
        if scale[higher] <= scale[lower]:
            problems.append(
                f"поле scale: наименьший балл для отметки «{higher}» ({scale[higher]}) должен быть больше, "
                f"чем для отметки «{lower}» ({scale[lower]})"
            )
    return dict(sorted(scale.items()))


# --------------------------------------------------------------------------- built-in schemes


def builtin_scheme_paths() -> list[Path]:
    """The YAML files shipped in ``msoko/assessments/schemes/``, sorted by name."""
    return sorted(SCHEMES_DIR.glob("*.yaml"))


def load_builtin_schemes() -> list[SchemeSpec]:
    """The schemes shipped with the package (parsed once per process: the files never change)."""
    return list(_builtin_schemes())


@functools.cache
def _builtin_schemes() -> tuple[SchemeSpec, ...]:
    return tuple(
        parse_scheme(path.read_text(encoding="utf-8"), filename=path.name) for path in builtin_scheme_paths()
    )


# --------------------------------------------------------------------------- writing


def scheme_to_yaml(spec: SchemeSpec) -> str:
    """The scheme as YAML text that :func:`parse_scheme` reads back into an equal :class:`SchemeSpec`."""
    data: dict[str, object] = {"procedure": spec.procedure, "subject": spec.subject}
    if spec.grade is not None:
        data["grade"] = spec.grade
    data["year"] = spec.year
    if spec.source:
        data["source"] = spec.source
    data["max_score"] = spec.max_score
    tasks = []
    for task in spec.tasks:
        item: dict[str, object] = {"label": task.label, "max": task.max_score, "level": task.level}
        if task.skill:
            item["skill"] = task.skill
        if task.kes:
            item["kes"] = task.kes
        if task.kt:
            item["kt"] = task.kt
        tasks.append(item)
    data["tasks"] = tasks
    if spec.scale:
        data["scale"] = {str(mark): cut for mark, cut in sorted(spec.scale.items())}
    header = (
        f"# Описание работы: {spec.procedure}, {spec.subject}"
        + (f", {spec.grade} класс" if spec.grade is not None else "")
        + f", {spec.year} учебный год\n"
        "# Формат: справка МСОКО «Форматы загружаемых файлов», раздел «Описание работы (scheme)».\n"
        "# tasks — в порядке столбцов файла результатов; scale — наименьший первичный балл для отметки.\n"
    )
    body = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100, default_flow_style=False)
    return header + body

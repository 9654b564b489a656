"""Scheme files: the built-in ВПР 2021 schemes and every validation rule of parse_scheme."""

from __future__ import annotations

import textwrap

import pytest

from msoko.assessments.scheme_files import (
    SchemeRejected,
    SchemeSpec,
    TaskSpec,
    builtin_scheme_paths,
    load_builtin_schemes,
    normalize_school_year,
    parse_scheme,
    scheme_to_yaml,
)

VALID = textwrap.dedent(
    """\
    procedure: ВПР
    subject: Математика
    grade: 5
    year: 2024/2025
    tasks:
      - {label: "1", max: 1, level: Б, skill: "Владение понятиями"}
      - {label: "2", max: 2, level: П, skill: "Решение задач", kes: "1.1; 2.3", kt: "1"}
      - {label: "3", max: 3, level: В}
    scale:
      "3": 2
      "4": 4
      "5": 6
    """
)


def _scheme(**changes: str) -> str:
    """VALID with some top-level lines replaced: _scheme(year="year: 2025")."""
    lines = VALID.splitlines()
    for key, line in changes.items():
        lines = [line if text.startswith(f"{key}:") else text for text in lines]
    return "\n".join(lines) + "\n"


def _tasks(*task_lines: str, scale: str = '{"3": 1, "4": 2, "5": 3}') -> str:
    tasks = "\n".join(f"  - {line}" for line in task_lines)
    return (
        f"procedure: ВПР\nsubject: Математика\ngrade: 5\nyear: 2024/2025\ntasks:\n{tasks}\nscale: {scale}\n"
    )


def _problems(text: str) -> list[str]:
    with pytest.raises(SchemeRejected) as caught:
        parse_scheme(text, filename="test.yaml")
    assert caught.value.filename == "test.yaml"
    return caught.value.messages


# --------------------------------------------------------------------------- built-in schemes

BUILTIN = {
    # file: (subject, grade, tasks, max, scale, some labels)
    "vpr-2020-2021-ma4.yaml": ("Математика", 4, 15, 20, {3: 6, 4: 10, 5: 15}, ("5.1", "5.2", "9.2", "12")),
    "vpr-2020-2021-ru4.yaml": ("Русский язык", 4, 20, 38, {3: 14, 4: 24, 5: 33}, ("1К1", "1К2", "15.2")),
    "vpr-2020-2021-ma5.yaml": ("Математика", 5, 16, 20, {3: 7, 4: 11, 5: 15}, ("11.1", "12.2", "14")),
    "vpr-2020-2021-ru5.yaml": ("Русский язык", 5, 21, 45, {3: 18, 4: 29, 5: 39}, ("1К3", "2К4", "7.2")),
}


def test_builtin_files_are_the_four_vpr_2021_works():
    assert sorted(path.name for path in builtin_scheme_paths()) == sorted(BUILTIN)


@pytest.mark.parametrize(("_case", "expected"), list(BUILTIN.items()))
def test_builtin_scheme(_case, expected):
    subject, grade, count, max_score, scale, labels = expected
    (path,) = [p for p in builtin_scheme_paths() if p.name == _case]
    spec = parse_scheme(path.read_text(encoding="utf-8"), filename=path.name)
    assert (spec.procedure, spec.subject, spec.grade, spec.year) == ("ВПР", subject, grade, "2020/2021")
    assert len(spec.tasks) == count
    assert spec.max_score == max_score
    assert spec.scale == scale
    assert set(labels) <= set(spec.labels)
    assert [task.position for task in spec.tasks] == list(range(1, count + 1))
    assert all(task.skill and task.kes and task.kt for task in spec.tasks)
    assert "ФИОКО, Описание проверочной работы ВПР 2021" in spec.source
    assert "K" not in "".join(spec.labels)  # Latin K of the ФИС ОКО workbook is normalised to Cyrillic К


def test_builtin_ma4_labels_follow_the_fis_oko_columns():
    (spec,) = [s for s in load_builtin_schemes() if s.subject == "Математика" and s.grade == 4]
    # `балл за 1` … `балл за 15` of the regional export map to these labels, in this order
    assert spec.labels == (
        "1",
        "2",
        "3",
        "4",
        "5.1",
        "5.2",
        "6.1",
        "6.2",
        "7",
        "8",
        "9.1",
        "9.2",
        "10",
        "11",
        "12",
    )
    assert [t.level for t in spec.tasks if t.level == "П"] == ["П", "П"]  # tasks 10 and 12
    task3 = spec.tasks[2]
    assert (task3.label, task3.max_score, task3.kes, task3.kt) == ("3", 2, "1; 2; 4", "1; 2.2; 4")
    assert task3.skill.startswith("Использование начальных математических знаний")


def test_builtin_ru4_first_task_is_cyrillic():
    (spec,) = [s for s in load_builtin_schemes() if s.subject == "Русский язык" and s.grade == 4]
    assert spec.tasks[0].label == "1\u041a1"
    assert (
        sum(t.max_score for t in spec.tasks if t.level == "П") == 6
    )  # 12.1, 12.2, 13.1, 13.2 (PDF, Таблица 5)


@pytest.mark.parametrize(
    ("_case", "total", "mark"),
    [
        ("zero", 0, 2),
        ("below 3", 5, 2),
        ("lowest 3", 6, 3),
        ("highest 3", 9, 3),
        ("lowest 4", 10, 4),
        ("highest 4", 14, 4),
        ("lowest 5", 15, 5),
        ("maximum", 20, 5),
    ],
)
def test_mark_for_ma4_2021(_case, total, mark):
    (spec,) = [s for s in load_builtin_schemes() if s.subject == "Математика" and s.grade == 4]
    assert spec.mark_for(total) == mark


def test_mark_for_without_scale_is_an_error():
    spec = parse_scheme(
        "procedure: ЕГЭ\nsubject: Химия\nyear: 2024/2025\ntasks: [{label: '1', max: 1, level: Б}]\n",
        filename="x",
    )
    assert spec.scale == {}
    assert spec.grade is None
    with pytest.raises(ValueError, match="шкала перевода в отметку не задана"):
        spec.mark_for(1)


# --------------------------------------------------------------------------- round trip


@pytest.mark.parametrize("_case", sorted(BUILTIN))
def test_round_trip_builtin(_case):
    (path,) = [p for p in builtin_scheme_paths() if p.name == _case]
    spec = parse_scheme(path.read_text(encoding="utf-8"), filename=path.name)
    assert parse_scheme(scheme_to_yaml(spec), filename="again.yaml") == spec


def test_round_trip_tricky_values():
    spec = SchemeSpec(
        procedure="ОГЭ",
        subject="Русский язык",
        grade=None,
        year="2023/2024",
        tasks=(
            TaskSpec(1, "5.10", 1, "Б", "a: b — «кавычки» и 'апостроф' # не комментарий", "", ""),
            TaskSpec(2, "1К1", 3, "П", "", "1.1; 2", "yes"),
            TaskSpec(3, "007", 2, "В", "null", "~", "true"),
        ),
        scale={3: 2},
        source="",
    )
    assert parse_scheme(scheme_to_yaml(spec), filename="x.yaml") == spec


def test_valid_example_parses():
    spec = parse_scheme(VALID, filename="valid.yaml")
    assert spec.tasks[1] == TaskSpec(2, "2", 2, "П", "Решение задач", "1.1; 2.3", "1")
    assert spec.tasks[2].skill == ""
    assert spec.max_score == 6
    assert spec.scale == {3: 2, 4: 4, 5: 6}


# --------------------------------------------------------------------------- normalisation


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("slash", "2024/2025", "2024/2025"),
        ("hyphen", "2024-2025", "2024/2025"),
        ("short", "2024/25", "2024/2025"),
        ("short hyphen", "2024-25", "2024/2025"),
        ("century", "1999/00", "1999/2000"),
        ("spaces", "2024 / 2025", "2024/2025"),
        ("not consecutive", "2024/2026", None),
        ("single year", "2025", None),
        ("backwards", "2025/2024", None),
    ],
)
def test_normalize_school_year(_case, text, expected):
    assert normalize_school_year(text) == expected


@pytest.mark.parametrize(
    ("_case", "text", "field", "expected"),
    [
        ("latin K label", _tasks("{label: 1K1, max: 3, level: Б}"), "label", "1К1"),
        ("latin k label", _tasks("{label: 2k3, max: 3, level: Б}"), "label", "2К3"),
        ("level word", _tasks("{label: '1', max: 3, level: повышенный}"), "level", "П"),
        ("level word capital", _tasks("{label: '1', max: 3, level: Базовый}"), "level", "Б"),
        ("label kept as text", _tasks("{label: 5.10, max: 3, level: Б}"), "label", "5.10"),
        ("skill whitespace", _tasks("{label: '1', max: 3, level: Б, skill: '  a \t b  '}"), "skill", "a b"),
    ],
)
def test_task_normalisation(_case, text, field, expected):
    spec = parse_scheme(text, filename="x.yaml")
    assert getattr(spec.tasks[0], field) == expected


@pytest.mark.parametrize(
    ("_case", "line", "expected"),
    [
        ("hyphen", "year: 2024-2025", "2024/2025"),
        ("short", "year: 2024/25", "2024/2025"),
        ("quoted", 'year: "2024/2025"', "2024/2025"),
    ],
)
def test_year_normalised(_case, line, expected):
    assert parse_scheme(_scheme(year=line), filename="x.yaml").year == expected


@pytest.mark.parametrize(
    ("_case", "line", "expected"),
    [
        ("ГВЭ-9", "procedure: гвэ-9", "ГВЭ-9"),
        ("lower", "procedure: впр", "ВПР"),
        ("НИКО", "procedure: НИКО", "НИКО"),
    ],
)
def test_procedure_normalised(_case, line, expected):
    assert parse_scheme(_scheme(procedure=line), filename="x.yaml").procedure == expected


def test_gia_grade_is_optional_and_partial_scale_allowed():
    text = "procedure: ЕГЭ\nsubject: Математика (базовая)\nyear: 2024/2025\ntasks: [{label: '1', max: 5, level: Б}]\nscale: {'3': 2}\n"
    spec = parse_scheme(text, filename="x")
    assert (spec.grade, spec.scale) == (None, {3: 2})
    assert spec.mark_for(1) == 2
    assert spec.mark_for(5) == 3


# --------------------------------------------------------------------------- validation messages


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        ("empty file", "", ["файл пуст: нет описания работы"]),
        ("only a comment", "# пусто\n", ["файл пуст: нет описания работы"]),
        (
            "not a mapping",
            "- ВПР\n- Математика\n",
            ["файл должен описывать одну работу полями procedure, subject, grade, year, tasks, scale"],
        ),
        (
            "yaml syntax",
            "procedure: ВПР\nsubject: [Математика\ngrade: 5\n",
            [
                "строка 3, столбец 6: файл не читается как YAML — проверьте отступы, двоеточия, кавычки и скобки"
            ],
        ),
        (
            "yaml bad indentation",
            "procedure: ВПР\n  subject: Математика\n",
            [
                "строка 2, столбец 10: файл не читается как YAML — проверьте отступы, двоеточия, кавычки и скобки"
            ],
        ),
        (
            "duplicate key",
            "procedure: ВПР\nsubject: А\nsubject: Б\n",
            ["строка 3: поле «subject» указано дважды"],
        ),
    ],
)
def test_file_level_problems(_case, text, expected):
    assert _problems(text) == expected


@pytest.mark.parametrize(
    ("_case", "changes", "expected"),
    [
        (
            "unknown procedure",
            {"procedure": "procedure: ЕГЭШ"},
            "поле procedure: неизвестная процедура «ЕГЭШ»; допустимы: ВПР, НИКО, РКР, МОП, ОГЭ, ЕГЭ, ГВЭ, ГВЭ-9, ГВЭ-11",
        ),
        (
            "missing procedure",
            {"procedure": "procedure:"},
            "поле procedure: не указана процедура; допустимы: ВПР, НИКО, РКР, МОП, ОГЭ, ЕГЭ, ГВЭ, ГВЭ-9, ГВЭ-11",
        ),
        ("empty subject", {"subject": "subject: '  '"}, "поле subject: не указан предмет"),
        (
            "missing grade for ВПР",
            {"grade": "grade:"},
            "поле grade: для процедуры ВПР нужна параллель — целое число от 1 до 11",
        ),
        (
            "grade 12",
            {"grade": "grade: 12"},
            "поле grade: параллель должна быть целым числом от 1 до 11, получено «12»",
        ),
        (
            "grade 0",
            {"grade": "grade: 0"},
            "поле grade: параллель должна быть целым числом от 1 до 11, получено «0»",
        ),
        (
            "grade text",
            {"grade": "grade: 5А"},
            "поле grade: параллель должна быть целым числом от 1 до 11, получено «5А»",
        ),
        (
            "grade fraction",
            {"grade": "grade: 5.0"},
            "поле grade: параллель должна быть целым числом от 1 до 11, получено «5.0»",
        ),
        ("missing year", {"year": "year:"}, "поле year: не указан учебный год (например, «2024/2025»)"),
        (
            "calendar year",
            {"year": "year: 2025"},
            "поле year: учебный год записывается как «2024/2025» (работа весны 2025 года относится к 2024/2025 учебному году), получено «2025»",
        ),
        (
            "not consecutive",
            {"year": "year: 2024/2026"},
            "поле year: учебный год записывается как «2024/2025» (работа весны 2025 года относится к 2024/2025 учебному году), получено «2024/2026»",
        ),
        (
            "unknown top field",
            {"subject": "subject: Математика\nscales: {}"},
            "неизвестное поле «scales»; допустимы: procedure, subject, grade, year, tasks, scale, source, max_score",
        ),
        (
            "max_score differs",
            {"subject": "subject: Математика\nmax_score: 7"},
            "поле max_score: указано 7, а сумма максимальных баллов заданий равна 6",
        ),
        (
            "max_score text",
            {"subject": "subject: Математика\nmax_score: много"},
            "поле max_score: должно быть целым числом, получено «много»",
        ),
        (
            "source is a list",
            {"subject": "subject: Математика\nsource: [a, b]"},
            "поле source: ожидается текст ссылки на источник",
        ),
        (
            "source too long",
            {"subject": "subject: Математика\nsource: " + "я" * 501},
            "поле source: не длиннее 500 символов, сейчас 501",
        ),
    ],
)
def test_top_level_problems(_case, changes, expected):
    assert _problems(_scheme(**changes)) == [expected]


def test_max_score_equal_to_the_sum_is_accepted():
    assert parse_scheme(_scheme(subject="subject: Математика\nmax_score: 6"), filename="x").max_score == 6


@pytest.mark.parametrize(
    ("_case", "text", "expected"),
    [
        (
            "no tasks",
            _scheme(tasks="tasks: []").replace("  - {", "  # {"),
            "поле tasks: нужен непустой список заданий в порядке столбцов файла результатов",
        ),
        (
            "max text",
            _tasks(
                "{label: '1', max: 1, level: Б}",
                "{label: '2', max: 1, level: Б}",
                "{label: '3', max: x, level: Б}",
            ),
            "задание 3 (позиция 3): максимальный балл должен быть целым числом от 1 до 100, получено «x»",
        ),
        (
            "max zero",
            _tasks("{label: '1', max: 0, level: Б}"),
            "задание 1 (позиция 1): максимальный балл должен быть целым числом от 1 до 100, получено «0»",
        ),
        (
            "max 101",
            _tasks("{label: '1', max: 101, level: Б}"),
            "задание 1 (позиция 1): максимальный балл должен быть целым числом от 1 до 100, получено «101»",
        ),
        (
            "max missing",
            _tasks("{label: '1', level: Б}"),
            "задание 1 (позиция 1): максимальный балл должен быть целым числом от 1 до 100, получено «»",
        ),
        (
            "max fraction",
            _tasks("{label: '1', max: 1.5, level: Б}"),
            "задание 1 (позиция 1): максимальный балл должен быть целым числом от 1 до 100, получено «1.5»",
        ),
        (
            "latin level",
            _tasks("{label: '1', max: 1, level: B}"),
            "задание 1 (позиция 1): уровень сложности должен быть Б, П или В (базовый, повышенный, высокий), получено «B»",
        ),
        (
            "missing level",
            _tasks("{label: '1', max: 1}"),
            "задание 1 (позиция 1): уровень сложности должен быть Б, П или В (базовый, повышенный, высокий), получено «»",
        ),
        (
            "missing label",
            _tasks("{max: 1, level: Б}"),
            "задание в позиции 1: не указан номер задания (label)",
        ),
        (
            "empty label",
            _tasks("{label: ' ', max: 1, level: Б}"),
            "задание в позиции 1: не указан номер задания (label)",
        ),
        (
            "duplicate label",
            _tasks("{label: '1', max: 1, level: Б}", "{label: '1', max: 1, level: Б}"),
            "задание 1 (позиция 2): номер «1» уже есть в позиции 1",
        ),
        (
            "duplicate after K normalisation",
            _tasks("{label: 1К1, max: 1, level: Б}", "{label: 1K1, max: 1, level: Б}"),
            "задание 1К1 (позиция 2): номер «1К1» уже есть в позиции 1",
        ),
        (
            "label too long",
            _tasks("{label: '" + "1" * 21 + "', max: 1, level: Б}"),
            "задание " + "1" * 21 + " (позиция 1): номер задания не длиннее 20 символов",
        ),
        (
            "task not a mapping",
            _tasks("'1'"),
            'задание в позиции 1: ожидается описание вида {label: "1", max: 1, level: Б, skill: "…"}',
        ),
        (
            "unknown task field",
            _tasks("{label: '1', max: 1, level: Б, maximum: 2}"),
            "задание 1 (позиция 1): неизвестное поле «maximum»; допустимы: label, max, level, skill, kes, kt",
        ),
        (
            "skill is a list",
            _tasks("{label: '1', max: 1, level: Б, skill: [a, b]}"),
            "задание 1 (позиция 1): поле skill должно быть текстом, получено «список»",
        ),
        (
            "kes too long",
            _tasks("{label: '1', max: 1, level: Б, kes: '" + "1" * 201 + "'}"),
            "задание 1 (позиция 1): поле kes не длиннее 200 символов, сейчас 201",
        ),
    ],
)
def test_task_problems(_case, text, expected):
    assert _problems(text) == [expected]


@pytest.mark.parametrize(
    ("_case", "scale", "expected"),
    [
        (
            "missing 5 for ВПР",
            '{"3": 1, "4": 2}',
            [
                "поле scale: для процедуры ВПР нужны наименьшие первичные баллы для отметок «3», «4» и «5», не хватает «5»"
            ],
        ),
        (
            "no scale for ВПР",
            "",
            ["поле scale: для процедуры ВПР нужны наименьшие первичные баллы для отметок «3», «4» и «5»"],
        ),
        (
            "scale is a list",
            "[1, 2, 3]",
            ['поле scale: ожидается «отметка: наименьший первичный балл», например "3": 5'],
        ),
        (
            "mark 6",
            '{"3": 1, "4": 2, "5": 3, "6": 3}',
            ["поле scale: отметка «6» не предусмотрена; допустимы «3», «4», «5»"],
        ),
        (
            "cut not a number",
            '{"3": 1, "4": два, "5": 3}',
            ["поле scale: наименьший балл для отметки «4» должен быть целым числом, получено «два»"],
        ),
        (
            "not increasing",
            '{"3": 2, "4": 2, "5": 3}',
            ["поле scale: наименьший балл для отметки «4» (2) должен быть больше, чем для отметки «3» (2)"],
        ),
        (
            "above the maximum",
            '{"3": 1, "4": 2, "5": 4}',
            [
                "поле scale: наименьший балл для отметки «5» должен быть от 1 до максимального балла работы (3), получено 4"
            ],
        ),
        (
            "zero",
            '{"3": 0, "4": 2, "5": 3}',
            [
                "поле scale: наименьший балл для отметки «3» должен быть от 1 до максимального балла работы (3), получено 0"
            ],
        ),
        (
            "two problems",
            '{"3": 3, "4": 2, "5": 9}',
            [
                "поле scale: наименьший балл для отметки «5» должен быть от 1 до максимального балла работы (3), получено 9",
                "поле scale: наименьший балл для отметки «4» (2) должен быть больше, чем для отметки «3» (3)",
            ],
        ),
    ],
)
def test_scale_problems(_case, scale, expected):
    text = _tasks("{label: '1', max: 1, level: Б}", "{label: '2', max: 2, level: Б}", scale=scale)
    assert _problems(text) == expected


def test_all_problems_are_collected():
    text = textwrap.dedent(
        """\
        procedure: ВП
        subject:
        grade: 13
        year: 2025
        tasks:
          - {label: "1", max: 1, level: Б}
          - {label: "1", max: x, level: Q}
        scale: {"3": 1}
        """
    )
    assert _problems(text) == [
        "поле procedure: неизвестная процедура «ВП»; допустимы: ВПР, НИКО, РКР, МОП, ОГЭ, ЕГЭ, ГВЭ, ГВЭ-9, ГВЭ-11",
        "поле subject: не указан предмет",
        "поле grade: параллель должна быть целым числом от 1 до 11, получено «13»",
        "поле year: учебный год записывается как «2024/2025» (работа весны 2025 года относится к 2024/2025 учебному году), получено «2025»",
        "задание 1 (позиция 2): номер «1» уже есть в позиции 1",
        "задание 1 (позиция 2): максимальный балл должен быть целым числом от 1 до 100, получено «x»",
        "задание 1 (позиция 2): уровень сложности должен быть Б, П или В (базовый, повышенный, высокий), получено «Q»",
    ]


def test_scheme_rejected_message_names_the_file():
    with pytest.raises(SchemeRejected, match=r"^bad\.yaml: поле subject: не указан предмет$"):
        parse_scheme(_scheme(subject="subject:"), filename="bad.yaml")

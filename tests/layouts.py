"""Small files in the layouts of the real ФИС ОКО exports, written by the project itself.

The real files (../shared/data/real/altai-vpr) cannot be republished; these writers copy
their layouts — sheet names, header texts, codes, the «X» and «отсутствовал» conventions —
with made-up pupils, so that the readers of every layout are tested on a bare clone too.
"""

from __future__ import annotations

import io
from collections.abc import Sequence

import openpyxl

Row = Sequence[object]
TASKS_2021_MA4 = 15
PROTOCOL_TASKS_MA4 = [
    "1 (1б)", "2 (1б)", "3 (2б)", "4 (1б)", "5(1) (1б)", "5(2) (1б)", "6(1) (1б)", "6(2) (1б)",
    "7 (1б)", "8 (2б)", "9(1) (1б)", "9(2) (1б)", "10 (2б)", "11 (2б)", "12 (2б)",
]  # fmt: skip


def _book(sheets: dict[str, list[Row]]) -> bytes:
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def logins(schools: list[tuple[str, str, str]]) -> bytes:
    """The region's school list: login (``sch…``), name, municipality («регион»)."""
    return _book({"Лист1": [["логин", "имя", "регион"], *schools]})


def raw_export_2020(rows: list[Row]) -> bytes:
    """The autumn-2020 raw export: ``user`` is the school, ``code`` the pupil, ``otc`` the
    journal mark, ``klass`` the class letter; «X» is a task not done, «отсутствовал» in
    ``var-1`` an absent pupil; the 16th task column is «Учебник».

    Each row: (school, pupil, journal mark, sex, letter, variant, sum, [15 task cells]).
    """
    header = ["groups", "user", "id", "code", "otc", "gender", "klass", "var-1", "var-2", "sum"]
    header += [f"a-{i}-grade" for i in range(1, 16)] + ["Учебник"] + [f"a-{i}-grade" for i in range(17, 21)]
    out = [header]
    for n, (school, pupil, journal, sex, letter, variant, total, tasks) in enumerate(rows, start=1):
        textbook = None if variant == "отсутствовал" else "Моро М.И."
        fields = [school, n, pupil, journal, sex, letter, variant, None, total, *tasks, textbook]
        out.append(["22-RU-ALT,vpr2020.ma4", *fields])
    return _book({"Sheet1": out})


def export_2021(rows: list[Row]) -> bytes:
    """The spring-2021 export: Russian headers, «НЕТ» for a class without a letter.

    Each row: (school, municipality, pupil, journal mark, sex, letter, variant, sum, [15 tasks]).
    """
    header = [
        "логин школы", "регион", "номер обучающегося", "код обучающегося",
        "отметка за предыдущую четверть/триместр", "пол", "класс", "вариант", "всего баллов",
        *(f"балл за {i}" for i in range(1, TASKS_2021_MA4 + 1)),
        "Учебник", "Др.уч. автор", "Др.уч. название",
    ]  # fmt: skip
    out = [header]
    for n, (school, municipality, pupil, journal, sex, letter, variant, total, tasks) in enumerate(rows, 1):
        out.append(
            [school, municipality, str(n), pupil, journal, sex, letter, variant, total, *tasks, "Моро М.И."]
        )
    return _book({"Sheet": out})


def protocol_2022(rows: list[Row], *, task_headers: list[str] = PROTOCOL_TASKS_MA4) -> bytes:
    """The 2022 school protocol form: sheets «Классы» and «Протокол»; ``edu…`` user logins.

    Each row: (user, pupil, variant, [task cells], class, sex, journal mark, «Итого баллов»).
    """
    place = [22, "reg220000 | Алтайский край", "reg22_m019 | Красногорский муниципальный район"]
    classes = [
        ["Пользователь", "Код региона", "Регион", "Муниципалитет", "Школа", "Дата загрузки",
         'Буква (цифра) класса. Введите "нет" - если отсутствует', "Основной учебник по предмету",
         "Другое (автор учебника)", "Другое (название учебника)"],
    ]  # fmt: skip
    header = [
        "Пользователь",
        "Код региона",
        "Регион",
        "Муниципалитет",
        "Школа",
        "Дата загрузки",
        "Код",
        "Вариант",
    ]
    header += [
        *task_headers,
        "Наименование класса",
        "Пол",
        "Отметка за предыдущий триместр/ четверть/полугодие",
    ]
    out = [[*header, "Итого баллов"]]
    for user, pupil, variant, tasks, class_name, sex, journal, total in rows:
        school = f"{user} | МКОУ «Школа {user[-3:]}»"
        out.append(
            [
                user,
                *place,
                school,
                "17.03.2022 05:33:20",
                pupil,
                variant,
                *tasks,
                class_name,
                sex,
                journal,
                total,
            ]
        )
        if [user] not in [row[:1] for row in classes]:
            classes.append(
                [user, *place, school, "17.03.2022 05:33:20", "А", "ma4.8 | Моро М.И.", None, None]
            )
    return _book({"Классы": classes, "Протокол": out})

"""The `msoko` command: exit codes 0 (done), 1 (input rejected, nothing written), 2 (usage)."""

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from msoko.assessments.models import GiaResult, JournalMark, OlympiadResult
from msoko.cli import main
from msoko.core.models import ImportRecord, User
from msoko.indicators.models import MonitoringValue
from msoko.registry.models import Organization, Teacher, TeacherCourse
from tests.tabular.xlsx_parts import sheet_xml, xlsx

pytestmark = pytest.mark.django_db


def _write(tmp_path, name: str, text: str, encoding: str = "utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return str(path)


def test_import_organizations_succeeds_with_exit_0(tmp_path, capsys):
    path = _write(tmp_path, "orgs.csv", "Код ОО;Наименование\n0001;Школа № 1\n", "cp1251")

    code = main(["import", "organizations", path])

    assert code == 0
    assert "добавлено 1" in capsys.readouterr().out
    assert Organization.objects.filter(code="0001").exists()


def test_rejected_file_exits_1_and_prints_errors_by_row_and_column(tmp_path, capsys):
    path = _write(tmp_path, "orgs.csv", "Код ОО;Наименование;Тип\n0001;Школа;завод\n0002;;школа\n")

    code = main(["import", "organizations", path])

    err = capsys.readouterr().err.splitlines()
    assert code == 1
    assert (
        err[0]
        == "строка 2, столбец «Тип»: ожидается одно из значений: «школа», «ОО», «ДОО», «УДО», получено «завод»"
    )
    assert err[1] == "строка 3, столбец «Наименование»: не заполнена обязательная ячейка"
    assert not Organization.objects.exists()


def test_missing_file_exits_1(tmp_path, capsys):
    assert main(["import", "organizations", str(tmp_path / "nope.csv")]) == 1
    assert "не найден" in capsys.readouterr().err


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["import"],
        ["import", "unknown-kind", "x.csv"],
        ["import", "teachers", "x.csv"],  # --year is required
        ["createuser", "x", "--role", "king"],
    ],
)
def test_wrong_usage_exits_2(argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)

    assert exit_info.value.code == 2


def test_bad_year_is_usage_error(tmp_path, school_a):
    path = _write(tmp_path, "t.csv", "Код педагога;Код ОО;Должность\nT1;0001;учитель\n")

    assert main(["import", "teachers", path, "--year", "двадцать пятый"]) == 2
    assert main(["import", "teachers", path, "--year", "2024-25"]) == 0
    assert Teacher.objects.get().school_year.name == "2024/2025"


def test_createuser_binds_school_user_to_organisation(school_a, capsys):
    assert (
        main(["createuser", "director", "--role", "school", "--org", "0001", "--password", "Kx9-long-pass"])
        == 0
    )

    user = User.objects.get(username="director")
    assert (user.role, user.organization, user.check_password("Kx9-long-pass")) == ("school", school_a, True)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["createuser", "d", "--role", "school", "--password", "Kx9-long-pass"], "укажите код организации"),
        (
            ["createuser", "d", "--role", "school", "--org", "9999", "--password", "Kx9-long-pass"],
            "не найдена",
        ),
        (["createuser", "d", "--role", "specialist", "--password", "123"], "пароль"),
    ],
)
def test_createuser_rejects_bad_input_with_exit_1(argv, message, capsys):
    assert main(argv) == 1
    assert message in capsys.readouterr().err
    assert not User.objects.filter(username="d").exists()


def test_createuser_generates_a_password_when_not_on_a_terminal(capsys):
    assert main(["createuser", "analyst", "--role", "methodologist"]) == 0

    out = capsys.readouterr().out
    password = out.split("Пароль: ")[1].strip()
    assert User.objects.get(username="analyst").check_password(password)


def test_demo_and_migrate_exit_0_and_print_the_logins(capsys):
    assert main(["migrate"]) == 0
    assert main(["demo", "--seed", "3"]) == 0

    out = capsys.readouterr().out
    assert "пароль у всех: msoko-demo" in out
    for login in ("admin", "specialist", "metodist", "school1", "school2"):
        assert f"  {login} " in out
    assert Organization.objects.filter(municipality__is_demo=True).count() == 35


def test_demo_keeps_the_data_of_a_database_that_has_some_and_replace_rebuilds(capsys):
    assert main(["demo", "--seed", "3"]) == 0
    mine = Organization.objects.get(code="0101")
    mine.name = "Изменено пользователем"
    mine.save()
    capsys.readouterr()

    assert main(["demo"]) == 0  # `make run` a second time

    out = capsys.readouterr().out
    assert out.startswith("В базе уже есть данные (организаций: 35, загрузок:")
    assert "Пересоздать демо-муниципалитет: msoko demo --replace." in out
    assert Organization.objects.get(code="0101").name == "Изменено пользователем"

    assert main(["demo", "--seed", "3", "--replace"]) == 0

    out = capsys.readouterr().out
    assert out.startswith("Внимание: демо-муниципалитет, его загрузки и демо-пользователи будут удалены")
    assert Organization.objects.get(code="0101").name != "Изменено пользователем"
    assert Organization.objects.filter(municipality__is_demo=True).count() == 35


def test_demo_is_refused_in_production(settings, capsys):
    settings.PRODUCTION = True

    assert main(["demo"]) == 1
    assert "production" in capsys.readouterr().err
    assert not Organization.objects.exists()


GIA_HEADER = "Экзамен;Предмет;Код ОО;Код участника;Первичный балл;Тестовый балл;Отметка"


def test_import_gia_exits_0_and_prints_the_summary(tmp_path, school_a, capsys):
    path = _write(tmp_path, "gia.csv", GIA_HEADER + "\nОГЭ;Математика;0001;P1;15;;4\n", "cp1251")

    assert main(["import", "gia", path, "--year", "2024/25"]) == 0

    out = capsys.readouterr().out
    assert "Экзамены и предметы: ОГЭ — Математика." in out
    assert GiaResult.objects.get().procedure.school_year.name == "2024/2025"


def test_import_gia_rejected_exits_1_and_writes_nothing(tmp_path, school_a, capsys):
    path = _write(tmp_path, "gia.csv", GIA_HEADER + "\nЕГЭ;Физика;0001;P1;30;;\nОГЭ;Химия;0001;P2;10;;9\n")

    assert main(["import", "gia", path, "--year", "2024/2025"]) == 1

    assert capsys.readouterr().err.splitlines() == [
        "строка 2, столбец «Тестовый балл»: не заполнен тестовый балл: для ЕГЭ он обязателен",
        "строка 3, столбец «Отметка»: ожидается отметка от 2 до 5, получено «9»",
        "Файл отклонён: ошибок 2. Ничего не записано.",
    ]
    assert not GiaResult.objects.exists()


def test_import_gia_quarantine_from_the_command_line(tmp_path, school_a, capsys):
    path = _write(tmp_path, "gia.csv", GIA_HEADER + "\nОГЭ;Химия;0001;P1;10;;4\nОГЭ;Химия;0001;P2;10;;9\n")

    assert main(["import", "gia", path, "--year", "2024/2025", "--quarantine"]) == 1
    assert (
        main(["import", "gia", path, "--year", "2024/2025", "--quarantine", "--max-invalid-percent", "50"])
        == 0
    )

    assert "В карантин отложено строк: 1" in capsys.readouterr().out
    assert GiaResult.objects.count() == 1


@pytest.mark.parametrize(
    "argv",
    [
        ["import", "gia", "x.csv"],  # --year is required
        ["import", "gia", "x.csv", "--year", "2024/2025", "--max-invalid-percent", "много"],
        ["import", "marks", "x.csv"],
        ["import", "olympiad", "x.csv"],
        ["import", "monitoring"],  # the file is required
        ["import", "courses"],
    ],
)
def test_wrong_usage_of_new_imports_exits_2(argv):
    with pytest.raises(SystemExit) as exit_info:
        main(argv)

    assert exit_info.value.code == 2


def test_import_gia_bad_year_or_share_is_usage_error(tmp_path, school_a):
    path = _write(tmp_path, "gia.csv", GIA_HEADER + "\nОГЭ;Математика;0001;P1;15;;4\n")

    assert main(["import", "gia", path, "--year", "прошлый"]) == 2
    assert main(["import", "gia", path, "--year", "2024/2025", "--max-invalid-percent", "150"]) == 2
    assert not GiaResult.objects.exists()


def test_import_monitoring_exits_0_then_1(tmp_path, school_a, capsys):
    good = _write(
        tmp_path, "m.csv", "Код ОО;Показатель;Учебный год;Значение\n0001;teachers.vacancies;2024-2025;2\n"
    )
    bad = _write(
        tmp_path, "bad.csv", "Код ОО;Показатель;Учебный год;Значение\n0001;teachers.vacancies;2024;2\n"
    )

    assert main(["import", "monitoring", good]) == 0
    assert main(["import", "monitoring", bad]) == 1

    captured = capsys.readouterr()
    assert "добавлено 1" in captured.out
    assert captured.err.splitlines()[0] == (
        "строка 2, столбец «Учебный год»: ожидается учебный год вида 2024/2025, получено «2024»"
    )
    assert MonitoringValue.objects.get().value == 2


def test_import_marks_olympiad_and_courses_exit_0(tmp_path, school_a):
    marks = _write(
        tmp_path,
        "marks.csv",
        "Код ОО;Код участника;Класс;Предмет;Период;Отметка\n0001;P1;5А;Математика;год;4\n",
    )
    olympiad = _write(
        tmp_path,
        "olymp.csv",
        "Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус\nшкольный;Химия;0001;P1;9;10;призёр\n",
    )
    teachers = _write(tmp_path, "t.csv", "Код педагога;Код ОО;Должность\nT1;0001;учитель\n")
    courses = _write(tmp_path, "c.csv", "Код педагога;Вид;Наименование;Дата\nT1;курсы;ФГОС;01.09.2024\n")

    assert main(["import", "marks", marks, "--year", "2024/2025"]) == 0
    assert main(["import", "olympiad", olympiad, "--year", "2024/2025"]) == 0
    assert main(["import", "teachers", teachers, "--year", "2024/2025"]) == 0
    assert main(["import", "courses", courses]) == 0

    assert (JournalMark.objects.count(), OlympiadResult.objects.count(), TeacherCourse.objects.count()) == (
        1,
        1,
        1,
    )


def test_import_reference_then_replay(tmp_path, capsys):
    """The built-in ВПР МА4 2020/2021 procedure exists after migrate; its figures load and replay."""
    from msoko.assessments.models import ReferenceValue
    from msoko.core.models import ImportRecord

    path = tmp_path / "ref.csv"
    path.write_text("Уровень;Показатель;Значение\nРегион;Задание 1;77,5\nРоссия;Задание 2;60\n")
    args = ["import", "reference", str(path), "--procedure", "ВПР", "--subject", "Математика"]

    assert main([*args, "--grade", "4", "--year", "2020/21"]) == 0
    assert "Регион: значений 1" in capsys.readouterr().out
    assert ReferenceValue.objects.get(scope="region").value == 77.5
    record = ImportRecord.objects.get(kind="reference")
    assert main(["import", "replay", str(record.pk)]) == 0
    assert ReferenceValue.objects.count() == 2
    assert main([*args, "--grade", "9", "--year", "2020/2021"]) == 1  # no such procedure


def test_every_command_and_import_kind_is_documented():
    """docs/cli.md lists every `msoko` command and every import kind of the registry."""
    from pathlib import Path

    from msoko.cli import build_parser
    from msoko.core.imports.kinds import import_kinds

    doc = (Path(__file__).resolve().parents[1] / "docs/cli.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    for name in commands:
        assert f"`msoko {name}" in doc, name
    for kind in import_kinds():
        assert f"`msoko import {kind.code} " in doc, kind.code


def test_import_of_an_xlsx_with_one_cell_at_xfd1048576_exits_1_and_is_recorded_as_rejected(tmp_path):
    # a real `msoko` process on its own database: before the guard it aborted (exit 134) and
    # recorded nothing
    path = tmp_path / "bomb.xlsx"
    path.write_bytes(xlsx(sheet_xml('<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>')))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MSOKO_", "DJANGO_"))}
    env["MSOKO_VAR_DIR"] = str(tmp_path / "var")
    argv = ["results", str(path), "--procedure", "ВПР", "--subject", "Математика", "--grade", "4"]

    done = subprocess.run(
        [sys.executable, "-m", "msoko.cli", "import", *argv, "--year", "2020/2021"],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )

    assert done.returncode == 1, done.stderr[-2000:]
    assert (
        "файл: на листе допустимо не больше 1 000 столбцов, а в файле есть ячейка XFD1048576" in done.stderr
    )
    assert "Файл отклонён: ошибок 1. Ничего не записано." in done.stderr
    with sqlite3.connect(tmp_path / "var" / "msoko.sqlite3") as db:
        records = db.execute("SELECT kind, status, summary FROM core_importrecord").fetchall()
    assert [(kind, status) for kind, status, _ in records] == [("results", "rejected")]
    assert "XFD1048576" in json.loads(records[0][2])["first_errors"][0]


def test_import_of_a_file_over_the_upload_limit_exits_1_before_reading_it(
    tmp_path, settings, monkeypatch, capsys
):
    settings.MSOKO_MAX_UPLOAD_MB = 1
    path = tmp_path / "big.csv"
    path.write_bytes(b"x" * (3 * 1024 * 1024))
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail(f"{self} was read"))

    code = main(["import", "organizations", str(path)])

    assert code == 1
    assert capsys.readouterr().err == (
        f"файл «{path}»: загружать можно файлы не больше 1 МБ, а этот занимает 3,0 МБ: разделите его "
        "на несколько файлов или уберите лишние листы и столбцы (MSOKO_MAX_UPLOAD_MB). Ничего не записано.\n"
    )
    assert not ImportRecord.objects.exists()


def _help_texts(parser) -> list[str]:
    """The --help of the command and of every subcommand, recursively."""
    import argparse

    texts = [parser.format_help()]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                texts += _help_texts(sub)
    return texts


def test_help_and_usage_errors_are_in_russian(capsys):
    from msoko.cli import build_parser

    texts = _help_texts(build_parser())
    assert len(texts) > 20
    english = ("usage:", "options:", "positional arguments", "show this help", " YEAR", " OUTPUT", " FILE")
    for text in texts:
        assert "использование:" in text
        assert not [word for word in english if word in text], text.splitlines()[0]

    with pytest.raises(SystemExit) as exit_info:
        main(["import", "results"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "ошибка: не указаны обязательные аргументы: ФАЙЛ, --procedure" in err

    with pytest.raises(SystemExit):
        main(["export", "indicators", "--year", "2020/2021", "--format", "pdf"])
    assert "недопустимое значение 'pdf' (возможные: 'csv', 'xlsx')" in capsys.readouterr().err


def test_serve_on_a_busy_port_says_so_in_russian_and_starts_nothing(capsys):
    import socket

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]

        code = main(["serve", "--port", str(port)])

    err = capsys.readouterr().err
    assert code == 1
    assert f"порт {port} на 127.0.0.1 занят другой программой" in err
    assert f"make run PORT={port + 1}" in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    "command",
    [
        ["export", "indicators", "--year", "2031/2032"],
        ["export", "flags", "--year", "2031/2032"],
        ["compute", "--year", "2031/2032"],
    ],
)
def test_read_only_commands_refuse_an_unknown_year_listing_the_known_ones(command, capsys):
    from msoko.core.models import SchoolYear

    before = set(SchoolYear.objects.values_list("name", flat=True))

    assert main(command) == 1

    err = capsys.readouterr().err
    assert "учебный год 2031/2032 не найден" in err
    assert "2020/2021" in err  # the built-in schemes' year, stored by migrate
    assert set(SchoolYear.objects.values_list("name", flat=True)) == before

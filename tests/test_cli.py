"""The `msoko` command: exit codes 0 (done), 1 (input rejected, nothing written), 2 (usage)."""

import pytest

from msoko.cli import main
from msoko.core.models import User
from msoko.registry.models import Organization, Teacher

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


def test_demo_is_refused_in_production(settings, capsys):
    settings.PRODUCTION = True

    assert main(["demo"]) == 1
    assert "production" in capsys.readouterr().err
    assert not Organization.objects.exists()

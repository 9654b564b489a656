"""`msoko export deficits` from an imported file, with completion worked out by hand."""

from __future__ import annotations

import polars as pl
import pytest

from msoko.assessments.services import import_results
from msoko.cli import main
from tests.assessments.conftest import GOOD, LABELS, csv_bytes, row

pytestmark = pytest.mark.django_db
ARGS = [
    "export",
    "deficits",
    "--procedure",
    "ВПР",
    "--subject",
    "Математика",
    "--grade",
    "4",
    "--year",
    "2020/2021",
]
# task 1 (max 1, basic): pupils score 1, 0, X, 1 → 2 of 4 = 50 % → a deficit (below 57 %)
# task 3 (max 2, basic): 2, 2, 1, не пройд. → the untaught pupil is left out: 5 of 6 = 83.3 %
# task 10 (max 2, advanced «П»): 0, 0, 1, 0 → 1 of 8 = 12.5 % → a deficit (below 28.5 %)
P1 = [1, *GOOD[1:]]
P2 = [0, GOOD[1], 2, *GOOD[3:12], 0, *GOOD[13:]]
P3 = ["X", GOOD[1], 1, *GOOD[3:12], 1, *GOOD[13:]]
P4 = [1, GOOD[1], "не пройд.", *GOOD[3:12], 0, *GOOD[13:]]


@pytest.fixture
def loaded(school_a, school_b, key):
    P1_ = [*P1[:12], 0, *P1[13:]]  # task 10 is the 13th column
    rows = [
        row("0001", "1", P1_, total=None, mark=None),
        row("0001", "2", P2, total=None, mark=None, cls="4Б"),
        row("0002", "1", P3, total=None, mark=None),
        row("0002", "2", P4, total=None, mark=None),
    ]
    import_results(content=csv_bytes(rows), filename="vpr.csv", key=key, actor=None)


def _export(tmp_path, *extra: str) -> pl.DataFrame:
    path = tmp_path / "deficits.csv"
    assert main([*ARGS, "-o", str(path), *extra]) == 0
    return pl.read_csv(path, separator=";", infer_schema=False)


def test_municipal_deficits(loaded, tmp_path):
    frame = _export(tmp_path, "--level", "municipality")

    by_task = {r["Задание"]: r for r in frame.iter_rows(named=True)}
    assert LABELS[12] == "10"
    assert (by_task["1"]["Процент выполнения"], by_task["1"]["Дефицит (да/нет)"]) == ("50", "да")
    assert (by_task["3"]["Процент выполнения"], by_task["3"]["Дефицит (да/нет)"]) == ("83,3", "нет")
    assert (
        by_task["10"]["Уровень"],
        by_task["10"]["Процент выполнения"],
        by_task["10"]["Дефицит (да/нет)"],
    ) == (
        "П",
        "12,5",
        "да",
    )
    assert set(frame["Код ОО"]) == {"МО"}
    assert frame.height == 15


def test_student_level_for_one_school(loaded, tmp_path):
    frame = _export(tmp_path, "--level", "student", "--org", "0002")

    task1 = frame.filter(pl.col("Задание") == "1").select("Код участника", "Процент выполнения").rows()
    # «X» counts 0; the other pupil has 1 of 1
    assert sorted(task1) == [("1", "0"), ("2", "100")]
    # the untaught task of pupil 2 has no row at all
    assert frame.filter(pl.col("Задание") == "3", pl.col("Код участника") == "2").is_empty()


def test_class_level_keeps_classes_apart(loaded, tmp_path):
    frame = _export(tmp_path, "--level", "class", "--org", "0001")

    assert sorted(set(frame["Класс"])) == ["4А", "4Б"]
    assert frame["Код участника"].null_count() == frame.height


def test_unknown_procedure_or_organisation_exits_1(loaded, capsys):
    assert main([*ARGS[:5], "Химия", *ARGS[6:], "--level", "school"]) == 1
    assert main([*ARGS, "--level", "school", "--org", "9999"]) == 1
    assert "не найдена" in capsys.readouterr().err

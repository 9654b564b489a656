"""The readers of the real ФИС ОКО layouts, on small files the project writes (tests/layouts.py).

The same layouts are checked on the real files in test_real_fisoko_files.py when
../shared/data/real is present; these run everywhere.
"""

from __future__ import annotations

from dataclasses import replace

import polars as pl
import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.scheme_files import load_builtin_schemes
from msoko.assessments.selectors import results_frame
from msoko.assessments.services import ProcedureKey, import_results, save_scheme
from msoko.core.imports import ImportRejected
from msoko.core.models import QuarantineRow
from msoko.registry.models import Municipality, Organization
from msoko.registry.services import import_organizations
from tests import layouts
from tests.assessments import conftest

pytestmark = pytest.mark.django_db
# the real files write task cells as text
GOOD = [str(s) for s in conftest.GOOD]  # 20 → «5»
MIDDLE = [str(s) for s in conftest.MIDDLE]  # 12 → «4»
WITH_X = ["1", "X", "2", "1", "1", "1", "1", "1", "1", "2", "1", "1", "2", "2", "X"]  # 20 − 1 − 2 = 17
NONE = [None] * 15


@pytest.fixture
def region(db):
    content = layouts.logins(
        [("sch220001", "МБОУ СОШ №1", "г. Алейск"), ("sch220002", "МБОУ ООШ №2", "Курьинский")]
    )
    report = import_organizations(content=content, filename="logins.xlsx", actor=None)
    assert (report.rows, report.created) == (2, 2)


def _import(content: bytes, grade: int = 4, year: str = "2020/2021", **kwargs):
    key = ProcedureKey("ВПР", "Математика", grade, year)
    return import_results(content=content, filename="vpr.xlsx", key=key, actor=None, **kwargs)


def _frame(year: str = "2020/2021") -> pl.DataFrame:
    return results_frame(Procedure.objects.get(subject="Математика", grade=4, school_year__name=year))


def test_the_school_list_gives_schools_and_their_municipalities(region):
    assert sorted(Organization.objects.values_list("code", "municipality__name")) == [
        ("sch220001", "г. Алейск"),
        ("sch220002", "Курьинский"),
    ]
    assert Municipality.objects.count() == 2


def test_the_2020_raw_export(region):
    report = _import(
        layouts.raw_export_2020(
            [
                ("sch220001", "50001", "5", "м", "а", "1", 20, GOOD),
                ("sch220001", "50002", "4", "ж", "а", "2", 17, WITH_X),
                ("sch220001", "50003", None, None, None, "отсутствовал", None, NONE),
                ("sch220002", "50004", "4", "м", "б", "1", 12, MIDDLE),
            ]
        )
    )

    frame = _frame()
    assert report.rows == frame.height == 4
    assert report.details["organizations"] == 2
    assert frame["absent"].sum() == 1
    present = frame.filter(~pl.col("absent")).sort("participant_code")
    assert present["class_name"].to_list() == ["4А", "4А", "4Б"]
    assert present["total"].to_list() == [20, 17, 12]  # «X» counts as 0
    assert present["mark"].to_list() == [5, 5, 4]
    assert present["journal_mark"].to_list() == [5, 4, 4]
    assert "столбец «Учебник» не используется и пропущен" in report.notices


def test_the_2021_export_maps_letters_and_absent_pupils(region):
    report = _import(
        layouts.export_2021(
            [
                ("sch220001", "г. Алейск", "40001", "5", "ж", "НЕТ", "1", "20", GOOD),
                ("sch220002", "Курьинский", "40002", None, None, None, "отсутствовал", None, NONE),
                ("sch220002", "Курьинский", "40003", "4", "м", "б", "2", "12", MIDDLE),
            ]
        )
    )

    frame = _frame().sort("participant_code")
    assert report.details["organizations"] == 2
    assert frame["participant_code"].to_list() == ["40001", "40002", "40003"]
    assert frame["absent"].to_list() == [False, True, False]
    assert frame.filter(~pl.col("absent"))["class_name"].to_list() == ["4", "4Б"]  # «НЕТ»: no letter
    assert frame.filter(~pl.col("absent"))["total"].to_list() == [20, 12]


@pytest.fixture
def scheme_2022(db):
    spec = next(s for s in load_builtin_schemes() if (s.subject, s.grade) == ("Математика", 4))
    save_scheme(replace(spec, year="2021/2022", source="тест: структура 2021 года"))


def test_the_2022_protocol_form(region, scheme_2022):
    report = _import(
        layouts.protocol_2022(
            [
                ("edu220001", 40001, "отсутствовал", NONE, None, None, None, 0),
                ("edu220001", 40002, "2", GOOD, "4А", "ж", "5", 20),
                ("edu220002", 40003, "1", MIDDLE, "4Б", "м", "4", 0),  # «Итого» never computed
            ]
        ),
        year="2021/2022",
        quarantine=True,
        max_invalid_share=1.0,
    )

    frame = _frame("2021/2022")
    assert report.rows == 3
    assert report.details["quarantined"] == 1
    assert frame.height == 2
    [kept] = QuarantineRow.objects.all()
    assert kept.participant_code == "40003"
    assert any("«Итого баллов»: сумма баллов 0 не равна" in e for e in kept.errors)
    # `edu…` logins of the protocol are the `sch…` schools of the registry
    assert any("принят как другой код той же организации" in n for n in report.notices)


def test_a_protocol_of_another_work_is_refused_by_its_headers(region, scheme_2022):
    content = layouts.protocol_2022(
        [("edu220001", 40002, "2", GOOD[:13], "4А", "ж", "5", 17)],
        task_headers=layouts.PROTOCOL_TASKS_MA4[:13],
    )

    with pytest.raises(ImportRejected) as error:
        _import(content, year="2021/2022")

    assert (
        error.value.problems[0].message == "в протоколе 13 столбцов заданий, а в описании работы 15 заданий"
    )

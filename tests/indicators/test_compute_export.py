"""From imported files to `msoko export indicators`, with values worked out by hand."""

from __future__ import annotations

import openpyxl
import polars as pl
import pytest

from msoko.assessments.services import import_gia, import_results
from msoko.cli import main
from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.indicators.models import IndicatorValue
from tests.assessments.conftest import GOOD, MIDDLE, WEAK, csv_bytes, row

pytestmark = pytest.mark.django_db
YEAR = "2020/2021"


@pytest.fixture
def key():
    from msoko.assessments.services import ProcedureKey

    return ProcedureKey("ВПР", "Математика", 4, YEAR)


@pytest.fixture
def loaded(school_a, school_b, key):
    # 0001: 20 points («5», journal 4 → raised), 12 («4», journal 4 → confirmed), an absent pupil;
    # 0002: 5 points («2», journal 3 → lowered)
    absent = ["0001", "4А", "3", "отсутствовал", *[None] * 15, None, None, None, "М"]
    rows = [
        row("0001", "1", GOOD, journal=4),
        row("0001", "2", MIDDLE, journal=4),
        absent,
        row("0002", "1", WEAK, journal=3),
    ]
    import_results(content=csv_bytes(rows), filename="vpr.csv", key=key, actor=None)
    gia = (
        "Экзамен;Предмет;Код ОО;Код участника;Первичный балл;Тестовый балл;Отметка;Годовая отметка;"
        "Претендент на медаль\n"
        "ЕГЭ;Русский язык;0001;E1;40;85;;;да\n"
        "ЕГЭ;Русский язык;0002;E2;10;20;;;\n"
    )
    import_gia(content=gia.encode(), filename="gia.csv", school_year=SchoolYear.get_by_name(YEAR), actor=None)


def _export(tmp_path, *extra: str) -> pl.DataFrame:
    path = tmp_path / "indicators.csv"
    assert main(["export", "indicators", "--year", YEAR, "-o", str(path), *extra]) == 0
    return pl.read_csv(path, separator=";", infer_schema=False)


def _value(frame: pl.DataFrame, org: str, code: str) -> str:
    return frame.filter(pl.col("Код ОО") == org, pl.col("Показатель") == code)["Значение"].item()


def test_compute_then_export_gives_the_hand_computed_values(loaded, tmp_path, capsys):
    assert main(["compute", "--year", YEAR]) == 0

    frame = _export(tmp_path)

    assert frame.columns == [
        "Код ОО",
        "Показатель",
        "Наименование",
        "Процедура",
        "Предмет",
        "Параллель",
        "Значение",
        "Единица",
        "Учебный год",
    ]
    assert frame["Код ОО"][0] == "МО"
    # МО: 3 participants with a result (the absent pupil is not one): marks 5, 4, 2
    assert _value(frame, "МО", "results.participants") == "3"
    assert _value(frame, "МО", "results.success_rate") == "66,67"
    assert _value(frame, "МО", "results.quality_rate") == "66,67"
    # mean % = (100 + 60 + 25) / 3 = 61.67
    assert _value(frame, "МО", "results.mean_percent") == "61,67"
    # 0001: journal 4 for both → 5 raised, 4 confirmed → 50 / 50; 0002: 2 < 3 → lowered 100
    assert (
        _value(frame, "0001", "results.marks_raised"),
        _value(frame, "0001", "results.marks_confirmed"),
    ) == (
        "50",
        "50",
    )
    assert _value(frame, "0002", "results.marks_lowered") == "100"
    # ЕГЭ Russian: 85 and 20 (< 24) → МО fail 50 %, mean 52.5, high scores 50 %; the candidate confirms (85 ≥ 70)
    assert _value(frame, "МО", "gia.fail_rate") == "50"
    assert _value(frame, "МО", "gia.mean_test_score") == "52,5"
    assert _value(frame, "0001", "gia.medal_unconfirmed") == "0"
    vpr = frame.filter(pl.col("Показатель") == "results.success_rate", pl.col("Код ОО") == "0001").row(
        0, named=True
    )
    assert vpr["Наименование"] == "Успеваемость (отметки «3», «4», «5»)"  # the catalogue's name
    assert (vpr["Процедура"], vpr["Предмет"], vpr["Параллель"], vpr["Единица"]) == (
        "ВПР",
        "Математика",
        "4",
        "%",
    )
    gia = frame.filter(pl.col("Показатель") == "gia.participants", pl.col("Код ОО") == "МО").row(
        0, named=True
    )
    assert (gia["Процедура"], gia["Параллель"], gia["Значение"], gia["Единица"]) == ("ЕГЭ", None, "2", "чел.")
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT).exists()


def test_recompute_replaces_the_years_values(loaded):
    main(["compute", "--year", YEAR])
    first = IndicatorValue.objects.count()

    main(["compute", "--year", YEAR])

    assert IndicatorValue.objects.count() == first > 0


def test_xlsx_export_needs_a_file_and_writes_a_sheet(loaded, tmp_path):
    main(["compute", "--year", YEAR])
    path = tmp_path / "indicators.xlsx"

    assert main(["export", "indicators", "--year", YEAR, "--format", "xlsx"]) == 2
    assert main(["export", "indicators", "--year", YEAR, "--format", "xlsx", "-o", str(path)]) == 0

    sheet = openpyxl.load_workbook(path).active
    assert [c.value for c in sheet[1]][:4] == ["Код ОО", "Показатель", "Наименование", "Процедура"]
    assert sheet.max_row > 10
    values = [row[6] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(v, int | float) for v in values)  # numeric cells, not texts
    assert 66.67 in values  # rounded as on the page


def test_csv_decimal_point_on_request(loaded, tmp_path):
    main(["compute", "--year", YEAR])
    path = tmp_path / "indicators.csv"

    assert main(["export", "indicators", "--year", YEAR, "--decimal", ".", "-o", str(path)]) == 0

    content = path.read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    assert (
        "МО;results.success_rate;Успеваемость (отметки «3», «4», «5»);ВПР;Математика;4;66.67;%;2020/2021"
        in (content.decode("utf-8-sig").splitlines())
    )


def test_indicators_list_prints_the_catalogue_as_csv(capsys):
    assert main(["indicators", "list", "--format", "csv"]) == 0

    out = capsys.readouterr().out.splitlines()
    assert out[0] == "\ufeffКод;Направление;Наименование;Единица;Полярность;Источник"  # a BOM for Excel
    assert any(line.startswith("results.success_rate;1;") for line in out)


def test_talents_and_teachers_indicators_from_the_imports(school_a, school_b, tmp_path):
    # municipal stage: 0001 — O1 winner (maths), O2 participant; 0002 — O3 prize-winner (maths);
    # regional stage: O1 in maths → 0001 has 1 of 1 winner pairs there, 0002 0 of 1, МО 1 of 2
    olympiad = tmp_path / "olympiad.csv"
    olympiad.write_text(
        "Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус\n"
        "муниципальный;Математика;0001;O1;9;40;победитель\n"
        "муниципальный;Математика;0001;O2;9;10;участник\n"
        "муниципальный;Математика;0002;O3;9;30;призер\n"
        "региональный;Математика;0001;O1;9;20;участник\n",
        encoding="utf-8",
    )
    # 0001: three «учитель», one highest and one first → 66.67 %; 0002: one «учитель» without
    # a category → 0 %; МО: 2 of 4 → 50 %
    teachers = tmp_path / "teachers.csv"
    teachers.write_text(
        "Код педагога;Код ОО;Должность;Квалификационная категория\n"
        "T1;0001;учитель;высшая\nT2;0001;учитель;первая\nT3;0001;учитель;соответствие\n"
        "T4;0001;заместитель руководителя;высшая\nT5;0002;учитель;\n",
        encoding="utf-8",
    )
    assert main(["import", "olympiad", str(olympiad), "--year", YEAR]) == 0
    assert main(["import", "teachers", str(teachers), "--year", YEAR]) == 0
    assert main(["compute", "--year", YEAR]) == 0

    frame = _export(tmp_path)

    assert _value(frame, "0001", "talents.municipal_winners") == "1"
    assert _value(frame, "0002", "talents.municipal_winners") == "1"
    assert _value(frame, "МО", "talents.municipal_winners") == "2"
    assert _value(frame, "0001", "talents.regional_stage_share") == "100"
    assert _value(frame, "0002", "talents.regional_stage_share") == "0"
    assert _value(frame, "МО", "talents.regional_stage_share") == "50"
    assert _value(frame, "0001", "teachers.category_share") == "66,67"
    assert _value(frame, "0002", "teachers.category_share") == "0"
    assert _value(frame, "МО", "teachers.category_share") == "50"
    row = frame.filter(pl.col("Показатель") == "talents.municipal_winners", pl.col("Код ОО") == "МО").row(
        0, named=True
    )
    assert (row["Процедура"], row["Предмет"], row["Параллель"]) == (None, None, None)  # a whole organisation

"""The real ФИС ОКО files of Altai Krai (shared/data/real/altai-vpr), read as they are."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import polars as pl
import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.scheme_files import load_builtin_schemes
from msoko.assessments.selectors import results_frame
from msoko.assessments.services import ProcedureKey, import_results, save_scheme
from msoko.core.imports import ImportRejected
from msoko.core.models import QuarantineRow
from msoko.registry.services import import_organizations
from tests.real_data import ALTAI, real_data

pytestmark = [pytest.mark.django_db, real_data]
REAL = ALTAI


@pytest.fixture
def altai_registry(db):
    import_organizations(
        content=(REAL / "registry/logins.xlsx").read_bytes(), filename="logins.xlsx", actor=None
    )


def _import(path: Path, subject: str, grade: int, year: str = "2020/2021", **kwargs):
    key = ProcedureKey("ВПР", subject, grade, year)
    return import_results(content=path.read_bytes(), filename=path.name, key=key, actor=None, **kwargs)


def test_regional_raw_export_ma4_strict_lists_its_real_errors(altai_registry):
    with pytest.raises(ImportRejected) as error:
        _import(REAL / "2020-autumn/vpr2020_ma4.xlsx", "Математика", 4)

    messages = {p.message for p in error.value.problems}
    # genuine quirks of the file: scores beyond the 15 task columns and totals that are not the sum
    assert "в работе 15 заданий, а в этой строке есть балл сверх них" in messages
    assert any(m.startswith("сумма баллов") for m in messages)
    assert error.value.total == 81


def test_regional_raw_export_ma4_with_quarantine(altai_registry):
    report = _import(REAL / "2020-autumn/vpr2020_ma4.xlsx", "Математика", 4, quarantine=True)

    frame = results_frame(Procedure.objects.get(subject="Математика", grade=4, school_year__name="2020/2021"))
    # 26,626 rows: 3,286 absent, 25 rows with errors quarantined, 629 schools
    assert report.rows == 26626
    assert report.details["quarantined"] == 25
    assert QuarantineRow.objects.count() == 25
    assert frame.height == 26626 - 25
    assert frame["absent"].sum() == 3286
    assert frame["org_id"].n_unique() == report.details["organizations"] == 629
    assert "столбец «Учебник» не используется и пропущен" in report.notices


def test_regional_raw_export_ru4_with_quarantine(altai_registry):
    report = _import(REAL / "2020-autumn/vpr2020_ru4.xlsx", "Русский язык", 4, quarantine=True)

    frame = results_frame(
        Procedure.objects.get(subject="Русский язык", grade=4, school_year__name="2020/2021")
    )
    present = frame.filter(~pl.col("absent"))
    assert report.details["participants"] == present.height > 20000
    assert present["total"].max() <= 38
    assert present["mark"].is_between(2, 5).all()


def test_regional_export_2021_sample_maps_letters_and_absent_pupils(altai_registry):
    report = _import(REAL / "format-samples/vpr2021_ma4_two_schools.xlsx", "Математика", 4)

    frame = results_frame(Procedure.objects.get(subject="Математика", grade=4, school_year__name="2020/2021"))
    assert report.details["organizations"] == 2
    assert frame.height == 71
    assert set(frame["class_name"].unique().to_list()) <= {"4", "4А", "4Б", "4В", "4Г"}
    assert frame.filter(pl.col("participant_code") == "40001")["total"].to_list()[0] == 20


@pytest.mark.parametrize(
    ("file", "subject", "grade"),
    [
        ("vpr2022_ma4.xlsx", "Математика", 4),
        ("vpr2022_ma5.xlsx", "Математика", 5),
        ("vpr2022_ru5.xlsx", "Русский язык", 5),
    ],
)
def test_school_protocol_forms_2022(altai_registry, file, subject, grade):
    # the 2022 works have the structure of the 2021 ones (checked against the protocol headers,
    # which carry each task's maximum); the test reuses the 2021 scheme for school year 2021/2022
    spec = next(s for s in load_builtin_schemes() if (s.subject, s.grade) == (subject, grade))
    save_scheme(replace(spec, year="2021/2022", source="тест: структура 2021 года"))

    report = _import(
        REAL / "2022-protocol-form" / file,
        subject,
        grade,
        year="2021/2022",
        quarantine=True,
        max_invalid_share=1.0,
    )

    frame = results_frame(Procedure.objects.get(school_year__name="2021/2022"))
    assert frame.height + report.details["quarantined"] == report.rows > 0
    # the one real defect of these forms: «Итого баллов» left at 0 (a formula never computed)
    for kept in QuarantineRow.objects.all():
        assert all("«Итого баллов»: сумма баллов 0 не равна" in e for e in kept.errors)
    # `edu…` logins of the protocol are the `sch…` schools of the registry
    assert any("принят как другой код той же организации" in n for n in report.notices)


def test_protocol_with_a_different_work_is_refused_by_its_headers(altai_registry):
    spec = next(s for s in load_builtin_schemes() if (s.subject, s.grade) == ("Математика", 5))
    save_scheme(replace(spec, grade=6, year="2021/2022", source="тест"))

    with pytest.raises(ImportRejected) as error:
        _import(REAL / "2022-protocol-form/vpr2022_ma6.xlsx", "Математика", 6, year="2021/2022")

    assert (
        error.value.problems[0].message == "в протоколе 13 столбцов заданий, а в описании работы 16 заданий"
    )

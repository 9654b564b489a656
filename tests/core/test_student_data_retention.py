"""Pupil-level data are kept MSOKO_STUDENT_DATA_YEARS school years; older years keep their figures."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from msoko.assessments.models import JournalMark, ResultCoverage, ResultData
from msoko.assessments.services import ProcedureKey, import_marks, import_results
from msoko.core.imports import ImportRejected
from msoko.core.models import AuditAction, AuditEvent, ImportRecord, QuarantineRow, SchoolYear
from msoko.core.retention import expired_school_years, remove_expired_student_data
from msoko.core.uploads import stored_path
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.runs import recompute_now
from msoko.registry.models import Enrollment, Student
from tests.assessments.conftest import GOOD, MIDDLE, csv_bytes, row
from tests.factories import ClassGroupFactory, StudentFactory

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)  # school year 2026/2027; five years kept: 2022/2023 … 2026/2027
MARKS = "Код ОО;Код участника;Класс;Предмет;Период;Отметка\n0001;P1;4А;Математика;год;4\n"


@pytest.fixture
def old_and_new(school_a):
    """2020/2021: results (one row quarantined), marks, a class list; 2024/2025: marks, a class list."""
    results = csv_bytes([row("0001", "1", GOOD), row("0001", "2", MIDDLE), row("0001", "3", [9] * 15)])
    import_results(
        content=results,
        filename="vpr.csv",
        key=ProcedureKey("ВПР", "Математика", 4, "2020/2021"),
        actor=None,
        quarantine=True,
        max_invalid_share=0.5,
    )
    old, new = SchoolYear.get_by_name("2020/2021"), SchoolYear.get_by_name("2024/2025")
    import_marks(content=MARKS.encode(), filename="old-marks.csv", school_year=old, actor=None)
    more = MARKS + "0001;P2;4А;Физика;год;5\n"
    import_marks(content=more.encode(), filename="new-marks.csv", school_year=new, actor=None)
    left, stayed = StudentFactory(organization=school_a), StudentFactory(organization=school_a)
    for year, students in ((old, [left, stayed]), (new, [stayed])):
        group = ClassGroupFactory(organization=school_a, school_year=year)
        Enrollment.objects.bulk_create(
            Enrollment(student=s, class_group=group, school_year=year) for s in students
        )
    recompute_now(school_year=old, reason="test")
    return old, new, left, stayed


def test_the_boundary_counts_the_current_school_year(settings):
    settings.MSOKO_STUDENT_DATA_YEARS = 5
    for start in range(2019, 2027):
        SchoolYear.get_by_name(f"{start}/{start + 1}")
    # 27.11.2026 is in 2026/2027: kept 2022…2026, expired 2019, 2020, 2021
    assert [y.name for y in expired_school_years(today=TODAY)] == ["2019/2020", "2020/2021", "2021/2022"]
    # 31.08.2026 is still 2025/2026: kept 2021…2025, expired 2019, 2020
    assert [y.name for y in expired_school_years(today=dt.date(2026, 8, 31))] == ["2019/2020", "2020/2021"]


def test_an_expired_year_loses_its_pupil_rows_and_keeps_its_figures(settings, old_and_new):
    settings.MSOKO_STUDENT_DATA_YEARS = 5
    old, new, _left, stayed = old_and_new
    figures = sorted(IndicatorValue.objects.filter(school_year=old).values_list("code", "org_code", "value"))
    assert figures
    assert ResultData.objects.count() == 1
    assert QuarantineRow.objects.count() == 1
    old_files = list(ImportRecord.objects.filter(school_year=old).values_list("sha256", flat=True))
    new_file = ImportRecord.objects.get(school_year=new).sha256

    [removed] = remove_expired_student_data(actor=None, today=TODAY)

    assert removed.year == "2020/2021"
    # 2 participants stored, 1 mark, 2 enrolments of 2020/2021, 1 quarantined row
    assert removed.removed["результаты работ (участников)"] == 2
    assert removed.removed["отметки журнала"] == 1
    assert removed.removed["зачисления в классы"] == 2
    assert removed.removed["строки карантина"] == 1
    assert not ResultData.objects.exists()
    assert list(JournalMark.objects.values_list("school_year__name", flat=True)) == ["2024/2025"] * 2
    assert set(Student.objects.values_list("pk", flat=True)) == {stayed.pk}  # `left` was only in 2020/2021
    assert not QuarantineRow.objects.exists()
    assert ResultCoverage.objects.filter(procedure__school_year=old).exists()  # the batch history stays
    assert len(old_files) == 2
    assert not any(stored_path(h).exists() for h in old_files)
    assert stored_path(new_file).exists()
    assert all(
        r.summary["file_removed"] == "2026-11-27" for r in ImportRecord.objects.filter(school_year=old)
    )
    old.refresh_from_db()
    assert old.student_data_removed == TODAY
    assert (
        sorted(IndicatorValue.objects.filter(school_year=old).values_list("code", "org_code", "value"))
        == figures
    )
    event = AuditEvent.objects.get(action=AuditAction.DELETE, object_type="core.SchoolYear")
    assert event.summary == "Удалены данные обучающихся 2020/2021 учебного года по сроку хранения"
    assert event.details["removed"]["отметки журнала"] == 1

    # a recompute leaves the closed year's figures as they were; a second cleanup finds nothing
    recompute_now(school_year=None, reason="after cleanup")
    assert (
        sorted(IndicatorValue.objects.filter(school_year=old).values_list("code", "org_code", "value"))
        == figures
    )
    assert remove_expired_student_data(actor=None, today=TODAY) == []


def test_a_closed_year_refuses_imports_with_a_recorded_reason(settings, old_and_new):
    settings.MSOKO_STUDENT_DATA_YEARS = 5
    old = old_and_new[0]
    remove_expired_student_data(actor=None, today=TODAY)

    with pytest.raises(ImportRejected) as error:
        import_marks(content=MARKS.encode(), filename="late.csv", school_year=old, actor=None)

    assert "данные обучающихся 2020/2021 учебного года удалены 27.11.2026 по сроку хранения" in str(
        error.value.problems[0]
    )
    assert not JournalMark.objects.filter(school_year=old).exists()
    assert ImportRecord.objects.filter(filename="late.csv", status="rejected").exists()


def test_fewer_than_four_years_is_refused(monkeypatch):
    import importlib

    import msoko.config.settings as module

    monkeypatch.setenv("MSOKO_STUDENT_DATA_YEARS", "3")
    with pytest.raises(ImproperlyConfigured, match="не меньше 4 учебных лет"):
        importlib.reload(module)
    monkeypatch.delenv("MSOKO_STUDENT_DATA_YEARS")
    importlib.reload(module)

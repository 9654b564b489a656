"""A systemic skill deficit of the municipality in a procedure is a finding of the department."""

from __future__ import annotations

import pytest

from msoko.assessments.services import ProcedureKey, import_results
from msoko.cycle.models import Finding, Source
from msoko.pipeline.runs import recompute_now
from tests.assessments.conftest import GOOD, WEAK, csv_bytes, row

KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")


def _load(scores, school_a):
    rows = [row(school_a.code, str(n), scores) for n in range(1, 6)]
    import_results(content=csv_bytes(rows), filename="vpr.csv", key=KEY, actor=None)
    recompute_now(school_year=None, reason="тест")


@pytest.mark.django_db
def test_weak_results_make_skill_deficit_findings_of_the_department(school_a):
    # every participant scores 0 on tasks 2, 4, 6, 7, 9, 10, 12–15: their skills are not mastered
    _load(WEAK, school_a)

    deficits = Finding.objects.filter(source=Source.DEFICIT)
    assert deficits.exists()
    assert set(deficits.values_list("org_code", flat=True)) == {"МО"}
    assert set(deficits.values_list("direction", flat=True)) == {1}
    assert all("не освоено" in f.evidence and "ВПР Математика, 4 класс" in f.evidence for f in deficits)


@pytest.mark.django_db
def test_strong_results_make_none(school_a):
    _load(GOOD, school_a)  # 20 of 20 points: every task mastered

    assert not Finding.objects.filter(source=Source.DEFICIT).exists()


@pytest.mark.django_db
def test_a_deficit_finding_is_titled_by_its_skill_and_work(school_a):
    _load(WEAK, school_a)

    finding = Finding.objects.filter(source=Source.DEFICIT).first()
    assert finding.title.startswith("Дефицит умения «")
    assert finding.title.endswith("(ВПР Математика, 4 класс)")

"""Student-level cohorts, shown only where participant codes are stable across years.

Grade 4 in 2020/2021 (school 0001, maximum 20): pupil 1 scored 20 (100 %), pupil 2 scored 12
(60 %). Grade 5 in 2021/2022 (the 2021 work reused, maximum 20): pupil 1 scored 10 (50 %),
pupil 3 (new) scored 10. So one pupil is found, with 100 % a year ago and −50 points now.
"""

from __future__ import annotations

from dataclasses import replace

import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.scheme_files import load_builtin_schemes
from msoko.assessments.services import ProcedureKey, import_results, save_scheme
from tests.assessments.conftest import GOOD, MIDDLE, csv_bytes, row
from tests.web.test_achievement_pages import _row, _tables

pytestmark = pytest.mark.django_db
GRADE5 = ProcedureKey("ВПР", "Математика", 5, "2021/2022")


@pytest.fixture
def grade5(school_a) -> Procedure:
    import_results(
        content=csv_bytes([row("0001", "1", GOOD), row("0001", "2", MIDDLE)]),
        filename="g4.csv",
        key=ProcedureKey("ВПР", "Математика", 4, "2020/2021"),
        actor=None,
    )
    ma5 = next(s for s in load_builtin_schemes() if (s.subject, s.grade) == ("Математика", 5))
    save_scheme(replace(ma5, year="2021/2022", source="тест"))
    labels = [t.label for t in ma5.tasks]
    scores = [1, 1, 1, 1, 1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 10 points
    lines = [";".join(["Код ОО", "Класс", "Код участника", *labels])]
    lines += [";".join(["0001", "5А", code, *map(str, scores)]) for code in ("1", "3")]
    import_results(content=("\n".join(lines) + "\n").encode(), filename="g5.csv", key=GRADE5, actor=None)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=5, school_year__name="2021/2022")


def test_schools_table_follows_the_same_pupils_when_codes_are_stable(client, specialist, grade5, settings):
    settings.MSOKO_STABLE_PARTICIPANT_CODES = True
    client.force_login(specialist)

    tables = _tables(client.get(f"/assessments/procedures/{grade5.pk}/analysis/").content.decode())

    school = _row(tables["schools"], "0001")
    assert school["Те же учащиеся год назад, чел."] == "1"
    assert school["Их средний % год назад"] == "100,0"
    assert school["Δ тех же учащихся, п. п."] == "−50,0"


def test_class_matrix_shows_each_pupils_percent_a_year_ago(client, specialist, grade5, settings):
    settings.MSOKO_STABLE_PARTICIPANT_CODES = True
    client.force_login(specialist)

    url = f"/assessments/procedures/{grade5.pk}/schools/0001/classes/5А/"
    tables = _tables(client.get(url).content.decode())

    assert _row(tables["matrix"], "1")["Год назад (класс ниже), %"] == "100,0"
    assert _row(tables["matrix"], "3")["Год назад (класс ниже), %"] == "—"  # new pupil
    assert _row(tables["matrix"], "1")["% от максимума"] == "50,0"


def test_no_student_cohort_where_codes_are_not_stable(client, specialist, grade5, settings):
    settings.MSOKO_STABLE_PARTICIPANT_CODES = False
    client.force_login(specialist)

    page = client.get(f"/assessments/procedures/{grade5.pk}/analysis/").content.decode()

    assert "Те же учащиеся год назад" not in page
    assert "Когорта год назад (класс ниже), средний %" in page  # the organisation-level cohort stays

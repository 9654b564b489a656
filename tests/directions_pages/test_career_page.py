"""Direction 4's page through the Django client: the municipality's and a school's figures, a
school user's scope, the empty year, the monitoring list, the XLSX export and agreement with the
stored indicators."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.assessments.services import import_gia
from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.indicators.services import import_monitoring
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/career/"
YEAR = "2024/2025"

# 0001: G1 — Russian 70, profile maths 50, physics 60 (3 subjects, all passed);
#       G2 — Russian 60, social studies 30 < 42, base maths «4» (2 of 3 passed);
#       G3 — Russian 20 < 24, base maths «2» (none passed).
# 0002: G4 — Russian 80, profile maths 20 < 27, informatics 70, physics 40 (3 of 4 passed);
#       G5 — Russian 50 (passed). N1's ОГЭ is not a graduate's.
GIA = """Экзамен;Предмет;Код ОО;Код участника;Первичный балл;Тестовый балл;Отметка;Годовая отметка;Претендент на медаль
ЕГЭ;Русский язык;0001;G1;40;70;;;
ЕГЭ;Математика (профильная);0001;G1;15;50;;;
ЕГЭ;Физика;0001;G1;25;60;;;
ЕГЭ;Русский язык;0001;G2;35;60;;;
ЕГЭ;Обществознание;0001;G2;20;30;;;
ЕГЭ;Математика (базовая);0001;G2;15;;4;;
ЕГЭ;Русский язык;0001;G3;8;20;;;
ЕГЭ;Математика (базовая);0001;G3;5;;2;;
ЕГЭ;Русский язык;0002;G4;45;80;;;
ЕГЭ;Математика (профильная);0002;G4;5;20;;;
ЕГЭ;Информатика;0002;G4;20;70;;;
ЕГЭ;Физика;0002;G4;15;40;;;
ЕГЭ;Русский язык;0002;G5;30;50;;;
ОГЭ;Математика;0002;N1;5;;2;3;
"""


@pytest.fixture
def ege(school_a, school_b):
    year = SchoolYear.get_by_name(YEAR)
    import_gia(content=GIA.encode(), filename="gia.csv", school_year=year, actor=None)
    return year


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_page_is_listed_on_the_direction_page(client, specialist):
    client.force_login(specialist)

    response = client.get(reverse("direction", args=["career-guidance"]))

    assert reverse("career:ege") == URL
    assert URL in response.content.decode()


def test_the_municipality_figures(client, specialist, ege):
    response = _get(client, specialist)

    mo = response.context["municipality"]
    # 5 graduates with 13 subjects; three or more passed: G1, G4; all passed: G1, G5
    assert (mo["graduates"], mo["subjects_mean"], mo["any_failed"]) == (5, 2.6, 3)
    assert (mo["ege_three_subjects_share"], mo["ege_all_passed_share"]) == (40, 40)
    # G5 took 1 subject, G3 2, G1 and G2 3, G4 4
    assert [(d["label"], d["n"]) for d in response.context["distribution"]] == [
        ("1", 1), ("2", 1), ("3", 2), ("4", 1), ("5 и более", 0),
    ]  # fmt: skip
    subjects = {s["subject"]: s for s in response.context["subjects"]}
    # Russian: all five, mean 56, G3 below the minimum → 20 %
    russian = subjects["Русский язык"]
    assert (russian["chose"], russian["chose_share"], russian["mean_score"], russian["below_minimum_share"]) == (
        5, 100, 56, 20,
    )  # fmt: skip
    assert "Математика" not in subjects  # the ОГЭ row
    assert "40,0\u00a0%" in response.content.decode()


def test_the_school_rows(client, specialist, ege):
    response = _get(client, specialist)

    rows = {r["org_code"]: r for r in response.context["schools"]}
    assert list(rows) == ["0001", "0002"]
    # 0001: G1 of G1..G3 passes three and all → 33,3 %; 0002: G4 passes three, G5 all → 50 %, 50 %
    assert rows["0001"]["ege_three_subjects_share"] == pytest.approx(100 / 3)
    assert rows["0001"]["ege_all_passed_share"] == pytest.approx(100 / 3)
    assert (rows["0002"]["graduates"], rows["0002"]["ege_three_subjects_share"]) == (2, 50)
    assert (rows["0002"]["ege_all_passed_share"], rows["0002"]["profile_math"]) == (50, 1)
    assert response.context["own"] is None  # the department has no own columns


def test_a_school_sees_its_own_row_beside_the_municipality(client, school_user, ege):
    response = _get(client, school_user)

    context = response.context
    assert [r["org_code"] for r in context["schools"]] == ["0001"]
    assert context["municipality"]["graduates"] == 5
    # own columns: 0001 has 3 graduates — two took 3 subjects, one took 2
    dist = {d["label"]: (d["own_n"], d["share"]) for d in context["distribution"]}
    assert dist["3"] == (2, 40)
    assert dist["2"][0] == 1
    subjects = {s["subject"]: s for s in context["subjects"]}
    # Russian in 0001: 70, 60, 20 → mean 50; informatics: nobody of 0001
    assert (subjects["Русский язык"]["own_chose"], subjects["Русский язык"]["own_mean_score"]) == (3, 50)
    assert subjects["Информатика"]["own_chose"] is None
    assert "Гимназия № 2" not in response.content.decode()


def test_a_year_without_ege_says_so(client, specialist, ege):
    factories.SchoolYearFactory(name="2023/2024", start_year=2023)

    response = _get(client, specialist, year="2023/2024")

    assert response.status_code == 200
    assert response.context["municipality"] is None
    page = response.content.decode()
    assert "За 2023/2024 учебный год результатов ЕГЭ нет" in page
    assert "Профильные классы" in page  # what monitoring collects is said in any year


def test_no_ege_at_all_says_what_to_load(client, specialist):
    response = _get(client, specialist)

    assert response.status_code == 200
    assert "Результаты ЕГЭ ещё не загружены" in response.content.decode()


def test_the_monitoring_indicators_and_who_reported_them(client, specialist, school_user, ege):
    csv = "Код ОО;Показатель;Учебный год;Значение\n0001;career.profile_classes_share;2024/2025;35\n"
    import_monitoring(content=csv.encode(), filename="m.csv", actor=None)

    department = {m["code"]: m for m in _get(client, specialist).context["monitoring"]}
    school = {m["code"]: m for m in _get(client, school_user).context["monitoring"]}

    # declared in the catalogue with the MONITORING source, not computed from the ЕГЭ
    assert "career.profile_classes_share" in department
    assert "career.ege_three_subjects_share" not in department
    # one of the two schools reported the share of profile classes
    assert (
        department["career.profile_classes_share"]["reported"],
        department["career.profile_classes_share"]["organisations"],
    ) == (1, 2)
    assert department["career.guidance_coverage"]["reported"] == 0
    assert school["career.profile_classes_share"]["reported"] == 1


def test_the_school_table_exports_to_xlsx_and_is_audited(client, specialist, ege):
    response = _get(client, specialist, format="xlsx")

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Код ОО", "Организация", "Выпускников, сдававших ЕГЭ")
    assert [r[0] for r in rows[1:]] == ["МО", "0001", "0002"]
    assert rows[1][2:6] == (5, 2.6, 40, 40)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert "ЕГЭ выпускников по школам за 2024/2025" in event.summary


def test_the_shares_equal_the_stored_indicator_values(client, specialist, ege):
    from msoko.indicators.models import IndicatorValue
    from msoko.pipeline.runs import recompute_now

    recompute_now(school_year=ege, reason="тест")
    response = _get(client, specialist)

    stored = {
        (org, code): value
        for org, code, value in IndicatorValue.objects.filter(code__startswith="career.").values_list(
            "org_code", "code", "value"
        )
    }
    rows = [response.context["municipality"], *response.context["schools"]]
    for row in rows:
        for field in ("ege_three_subjects_share", "ege_all_passed_share"):
            assert row[field] == pytest.approx(stored[(row["org_code"], f"career.{field}")])

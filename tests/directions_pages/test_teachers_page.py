"""Direction 7's page through the Django client: figures of the municipality and a school, a
school user's scope, the empty year, the XLSX export, and agreement with the stored indicators."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.urls import reverse

from msoko.core.models import AuditAction, AuditEvent
from msoko.registry.services import import_courses
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/teachers/"

# Registry 2024/2025.
#   0001: A1 «учитель» highest 50; A2 «учитель» first 30, mentor A1; A3 «учитель» none 25;
#         A4 «заместитель директора» highest 45.
#   0002: B1 «учитель» conformity 28, mentor A1 (of 0001); B2 «учитель» first 40.
COURSES = (
    "Код педагога;Вид;Наименование;Часы;Дата;Результат, %;Дефициты\n"
    'A1;диагностика;Диагностика компетенций;;10.10.2024;60;"Дроби; Геометрия"\n'
    "A1;курсы;Геометрия в школе;36;01.12.2024;;геометрия\n"
    "A2;диагностика;Диагностика компетенций;;10.10.2024;80;\n"
    "A2;курсы;Геометрия в школе;36;01.02.2025;;\n"
    "B1;диагностика;Диагностика компетенций;;15.10.2024;40;Дроби\n"
    "B1;курсы;Цифровая образовательная среда;72;01.03.2025;;\n"
    "B2;диагностика;Диагностика компетенций;;01.05.2024;50;Текст\n"  # the previous school year
)


@pytest.fixture
def registry(school_a, school_b):
    year = factories.SchoolYearFactory()  # 2024/2025
    teacher = factories.TeacherFactory
    a1 = teacher(code="A1", organization=school_a, school_year=year, category="highest", age=50)
    teacher(code="A2", organization=school_a, school_year=year, category="first", age=30, mentor=a1)
    teacher(code="A3", organization=school_a, school_year=year, category="none", age=25)
    teacher(
        code="A4", organization=school_a, school_year=year, position="заместитель директора",
        category="highest", age=45,
    )  # fmt: skip
    teacher(code="B1", organization=school_b, school_year=year, category="conformity", age=28, mentor=a1)
    teacher(code="B2", organization=school_b, school_year=year, category="first", age=40)
    import_courses(content=COURSES.encode(), filename="courses.csv", actor=None)
    return year


def _get(client, user, **params):
    client.force_login(user)
    return client.get(URL, params)


def test_the_page_is_listed_on_the_direction_page(client, specialist):
    client.force_login(specialist)

    response = client.get(reverse("direction", args=["teacher-development"]))

    assert reverse("teachers:development") == URL
    assert URL in response.content.decode()


def test_the_municipality_figures(client, specialist, registry):
    response = _get(client, specialist)

    mo = response.context["municipality"]
    # 6 staff, 5 «учитель»; first/highest among them: A1, A2, B2 → 3 of 5 = 60 %
    assert (mo["staff"], mo["teachers"], mo["category_share"]) == (6, 5, 60)
    # diagnostics this year: A1, A2, B1 of 6 = 50 % (B2's was in May 2024)
    assert (mo["diagnosed"], mo["diagnostics_coverage"]) == (3, 50)
    # young (< 35): A2, A3, B1; with a mentor: A2, B1 → 2 of 3
    assert (mo["young"], mo["young_mentored"]) == (2 + 1, 2)
    assert mo["young_with_mentor_share"] == pytest.approx(200 / 3)
    # deficits named: A1 (addressed by «Геометрия в школе» on 01.12), B1 (not addressed) → 50 %
    assert mo["courses_for_deficits_share"] == 50
    # three courses, 36 + 36 + 72 hours
    assert (mo["courses"], mo["course_hours"]) == (3, 144)
    page = response.content.decode()
    assert "60,0\u00a0%" in page
    assert "3 из 6 педагогов" in page


def test_the_school_rows(client, specialist, registry):
    response = _get(client, specialist)

    rows = {r["org_code"]: r for r in response.context["schools"]}
    assert list(rows) == ["0001", "0002"]
    a, b = rows["0001"], rows["0002"]
    # 0001: highest A1, A4; first A2; none A3; «учитель» A1..A3 with first/highest A1, A2 → 66,7 %
    assert (a["staff"], a["highest"], a["first"], a["conformity"], a["no_category"]) == (4, 2, 1, 0, 1)
    assert a["category_share"] == pytest.approx(200 / 3)
    # 0001: diagnosed A1, A2 of 4 → 50 %; courses by A1, A2; young A2 (mentored), A3
    assert (a["diagnostics_coverage"], a["course_teachers"], a["young"], a["young_mentored"]) == (50, 2, 2, 1)
    # 0002: conformity B1, first B2 → 1 of 2 = 50 %; diagnosed B1 of 2 → 50 %; B1 young, mentored
    assert (b["conformity"], b["first"], b["category_share"], b["diagnostics_coverage"]) == (1, 1, 50, 50)
    assert (b["young"], b["young_mentored"], b["courses_for_deficits_share"]) == (1, 1, 0)


def test_courses_diagnostics_deficits_and_pairs(client, specialist, registry):
    context = _get(client, specialist).context

    courses = [(c["title"], c["teachers"], c["hours"], c["by_school"]) for c in context["courses"]]
    assert courses == [
        ("Геометрия в школе", 2, 72, "0001 — 2"),
        ("Цифровая образовательная среда", 1, 72, "0002 — 1"),
    ]
    # A1 60, A2 80, B1 40 → 60; deficits named for A1 and B1
    (diagnostic,) = context["diagnostics"]
    assert (diagnostic["teachers"], diagnostic["mean_result"], diagnostic["with_deficits"]) == (3, 60, 2)
    deficits = [(d["deficit"], d["teachers"], d["addressed"]) for d in context["deficits"]]
    assert deficits == [("Дроби", 2, 0), ("Геометрия", 1, 1)]
    pairs = [(p["code"], p["age"], p["mentor_code"], p["mentor_org_code"]) for p in context["pairs"]]
    # A3 is young without a mentor; B1's mentor works in 0001
    assert pairs == [("A3", 25, None, None), ("A2", 30, "A1", "0001"), ("B1", 28, "A1", "0001")]


def test_a_school_sees_its_own_rows_and_the_municipality(client, school_user, registry):
    response = _get(client, school_user)

    context = response.context
    assert [r["org_code"] for r in context["schools"]] == ["0001"]
    assert context["municipality"]["category_share"] == 60  # still the municipality's
    # only 0001's teachers: no «Цифровая образовательная среда» (B1), no B1 in the pairs
    assert [c["title"] for c in context["courses"]] == ["Геометрия в школе"]
    assert context["diagnostics"][0]["teachers"] == 2  # A1, A2
    assert [p["code"] for p in context["pairs"]] == ["A3", "A2"]
    # «Дроби» (A1) and «Геометрия» (A1) are named once each: alphabetical
    assert [(d["deficit"], d["teachers"]) for d in context["deficits"]] == [("Геометрия", 1), ("Дроби", 1)]
    page = response.content.decode()
    assert "Гимназия № 2" not in page
    assert "Цифровая образовательная среда" not in page


def test_a_year_without_a_registry_says_so(client, specialist, registry):
    factories.SchoolYearFactory(name="2023/2024", start_year=2023)

    response = _get(client, specialist, year="2023/2024")

    assert response.status_code == 200
    assert response.context["municipality"] is None
    assert "Реестра педагогов за 2023/2024 учебный год нет" in response.content.decode()
    assert "Скачать XLSX" not in response.content.decode()


def test_no_registry_at_all_says_what_to_load(client, specialist):
    response = _get(client, specialist)

    assert response.status_code == 200
    assert response.context["year"] is None
    assert "Реестр педагогов ещё не загружен" in response.content.decode()


def test_an_unknown_year_is_not_found(client, specialist, registry):
    assert _get(client, specialist, year="1999/2000").status_code == 404


def test_the_school_table_exports_to_xlsx_and_is_audited(client, school_user, registry):
    response = _get(client, school_user, year="2024/2025", format="xlsx")

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Код ОО", "Организация", "Педагогов", "Из них учителей")
    # «МО» first, then the school's own row only
    assert [r[0] for r in rows[1:]] == ["МО", "0001"]
    assert rows[1][2:4] == (6, 5)
    assert rows[2][8] == pytest.approx(66.67)  # 0001: 2 of 3 «учитель», rounded
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.actor == school_user
    assert "педагоги по школам за 2024/2025" in event.summary


def test_the_cards_equal_the_stored_indicator_values(client, specialist, registry):
    from msoko.indicators.models import IndicatorValue
    from msoko.pipeline.runs import recompute_now

    recompute_now(school_year=registry, reason="тест")
    mo = _get(client, specialist).context["municipality"]

    stored = dict(
        IndicatorValue.objects.filter(org_code="МО", code__startswith="teachers.").values_list(
            "code", "value"
        )
    )
    for field in (
        "category_share",
        "diagnostics_coverage",
        "young_with_mentor_share",
        "courses_for_deficits_share",
    ):
        assert mo[field] == pytest.approx(stored[f"teachers.{field}"]), field

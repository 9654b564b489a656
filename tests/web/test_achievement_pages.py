"""Achievement analysis pages: the ФИС ОКО reports of a procedure, a school and a class.

The data: ВПР, Математика, 4 класс, 2020/2021 (the built-in scheme, 15 tasks, maximum 20,
«3» from 6, «4» from 10, «5» from 15) for two schools, loaded through ``import_results``.

School 0001 (12 participants): class 4А — P01, P02 «5» (20 points), P03, P04 «4» (12),
P05, P06 «2» (5); class 4Б — P07, P08, P09 «4», P10 «2», P11 «2» (4, «X» on task 1), P12 «3» (7).
School 0002 (3 participants, class 4В): P13, P14 «5», P15 «4».
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

import openpyxl
import pytest
from django.urls import reverse

from msoko.assessments.models import Procedure
from msoko.assessments.services import ProcedureKey, import_results
from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.indicators.models import IndicatorValue
from msoko.pipeline.runs import recompute_now

pytestmark = pytest.mark.django_db

KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
LABELS = ["1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12"]
HEADER = [
    "Код ОО",
    "Класс",
    "Код участника",
    "Вариант",
    *LABELS,
    "Сумма баллов",
    "Отметка",
    "Отметка по журналу",
]
GOOD = [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2]  # 20 → «5»
MIDDLE = [1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1]  # 12 → «4»
THREE = [1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 7 → «3»
WEAK = [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]  # 5 → «2»
WEAK_X = ["X", 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]  # 4 → «2», task 1 not attempted

PARTICIPANTS = [
    ("0001", "4А", "P01", GOOD, 5),
    ("0001", "4А", "P02", GOOD, 4),
    ("0001", "4А", "P03", MIDDLE, 4),
    ("0001", "4А", "P04", MIDDLE, 4),
    ("0001", "4А", "P05", WEAK, 3),
    ("0001", "4А", "P06", WEAK, 2),
    ("0001", "4Б", "P07", MIDDLE, 5),
    ("0001", "4Б", "P08", MIDDLE, 4),
    ("0001", "4Б", "P09", MIDDLE, 4),
    ("0001", "4Б", "P10", WEAK, 3),
    ("0001", "4Б", "P11", WEAK_X, 3),
    ("0001", "4Б", "P12", THREE, 3),
    ("0002", "4В", "P13", GOOD, 3),
    ("0002", "4В", "P14", GOOD, 5),
    ("0002", "4В", "P15", MIDDLE, 4),
]


def _mark(total: int) -> int:
    return 5 if total >= 15 else 4 if total >= 10 else 3 if total >= 6 else 2


def _csv() -> bytes:
    lines = [";".join(HEADER)]
    for org, cls, code, scores, journal in PARTICIPANTS:
        total = sum(s for s in scores if isinstance(s, int))
        cells = [org, cls, code, "1", *map(str, scores), str(total), str(_mark(total)), str(journal)]
        lines.append(";".join(cells))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def procedure(school_a, school_b, specialist) -> Procedure:
    import_results(content=_csv(), filename="results.csv", key=KEY, actor=specialist)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021")


class _Tables(HTMLParser):
    """Rows of every `<table id="table-…">` as lists of cell texts (header row first)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "table" and (attributes.get("id") or "").startswith("table-"):
            self._table = attributes["id"].removeprefix("table-")
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return parser.tables


def _row(table: list[list[str]], first: str) -> dict[str, str]:
    """The row whose first cell is ``first``, keyed by the header."""
    header = [h.rstrip(" ↕") for h in table[0]]
    return next(dict(zip(header, r, strict=True)) for r in table[1:] if r[0] == first)


def _get(client, name: str, *args: object, **params: str):
    return client.get(reverse(f"achievement:{name}", args=args), params)


# --------------------------------------------------------------------------- procedure page


def test_mark_statistics_show_the_hand_computed_rates(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    municipality = _row(tables["marks"], "Муниципалитет")
    school = _row(tables["marks"], "СШ № 1")
    # municipality: 15 participants, 4 «2», 1 «3», 6 «4», 4 «5»
    assert municipality["Участников"] == "15"
    assert municipality["«2», %"] == "26,7"
    assert municipality["Успеваемость, %"] == "73,3"
    assert municipality["Качество, %"] == "66,7"
    # school 0001: 8 of 12 have «3» or more, 7 of 12 «4» or «5»
    assert school["Успеваемость, %"] == "66,7"
    assert school["Качество, %"] == "58,3"


def test_small_groups_carry_the_sample_warning(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    assert _row(tables["marks"], "СШ № 1")["Объём выборки"] == "мало участников (12)"
    assert (
        _row(tables["marks"], "Гимназия № 2")["Объём выборки"] == "мало участников (3), не интерпретируется"
    )


def test_journal_comparison_counts_lowered_confirmed_and_raised(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    # school 0001: P05, P07, P10, P11 lowered; P02 raised; the other 7 confirmed
    school = _row(tables["journal"], "СШ № 1")
    assert (school["Понизили, чел."], school["Понизили, %"]) == ("4", "33,3")
    assert (school["Подтвердили, чел."], school["Подтвердили, %"]) == ("7", "58,3")
    assert (school["Повысили, чел."], school["Повысили, %"]) == ("1", "8,3")


def test_task_completion_of_the_municipality(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    # task 1 (max 1): 14 of 15 points (P11 did not attempt it); task 10 (max 2, level П): 14 of 30
    assert _row(tables["tasks"], "1")["Муниципалитет, %"] == "93,3"
    task10 = _row(tables["tasks"], "10")
    assert (task10["Уровень"], task10["Муниципалитет, %"], task10["Статус (Муниципалитет)"]) == (
        "П",
        "46,7",
        "освоено",
    )


def test_task_thresholds_are_a_deployment_setting(client, specialist, procedure, settings):
    # task 1 at 93,3 % is mastered under ФИОКО's 60 %, not under a stricter region's 95 / 94 %
    settings.MSOKO_TASK_THRESHOLDS = {
        "basic_mastered": 95.0,
        "basic_not_mastered": 94.0,
        "advanced_mastered": 30.0,
        "advanced_not_mastered": 28.5,
    }
    client.force_login(specialist)

    html = _get(client, "procedure_analysis", procedure.pk).content.decode()

    assert _row(_tables(html)["tasks"], "1")["Статус (Муниципалитет)"] == "не освоено"
    assert "освоено при выполнении от 95 %, не освоено — ниже 94 %" in html


def test_score_distribution_marks_the_cut_scores(client, specialist, procedure):
    client.force_login(specialist)

    html = _get(client, "procedure_analysis", procedure.pk).content.decode()

    # 4 of 15 participants scored 20 points; the chart draws the rules labelled «3», «4», «5»
    assert _row(_tables(html)["scores"], "20")["Муниципалитет, %"] == "26,7"
    assert "Распределение первичных баллов" in html
    assert "<svg" in html
    assert "«4»" in html


def test_mark_groups_report_completion_per_group(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    # task 10 in the group «5» (4 participants, 2 of 2 points each) and «2» (4, none)
    row = _row(tables["groups"], "10")
    assert row["Группа «5» (N = 4), %"] == "100,0"
    assert row["Группа «2» (N = 4), %"] == "0,0"


def test_skills_report_lists_each_skill_with_its_tasks(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    tasks = [row[1] for row in tables["skills"][1:]]
    assert "9.1, 9.2" in tasks
    assert tables["skills"][0][:3] == ["Проверяемые требования (умения)", "Задания", "Выполнение, %"]


def test_schools_table_and_rating(client, specialist, procedure):
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    # mean %: school 0001 = (2·20 + 5·12 + 2·5 + 5 + 4 + 7) / 12 / 20 = 126 / 240 = 52.5 %
    school = _row(tables["schools"], "0001")
    assert school["Средний % выполнения"] == "52,5"
    assert school["Δ успеваемости к прошлому году, п. п."] == "—"
    # school 0002 = (20 + 20 + 12) / 60 = 86.7 % comes first in the rating
    assert [row[1] for row in tables["rating"][1:]] == ["0002", "0001"]


def test_schools_table_shows_the_change_from_the_previous_year(client, specialist, procedure, school_a):
    previous = SchoolYear.objects.create(name="2019/2020", start_year=2019)
    IndicatorValue.objects.create(
        code="results.success_rate",
        organization=school_a,
        org_code="0001",
        procedure="ВПР",
        subject="Математика",
        grade=4,
        school_year=previous,
        value=50.0,
    )
    client.force_login(specialist)

    tables = _tables(_get(client, "procedure_analysis", procedure.pk).content.decode())

    # 66.7 % this year against 50 % the year before
    assert _row(tables["schools"], "0001")["Δ успеваемости к прошлому году, п. п."] == "+16,7"


def test_each_table_downloads_as_xlsx_with_its_header_and_is_audited(client, specialist, procedure):
    client.force_login(specialist)

    response = _get(client, "procedure_analysis", procedure.pk, format="xlsx", table="schools")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == (
        "Код ОО",
        "Организация",
        "Участников",
        "Успеваемость, %",
        "Качество, %",
        "Средний % выполнения",
    )
    assert rows[1][:4] == ("0001", "СШ № 1", 12, 66.7)
    assert AuditEvent.objects.filter(action=AuditAction.EXPORT, actor=specialist).count() == 1


@pytest.mark.parametrize(
    "table", ["marks", "journal", "scores", "tasks", "levels", "skills", "groups", "rating"]
)
def test_every_procedure_table_downloads(client, specialist, procedure, table):
    client.force_login(specialist)

    response = _get(client, "procedure_analysis", procedure.pk, format="xlsx", table=table)

    assert response.status_code == 200
    assert len(list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)) > 1


def test_unknown_table_download_is_404(client, specialist, procedure):
    client.force_login(specialist)

    response = _get(client, "procedure_analysis", procedure.pk, format="xlsx", table="nope")

    assert response.status_code == 404


def test_procedure_analysis_reads_in_a_fixed_number_of_queries(
    client, specialist, procedure, django_assert_max_num_queries
):
    client.force_login(specialist)
    # the page, its cache key and the layout (menu, municipality, recompute line): not per
    # school; one of them asks whether any row was replaced, which spares a copy of the rows

    with django_assert_max_num_queries(18):
        response = _get(client, "procedure_analysis", procedure.pk)

    assert response.status_code == 200


def test_analysis_requires_login(client, procedure):
    response = _get(client, "procedure_analysis", procedure.pk)

    assert response.status_code == 302


def test_procedure_page_links_to_the_analysis(client, specialist, procedure):
    client.force_login(specialist)

    html = client.get(reverse("assessments:procedure", args=[procedure.pk])).content.decode()

    assert reverse("achievement:procedure_analysis", args=[procedure.pk]) in html
    assert reverse("achievement:school_analysis", args=[procedure.pk, "0001"]) in html


# --------------------------------------------------------------------------- school scope


def test_school_user_sees_only_its_school_and_the_stored_municipality(client, school_user, procedure):
    recompute_now(school_year=None, reason="тест")
    client.force_login(school_user)

    html = _get(client, "procedure_analysis", procedure.pk).content.decode()

    assert "0002" not in html
    assert "Гимназия № 2" not in html
    marks = _tables(html)["marks"]
    assert [row[0] for row in marks[1:]] == ["Муниципалитет", "СШ № 1"]
    assert _row(marks, "Муниципалитет")["Успеваемость, %"] == "73,3"
    # no rating of one school among itself («место 1»)
    assert "rating" not in _tables(html)
    assert "Рейтинг ОО" not in html


def test_school_user_gets_404_for_another_schools_analysis(client, school_user, procedure):
    client.force_login(school_user)

    other = _get(client, "school_analysis", procedure.pk, "0002")
    download = _get(client, "school_analysis", procedure.pk, "0002", format="xlsx", table="marks")
    own = _get(client, "school_analysis", procedure.pk, "0001")

    assert other.status_code == 404
    assert download.status_code == 404
    assert own.status_code == 200


# --------------------------------------------------------------------------- school and class pages


def test_school_page_compares_its_classes(client, specialist, procedure):
    client.force_login(specialist)

    html = _get(client, "school_analysis", procedure.pk, "0001").content.decode()

    tables = _tables(html)
    # 4А: 4 of 6 have «3» or more; 4Б: 4 of 6
    assert _row(tables["classes"], "4А")["Успеваемость, %"] == "66,7"
    assert _row(tables["classes"], "4Б")["Качество, %"] == "50,0"
    assert reverse("achievement:class_analysis", args=[procedure.pk, "0001", "4А"]) in html
    # task 1 in the school: 11 of 12 points
    assert _row(tables["tasks"], "1")["СШ № 1, %"] == "91,7"


def test_unknown_school_is_404(client, specialist, procedure):
    client.force_login(specialist)

    response = _get(client, "school_analysis", procedure.pk, "9999")

    assert response.status_code == 404


def test_class_page_shows_the_matrix_with_x(client, specialist, procedure):
    client.force_login(specialist)

    html = _get(client, "class_analysis", procedure.pk, "0001", "4Б").content.decode()

    matrix = _tables(html)["matrix"]
    p11 = _row(matrix, "P11")
    assert p11["1"] == "X"
    assert (p11["Сумма баллов"], p11["Отметка"], p11["Отметка по журналу"]) == ("4", "2", "3")
    assert [row[0] for row in matrix[1:]] == ["P07", "P08", "P09", "P10", "P11", "P12"]
    assert "cell-x" in html
    # task 1 in the class: 5 of 6 points
    assert _row(_tables(html)["tasks"], "1")["4Б, %"] == "83,3"


def test_class_matrix_downloads_with_x_as_text(client, specialist, procedure):
    client.force_login(specialist)

    response = _get(client, "class_analysis", procedure.pk, "0001", "4Б", format="xlsx", table="matrix")

    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:3] == ("Код участника", "1", "2")
    assert next(r for r in rows if r[0] == "P11")[1] == "X"


def test_unknown_class_is_404(client, specialist, procedure):
    client.force_login(specialist)

    response = _get(client, "class_analysis", procedure.pk, "0001", "9Я")

    assert response.status_code == 404


def test_procedure_without_results_shows_empty_reports(client, specialist, procedure):
    other = Procedure.objects.exclude(pk=procedure.pk).filter(scheme__isnull=False).first()
    client.force_login(specialist)

    response = _get(client, "procedure_analysis", other.pk)

    assert response.status_code == 200
    assert "Нет данных." in response.content.decode()


def test_a_new_import_is_shown_at_once_despite_the_page_cache(
    client, specialist, django_capture_on_commit_callbacks
):
    from msoko.assessments.models import Procedure
    from msoko.assessments.services import ProcedureKey, import_results
    from tests.assessments.conftest import GOOD, WEAK, csv_bytes, row
    from tests.factories import OrganizationFactory

    OrganizationFactory(code="0777", name="Кэш-школа")
    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    import_results(content=csv_bytes([row("0777", "1", GOOD)]), filename="a.csv", key=key, actor=None)
    procedure = Procedure.objects.get(
        kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021"
    )
    client.force_login(specialist)
    url = f"/assessments/procedures/{procedure.pk}/analysis/"
    first = client.get(url).content.decode()

    import_results(content=csv_bytes([row("0777", "1", WEAK)]), filename="b.csv", key=key, actor=None)
    second = client.get(url).content.decode()

    # 20 points («5») first, then 5 points («2»): the success rate of the only school drops to 0
    assert first != second
    assert "100,0\u00a0%" in first  # a decimal comma and a no-break space before «%»


def test_heat_map_of_many_schools_shows_the_weakest(client, specialist, monkeypatch):
    from msoko.assessments.models import Procedure
    from msoko.assessments.services import ProcedureKey, import_results
    from msoko.directions.achievement import sections
    from tests.assessments.conftest import GOOD, MIDDLE, WEAK, csv_bytes, row
    from tests.factories import OrganizationFactory

    monkeypatch.setattr(sections, "HEATMAP_MAX_ROWS", 2)
    for code in ("0901", "0902", "0903"):
        OrganizationFactory(code=code)
    rows = [row("0901", "1", GOOD), row("0902", "1", MIDDLE), row("0903", "1", WEAK)]
    import_results(
        content=csv_bytes(rows),
        filename="a.csv",
        key=ProcedureKey("ВПР", "Математика", 4, "2020/2021"),
        actor=None,
    )
    procedure = Procedure.objects.get(
        kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021"
    )
    client.force_login(specialist)

    page = client.get(f"/assessments/procedures/{procedure.pk}/analysis/").content.decode()

    assert "На тепловой карте — 2 из 3 с наименьшим средним процентом выполнения" in page


def test_schools_table_follows_the_cohort_from_the_grade_below(client, specialist, school_a):
    from dataclasses import replace

    from msoko.assessments.models import Procedure
    from msoko.assessments.scheme_files import load_builtin_schemes
    from msoko.assessments.services import ProcedureKey, import_results, save_scheme
    from msoko.pipeline.runs import recompute_now
    from tests.assessments.conftest import GOOD, csv_bytes, row

    # grade 4 in 2020/2021: one pupil with 20 of 20 → mean 100 %
    import_results(
        content=csv_bytes([row("0001", "1", GOOD)]),
        filename="g4.csv",
        key=ProcedureKey("ВПР", "Математика", 4, "2020/2021"),
        actor=None,
    )
    # grade 5 in 2021/2022 (the 2021 work reused for the test): 10 of 20 → mean 50 %
    ma5 = next(s for s in load_builtin_schemes() if (s.subject, s.grade) == ("Математика", 5))
    save_scheme(replace(ma5, year="2021/2022", source="тест"))
    labels = [t.label for t in ma5.tasks]
    scores = [1, 1, 1, 1, 1, 2, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0]  # 10 points → «3» (7..10)
    content = (
        ";".join(["Код ОО", "Класс", "Код участника", *labels])
        + "\n"
        + ";".join(["0001", "5А", "1", *map(str, scores)])
        + "\n"
    ).encode()
    import_results(
        content=content, filename="g5.csv", key=ProcedureKey("ВПР", "Математика", 5, "2021/2022"), actor=None
    )
    recompute_now(school_year=None, reason="тест")
    procedure = Procedure.objects.get(
        kind="ВПР", subject="Математика", grade=5, school_year__name="2021/2022"
    )
    client.force_login(specialist)

    page = client.get(f"/assessments/procedures/{procedure.pk}/analysis/").content.decode()

    assert "Когорта год назад (класс ниже), средний %" in page
    # the cohort fell from 100 % in grade 4 to 50 % in grade 5: −50 points
    assert 'data-value="100.000000">100,0</td>' in page
    assert "−50,0" in page


def test_two_schools_of_one_name_stay_two_rows_of_every_chart(client, specialist):
    from msoko.assessments.services import import_results
    from tests.assessments.conftest import GOOD, WEAK, csv_bytes, row
    from tests.factories import OrganizationFactory

    OrganizationFactory(code="0901", name="МБОУ «Березовская СОШ»", short_name="Березовская СОШ")
    OrganizationFactory(code="0902", name="МБОУ «Березовская СОШ»", short_name="Березовская СОШ")
    OrganizationFactory(code="0903", name="МБОУ «Гимназия»", short_name="Гимназия")
    rows = [row("0901", "1", GOOD), row("0902", "1", WEAK), row("0903", "1", GOOD)]
    import_results(content=csv_bytes(rows), filename="a.csv", key=KEY, actor=None)
    procedure = Procedure.objects.get(
        kind="ВПР", subject="Математика", grade=4, school_year__name="2020/2021"
    )
    client.force_login(specialist)

    page = client.get(f"/assessments/procedures/{procedure.pk}/analysis/").content.decode()

    # the heat map (an inline SVG) and the tables name each of the two with its code
    assert page.count("Березовская СОШ (0901)") >= 2
    assert page.count("Березовская СОШ (0902)") >= 2
    assert "Гимназия (0903)" not in page  # a unique name stays as it is


def test_a_long_table_shows_its_first_rows_and_the_rest_on_request(
    client, specialist, procedure, monkeypatch
):
    """With 10 rows shown (instead of 100), the score distribution (scores 0–20: 21 rows) is
    long: the page has its first 10 rows and a «Показать все» line, ``?rows=scores`` has all
    21 as the whole page had them; the tasks (15 rows, not over 1.5 × 10) stay whole."""
    from msoko.directions.achievement.templatetags import report_tables

    monkeypatch.setattr(report_tables, "SHOWN_ROWS", 10)
    client.force_login(specialist)
    url = reverse("achievement:procedure_analysis", args=[procedure.pk])

    html = client.get(url).content.decode()
    shown = _tables(html)["scores"]
    rows = client.get(url, {"rows": "scores"})
    every = _tables(f'<table id="table-x">{rows.content.decode()}</table>')["x"]

    assert [r[0] for r in shown[1:-1]] == [str(score) for score in range(10)]
    assert shown[-1] == ["Показаны первые 10 строк из 21; все строки — в XLSX. Показать все"]
    assert 'data-rows-url="?rows=scores"' in html
    assert [r[0] for r in every] == [str(score) for score in range(21)]
    assert client.get(url, {"rows": "nothing"}).status_code == 404
    assert len(_tables(html)["tasks"]) == 16  # the header and 15 tasks
    assert 'data-rows-url="?rows=tasks"' not in html

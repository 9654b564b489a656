"""«Успеваемость и качество по журналу» (seed 004, 2.6–2.7): journal marks by school, period,
class and subject, against last year and against the year's ВПР.

The data, loaded through ``import_marks`` and ``import_results``:

2020/2021 journal marks
  0001, 4А, Математика: 1 полугодие 3 3 2 2; 3 четверть 5 4 3 2; год 5 4 4 3
  0001, 4А, Русский язык: год 4 3 3 2
  0002, 4Б, Математика: 1 полугодие 5 5; год 5 4
2019/2020 journal marks
  0001, 3А, Математика: год 5 3 2 2 (success 50 %, quality 25 %, mean 3.0; the municipality too)
ВПР Математика 4 2020/2021 (built-in scheme: «3» from 6, «4» from 10, «5» from 15 points)
  0001: V1 «5» journal 5, V2 «4» journal 5, V3 «3» journal 4, V4 «4» journal 3
  0002: W1 «5» journal 5, W2 «2» journal 3
"""

from __future__ import annotations

import io
from html.parser import HTMLParser

import openpyxl
import polars as pl
import pytest
from django.urls import reverse
from polars.testing import assert_frame_equal

from msoko.assessments.services import ProcedureKey, import_marks, import_results
from msoko.core.models import AuditAction, AuditEvent, SchoolYear
from msoko.directions.achievement.entry import ENTRY
from msoko.directions.achievement.marks_frames import preceding_journal

pytestmark = pytest.mark.django_db

MARKS_HEADER = "Код ОО;Код участника;Класс;Предмет;Период;Отметка"
CURRENT = {
    ("0001", "4А", "Математика", "1 полугодие"): [3, 3, 2, 2],
    ("0001", "4А", "Математика", "3 четверть"): [5, 4, 3, 2],
    ("0001", "4А", "Математика", "год"): [5, 4, 4, 3],
    ("0001", "4А", "Русский язык", "год"): [4, 3, 3, 2],
    ("0002", "4Б", "Математика", "1 полугодие"): [5, 5],
    ("0002", "4Б", "Математика", "год"): [5, 4],
}
PREVIOUS = {("0001", "3А", "Математика", "год"): [5, 3, 2, 2]}

VPR_KEY = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
LABELS = ["1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12"]
SCORES = {
    5: [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2],  # 20 points
    4: [1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1],  # 12
    3: [1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0],  # 7
    2: [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0],  # 5
}
VPR = [  # org, class, participant, ВПР mark, journal mark
    ("0001", "4А", "V1", 5, 5),
    ("0001", "4А", "V2", 4, 5),
    ("0001", "4А", "V3", 3, 4),
    ("0001", "4А", "V4", 4, 3),
    ("0002", "4Б", "W1", 5, 5),
    ("0002", "4Б", "W2", 2, 3),
]


def _marks_csv(marks: dict[tuple[str, str, str, str], list[int]]) -> bytes:
    lines = [MARKS_HEADER]
    for (org, cls, subject, period), values in marks.items():
        lines += [f"{org};{org}-{n};{cls};{subject};{period};{mark}" for n, mark in enumerate(values)]
    return ("\n".join(lines) + "\n").encode()


def _vpr_csv() -> bytes:
    header = ["Код ОО", "Класс", "Код участника", "Вариант", *LABELS, "Сумма баллов", "Отметка"]
    lines = [";".join([*header, "Отметка по журналу"])]
    for org, cls, code, mark, journal in VPR:
        scores = SCORES[mark]
        cells = [org, cls, code, "1", *map(str, scores), str(sum(scores)), str(mark), str(journal)]
        lines.append(";".join(cells))
    return ("\n".join(lines) + "\n").encode()


@pytest.fixture
def data(school_a, school_b, specialist):
    for name, marks in (("2020/2021", CURRENT), ("2019/2020", PREVIOUS)):
        year = SchoolYear.get_by_name(name)
        import_marks(content=_marks_csv(marks), filename="marks.csv", school_year=year, actor=specialist)
    import_results(content=_vpr_csv(), filename="vpr.csv", key=VPR_KEY, actor=specialist)


class _Tables(HTMLParser):
    """Rows of every ``<table id="table-…">`` and the texts of the stat cards, whitespace folded."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.stats: list[str] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._stat: list[str] | None = None
        self._depth = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = dict(attrs)
        if tag == "table" and (attributes.get("id") or "").startswith("table-"):
            self._table = attributes["id"].removeprefix("table-")
            self.tables[self._table] = []
        elif self._table and tag == "tr":
            self._row = []
        elif self._row is not None and tag in ("td", "th"):
            self._cell = []
        if tag == "div" and attributes.get("class", "").split()[:1] == ["stat"]:
            self._stat, self._depth = [], 0
        if tag == "div" and self._stat is not None:
            self._depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "div" and self._stat is not None:
            self._depth -= 1
            if self._depth == 0:
                self.stats.append(" ".join(" ".join(self._stat).split()))
                self._stat = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        if self._stat is not None:
            self._stat.append(data)


def _page(client, user, **params: str) -> _Tables:
    client.force_login(user)
    response = client.get(reverse("achievement:marks"), params)
    assert response.status_code == 200
    parser = _Tables()
    parser.feed(response.content.decode())
    parser.html = response.content.decode()  # type: ignore[attr-defined]
    return parser


def _row(table: list[list[str]], first: str) -> list[str]:
    return next(r for r in table if r and r[0] == first)


# --------------------------------------------------------------------------- the municipality


def test_municipal_cards_show_the_years_rates_and_the_change_from_last_year(client, specialist, data):
    page = _page(client, specialist)

    # год: 0001 5 4 4 3 + 4 3 3 2, 0002 5 4 → 10 marks, 9 of «3»–«5» (90 %), 6 of «4»–«5» (60 %),
    # mean 37 / 10 = 3.7; a year earlier 5 3 2 2: 50 %, 25 %, 3.0 → +40, +35 points, +0.7
    assert page.stats[:4] == [
        "Успеваемость, муниципалитет (год) 90,0 % к 2019/2020: +40,0 п. п.",
        "Качество, муниципалитет (год) 60,0 % к 2019/2020: +35,0 п. п.",
        "Средняя отметка (год) 3,70 к 2019/2020: +0,70",
        "Отметок (год) 10 все предметы и параллели",
    ]


def test_school_table_shows_each_period_in_the_school_years_order(client, specialist, data):
    page = _page(client, specialist)

    table = page.tables["schools"]
    assert table[0] == ["Код ОО", "Организация", "1 полугодие", "3 четверть", "год", "год", "К 2019/2020"]
    # 0001: 1 полугодие 3 3 2 2 → 50 / 0; 3 четверть 5 4 3 2 → 75 / 50; год 7 of 8, 4 of 8 → 87.5 / 50,
    # mean 28 / 8 = 3.5; last year 50 / 25 → +37.5, +25
    assert _row(table, "0001") == [
        "0001", "СШ № 1", "50,0", "0,0", "75,0", "50,0", "87,5", "50,0", "8", "3,50", "+37,5", "+25,0",
    ]  # fmt: skip
    # 0002 has no 3rd-term marks and no marks last year
    assert _row(table, "0002") == [
        "0002", "Гимназия № 2", "100,0", "100,0", "—", "—", "100,0", "100,0", "2", "4,50", "—", "—",
    ]  # fmt: skip
    # МО 1 полугодие: 3 3 2 2 5 5 → 4 of 6 (66.7), 2 of 6 (33.3); 3 четверть = 0001's
    assert _row(table, "МО") == [
        "МО", "Муниципалитет", "66,7", "33,3", "75,0", "50,0", "90,0", "60,0", "10", "3,70", "+40,0", "+35,0",
    ]  # fmt: skip
    assert 'class="chart-spec"' in page.html


def test_subject_filter_narrows_the_municipal_figures_and_last_years(client, specialist, data):
    page = _page(client, specialist, subject="Математика")

    # год, maths: 5 4 4 3 5 4 → 100 %, 5 of 6 = 83.3 %; last year's maths 50 % and 25 %
    assert page.stats[:2] == [
        "Успеваемость, муниципалитет (год) 100,0 % к 2019/2020: +50,0 п. п.",
        "Качество, муниципалитет (год) 83,3 % к 2019/2020: +58,3 п. п.",
    ]


def test_period_filter_puts_the_cards_on_that_period(client, specialist, data):
    page = _page(client, specialist, period="3 четверть")

    # 3 четверть: 5 4 3 2 (only 0001 has it) → 75 % and 50 %; 2019/2020 has no 3rd-term marks
    assert page.stats[:2] == [
        "Успеваемость, муниципалитет (3 четверть) 75,0 % в 2019/2020 отметок за этот период нет",
        "Качество, муниципалитет (3 четверть) 50,0 % в 2019/2020 отметок за этот период нет",
    ]
    assert _row(page.tables["schools"], "0001")[2:6] == ["75,0", "50,0", "4", "3,50"]
    assert "Для динамики нужны отметки хотя бы двух периодов" in page.html


def test_drill_down_shows_the_school_by_subject_and_by_class(client, specialist, data):
    page = _page(client, specialist, school="0001")

    # maths год 5 4 4 3 → 100 / 75, mean 4.0; last year 50 / 25 → +50, +50
    assert _row(page.tables["subjects"], "Математика") == [
        "Математика", "50,0", "0,0", "75,0", "50,0", "100,0", "75,0", "4", "4,00", "+50,0", "+50,0",
    ]  # fmt: skip
    # Russian год 4 3 3 2 → 75 / 25, mean 3.0; no Russian last year
    assert _row(page.tables["subjects"], "Русский язык")[-6:] == ["75,0", "25,0", "4", "3,00", "—", "—"]
    assert page.tables["classes"][2:] == [
        ["4А", "Математика", "50,0", "0,0", "75,0", "50,0", "100,0", "75,0", "4", "4,00"],
        ["4А", "Русский язык", "—", "—", "—", "—", "75,0", "25,0", "4", "3,00"],
    ]


def test_page_without_marks_says_so(client, specialist, school_a):
    page = _page(client, specialist)

    assert "Отметки из электронного журнала ещё не загружены" in page.html


def test_filters_without_marks_show_an_empty_state(client, specialist, data):
    page = _page(client, specialist, subject="Физика")

    assert "Нет отметок по выбранным условиям" in page.html
    assert "schools" not in page.tables


def test_the_page_is_one_of_the_directions_pages():
    assert ("Успеваемость и качество по журналу", "achievement:marks") in [
        (p.title, p.url_name) for p in ENTRY.pages
    ]


# --------------------------------------------------------------------------- ВПР and the journal


def test_vpr_marks_are_set_against_the_journal_of_the_preceding_period(client, specialist, data):
    page = _page(client, specialist)

    rows = {r[1].split()[-1] if r[1] != "Муниципалитет" else "МО": r for r in page.tables["vpr"][2:]}
    # 0001: ВПР 3 4 5 4 → «3» 25, «4» 50, «5» 25; journal 3 четверть (its 1 полугодие is ignored)
    # 5 4 3 2 → 25 each; pupils: V2, V3 below their journal mark, V1 equal, V4 above
    assert rows["0001"][2:] == [
        "4", "0,0", "25,0", "50,0", "25,0", "4 3 четверть", "25,0", "25,0", "25,0", "25,0",
        "4", "50,0", "25,0", "25,0", "Анализ",
    ]  # fmt: skip
    # 0002: no 3rd term, so its 1 полугодие 5 5; W2 below, W1 equal
    assert rows["0002"][2:] == [
        "2", "50,0", "0,0", "0,0", "50,0", "2 1 полугодие", "0,0", "0,0", "0,0", "100,0",
        "2", "50,0", "50,0", "0,0", "Анализ",
    ]  # fmt: skip
    # МО: ВПР 5 4 3 4 5 2; journal 5 4 3 2 5 5; 3 of 6 below, 2 equal, 1 above
    assert rows["МО"][2:] == [
        "6", "16,7", "16,7", "33,3", "33,3", "6 3 четверть / 1 полугодие", "16,7", "16,7", "16,7", "50,0",
        "6", "50,0", "33,3", "16,7", "Анализ",
    ]  # fmt: skip
    assert list(rows) == ["МО", "0001", "0002"]


def test_vpr_table_without_journal_marks_before_it_says_why_those_columns_are_missing(
    client, specialist, school_a, school_b
):
    year = SchoolYear.get_by_name("2020/2021")
    annual = {key: values for key, values in CURRENT.items() if key[3] == "год"}
    import_marks(content=_marks_csv(annual), filename="marks.csv", school_year=year, actor=specialist)
    import_results(content=_vpr_csv(), filename="vpr.csv", key=VPR_KEY, actor=specialist)

    page = _page(client, specialist)

    assert page.tables["vpr"][0] == [
        "Работа",
        "Организация",
        "ВПР, % отметок",
        "Отметка ВПР и отметка по журналу, % учащихся",
        "",
    ]
    assert "нет отметок за 3 четверть или 1 полугодие" in page.html
    # the pupils' comparison stays: 0001 four with a journal mark, two below it, one equal, one above
    school = next(r for r in page.tables["vpr"] if r[1] == "СШ № 1 0001")
    assert school[7:11] == ["4", "50,0", "25,0", "25,0"]


def test_preceding_journal_takes_the_third_term_before_the_first_half_year():
    marks = pl.DataFrame(
        {
            "org_code": ["0001"] * 3 + ["0002"] * 2,
            "subject": ["Математика"] * 5,
            "grade": [4] * 5,
            "period": ["3 четверть", "1 полугодие", "год", "1 полугодие", "2 четверть"],
            "mark": [5, 2, 3, 4, 2],
        }
    )

    got = preceding_journal(marks)

    # 0001: the 3rd term's «5» only; 0002: its half-year «4» (the 2nd term is not before a ВПР);
    # МО pools the two
    expected = pl.DataFrame(
        {
            "org_code": ["0001", "0002", "МО"],
            "subject": ["Математика"] * 3,
            "grade": [4] * 3,
            "journal_period": ["3 четверть", "1 полугодие", "3 четверть / 1 полугодие"],
            "journal_marks": [1, 1, 2],
            "j2": [0.0, 0.0, 0.0],
            "j3": [0.0, 0.0, 0.0],
            "j4": [0.0, 100.0, 50.0],
            "j5": [100.0, 0.0, 50.0],
        }
    )
    assert_frame_equal(got, expected, check_dtypes=False)


# --------------------------------------------------------------------------- scope and export


def test_school_user_sees_its_own_school_and_the_municipal_totals(client, school_user, data):
    page = _page(client, school_user)

    # the municipal figures pool every school's marks, as for the department
    assert page.stats[0] == "Успеваемость, муниципалитет (год) 90,0 % к 2019/2020: +40,0 п. п."
    assert [r[0] for r in page.tables["schools"][2:]] == ["0001", "МО"]
    assert "Математика" in [r[0] for r in page.tables["subjects"]]  # drilled into its own school
    assert [r[1] for r in page.tables["vpr"][2:]] == ["Муниципалитет", "СШ № 1 0001"]
    assert "Гимназия" not in page.html


def test_school_user_cannot_open_another_school(client, school_user, data):
    client.force_login(school_user)

    response = client.get(reverse("achievement:marks"), {"school": "0002"})

    assert response.status_code == 404


def test_schools_table_downloads_as_xlsx_and_is_audited(client, specialist, data):
    client.force_login(specialist)

    response = client.get(reverse("achievement:marks"), {"format": "xlsx", "subject": "Математика"})

    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == (
        "Код ОО",
        "Организация",
        "1 полугодие: успеваемость, %",
        "1 полугодие: качество, %",
    )
    assert rows[0][-2:] == ("Успеваемость к 2019/2020 (год), п. п.", "Качество к 2019/2020 (год), п. п.")
    # maths год: 0001 5 4 4 3 → 100 / 75 (last year 50 / 25); МО 100 / 83.3 (+50, +58.3)
    assert rows[1][:2] == ("0001", "СШ № 1")
    assert rows[1][-6:] == (100, 75, 4, 4, 50, 50)
    assert [r[0] for r in rows[1:]] == ["0001", "0002", "МО"]
    assert rows[3][-2:] == (50, 58.3)
    event = AuditEvent.objects.get(action=AuditAction.EXPORT)
    assert event.summary == "Выгрузка: Успеваемость и качество по журналу, 2020/2021, Математика, строк 3"

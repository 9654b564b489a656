"""Demo results: import-ready frames drawn from the demo world's latent abilities (pure, no database)."""

import re

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from msoko.demo.generator import SCHOOL_YEARS, generate_world
from msoko.demo.results import DemoResults, WorkSpec, generate_results

LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
MAXES = (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2)
LEVELS = ("Б",) * 13 + ("П", "П")
MA4 = WorkSpec("ВПР", "Математика", 4, "2022/2023", LABELS, MAXES, LEVELS, {3: 6, 4: 10, 5: 15})
MA5 = WorkSpec("ВПР", "Математика", 5, "2023/2024", LABELS, MAXES, LEVELS, {3: 7, 4: 11, 5: 15})
RU6 = WorkSpec(
    "ВПР",
    "Русский язык",
    6,
    "2024/2025",
    ("1", "2", "3", "4"),
    (9, 3, 4, 2),
    ("Б", "Б", "П", "В"),
    {3: 6, 4: 11, 5: 15},
)
WORKS = (MA4, MA5, RU6)

RESULTS_HEAD = ["Код ОО", "Класс", "Код участника", "Вариант"]
RESULTS_TAIL = ["Сумма баллов", "Отметка", "Отметка по журналу", "Пол"]


@pytest.fixture(scope="module")
def world():
    return generate_world(7)


@pytest.fixture(scope="module")
def results(world) -> DemoResults:
    return generate_results(world, WORKS, seed=3)


def _frames(results: DemoResults) -> list[pl.DataFrame]:
    return [
        *results.vpr.values(),
        *results.gia.values(),
        *results.marks.values(),
        *results.olympiad.values(),
        results.courses,
    ]


def _scale_mark(total: int, scale: dict[int, int]) -> int:
    return max([mark for mark, lowest in scale.items() if total >= lowest], default=2)


def test_same_seed_gives_equal_frames_and_another_seed_other_ones(world, results):
    again, other = generate_results(world, WORKS, seed=3), generate_results(world, WORKS, seed=4)

    for got, expected in zip(_frames(again), _frames(results), strict=True):
        assert_frame_equal(got, expected)
    assert not other.vpr[MA4].equals(results.vpr[MA4])
    assert not other.gia["2024/2025"].equals(results.gia["2024/2025"])


def test_results_do_not_depend_on_the_order_of_the_works(world, results):
    reversed_order = generate_results(world, WORKS[::-1], seed=3)

    assert_frame_equal(reversed_order.vpr[MA5], results.vpr[MA5])


def test_every_frame_has_exactly_the_headers_of_its_import_format(results):
    assert results.vpr[MA4].columns == [*RESULTS_HEAD, *LABELS, *RESULTS_TAIL]
    assert results.vpr[RU6].columns == [*RESULTS_HEAD, "1", "2", "3", "4", *RESULTS_TAIL]
    for year in SCHOOL_YEARS:
        assert results.gia[year].columns == [
            "Экзамен",
            "Предмет",
            "Код ОО",
            "Код участника",
            "Класс",
            "Первичный балл",
            "Тестовый балл",
            "Отметка",
            "Годовая отметка",
            "Претендент на медаль",
        ]
        assert results.marks[year].columns == [
            "Код ОО",
            "Код участника",
            "Класс",
            "Предмет",
            "Период",
            "Отметка",
        ]
        assert results.olympiad[year].columns == [
            "Этап",
            "Предмет",
            "Код ОО",
            "Код участника",
            "Класс",
            "Баллы",
            "Максимальный балл",
            "Статус",
        ]
    assert results.courses.columns == [
        "Код педагога",
        "Вид",
        "Наименование",
        "Часы",
        "Дата",
        "Результат, %",
        "Дефициты",
    ]


@pytest.mark.parametrize("work", WORKS, ids=lambda w: f"{w.subject}-{w.grade}")
def test_task_scores_sums_and_marks_agree_with_the_scheme(results, work):
    frame = results.vpr[work]

    assert frame.height > 100
    for label, top in zip(work.task_labels, work.task_max, strict=True):
        cells = frame[label]
        assert cells.is_null().sum() == 0
        numbers = cells.filter(cells != "X").cast(pl.Int64)
        assert numbers.min() >= 0
        assert numbers.max() <= top
    scores = frame.select(pl.col(label).replace("X", "0").cast(pl.Int64) for label in work.task_labels)
    assert (scores.sum_horizontal() == frame["Сумма баллов"]).all()
    expected_marks = [_scale_mark(total, work.scale) for total in frame["Сумма баллов"]]
    assert frame["Отметка"].to_list() == expected_marks
    assert set(frame["Вариант"]) == {"1", "2"}
    assert set(frame["Пол"]) == {"М", "Ж"}


def test_a_few_pupils_leave_tasks_not_attempted(results):
    frame = results.vpr[MA4]

    with_x = frame.select(pl.any_horizontal(pl.col(label) == "X" for label in LABELS)).to_series()

    assert 0 < with_x.mean() < 0.03


def test_participants_are_the_pupils_of_that_grade_and_year_minus_the_absent(world, results):
    enrolled = world.enrollments.filter(pl.col("school_year") == MA4.school_year, pl.col("grade") == 4)
    frame, truth = results.vpr[MA4], results.truths.vpr[MA4]

    assert set(frame["Код участника"]) <= set(enrolled["student_code"])
    assert truth.height == enrolled.height
    absent = results.truths.vpr_absent[MA4]
    assert frame.height + absent == enrolled.height
    assert 0.03 < absent / enrolled.height < 0.11
    assert frame["Код участника"].is_unique().all()
    assert all(re.fullmatch(r"4[А-Г]?", name) for name in frame["Класс"].unique())


def test_the_same_pupils_move_from_grade_4_to_grade_5(results):
    fourth = set(results.vpr[MA4]["Код участника"])
    fifth = set(results.vpr[MA5]["Код участника"])

    # most of the fourth graders write the fifth-grade work a year later (some absent, a few moved away)
    assert len(fourth & fifth) > 0.8 * len(fourth)


def test_the_gymnasium_scores_higher_than_the_rural_basic_schools(world, results):
    rural_basic = world.organizations.filter(pl.col("profile") == "rural_oosh")["code"].to_list()
    percent = pl.concat(
        results.vpr[work].select("Код ОО", (pl.col("Сумма баллов") / sum(work.task_max)).alias("percent"))
        for work in WORKS
    )

    gymnasium = percent.filter(pl.col("Код ОО") == "0101")["percent"].mean()
    rural = percent.filter(pl.col("Код ОО").is_in(rural_basic))["percent"].mean()

    assert gymnasium > rural + 0.1


def test_journal_marks_mostly_agree_with_the_vpr_mark_and_lean_upwards(results):
    frame = results.vpr[MA4].filter(pl.col("Отметка по журналу").is_not_null())

    agree = (frame["Отметка по журналу"] == frame["Отметка"]).mean()
    higher = (frame["Отметка по журналу"] > frame["Отметка"]).mean()
    lower = (frame["Отметка по журналу"] < frame["Отметка"]).mean()

    assert 0.55 <= agree <= 0.85
    assert higher > lower
    assert frame["Отметка по журналу"].is_between(2, 5).all()
    assert 0 < results.vpr[MA4]["Отметка по журналу"].null_count() < 0.08 * results.vpr[MA4].height


def test_gia_scores_and_marks_stay_in_their_ranges_and_medal_candidates_exist(results):
    for year in SCHOOL_YEARS:
        gia = results.gia[year]
        ege = gia.filter(pl.col("Экзамен") == "ЕГЭ", pl.col("Предмет") != "Математика (базовая)")
        oge = gia.filter(pl.col("Экзамен") == "ОГЭ")
        base = gia.filter(pl.col("Предмет") == "Математика (базовая)")

        assert ege["Тестовый балл"].is_between(0, 100).all()
        assert ege["Отметка"].is_null().all()
        assert oge["Отметка"].is_between(2, 5).all()
        assert oge["Тестовый балл"].is_null().all()
        assert base["Отметка"].is_between(2, 5).all()
        assert base["Тестовый балл"].is_null().all()
        assert gia["Годовая отметка"].is_between(3, 5).all()
        assert set(oge["Предмет"]) >= {"Русский язык", "Математика"}
        assert (gia["Претендент на медаль"] == "да").sum() > 0


def test_every_ninth_grader_sits_oge_russian_and_mathematics_and_two_electives(world, results):
    year = "2024/2025"
    ninth = world.enrollments.filter(pl.col("school_year") == year, pl.col("grade") == 9)
    oge = results.gia[year].filter(pl.col("Экзамен") == "ОГЭ")

    per_pupil = oge.group_by("Код участника").len()

    assert per_pupil.height == ninth.height
    assert (per_pupil["len"] == 4).all()


def test_medal_candidates_are_strong_graduates_but_some_miss_70_in_russian(world):
    # given three seeds' worth of graduates, so that the rare case shows up
    candidates = []
    for seed in (1, 2, 3):
        gia = generate_results(world, [], seed=seed).gia
        for year in SCHOOL_YEARS:
            russian = gia[year].filter(pl.col("Экзамен") == "ЕГЭ", pl.col("Предмет") == "Русский язык")
            share = russian["Претендент на медаль"].eq_missing("да").mean()
            assert 0.04 <= share <= 0.1
            candidates.append(russian.filter(pl.col("Претендент на медаль") == "да"))
    candidates = pl.concat(candidates)

    assert candidates["Тестовый балл"].median() >= 70
    assert (candidates["Тестовый балл"] < 70).sum() > 0


def test_olympiad_statuses_respect_the_quota_and_the_winners_threshold(results):
    for year in SCHOOL_YEARS:
        olympiad = results.olympiad[year]
        per_stage = olympiad.group_by("Этап", "Предмет").agg(
            (pl.col("Статус") != "участник").mean().alias("awarded")
        )
        winners = olympiad.filter(pl.col("Статус") == "победитель")

        assert (per_stage["awarded"] <= 0.45).all()
        assert (winners["Баллы"] >= 0.5 * winners["Максимальный балл"]).all()
        assert set(olympiad["Этап"]) == {"школьный", "муниципальный", "региональный"}
        assert olympiad["Класс"].is_between(4, 11).all()
        assert (olympiad["Баллы"] <= olympiad["Максимальный балл"]).all()


def test_municipal_participants_come_from_the_school_stage_of_grades_7_to_11(results):
    olympiad = results.olympiad["2023/2024"]
    school = olympiad.filter(pl.col("Этап") == "школьный")
    municipal = olympiad.filter(pl.col("Этап") == "муниципальный")

    joined = municipal.join(school, on=["Код участника", "Предмет"], how="left", suffix="_school")

    assert joined["Баллы_school"].null_count() == 0
    assert municipal["Класс"].min() >= 7
    assert municipal.height < school.height


def test_journal_marks_cover_two_subjects_four_terms_and_the_year_per_pupil(world, results):
    marks = results.marks["2024/2025"]

    per_pupil = marks.group_by("Код участника").len()

    assert (per_pupil["len"] == 10).all()
    assert set(marks["Период"]) == {"1 четверть", "2 четверть", "3 четверть", "4 четверть", "год"}
    assert set(marks["Предмет"]) == {"Математика", "Русский язык"}
    assert marks["Отметка"].is_between(2, 5).all()
    grades = marks["Класс"].str.extract(r"^(\d+)").cast(pl.Int64).unique().sort().to_list()
    assert grades == [4, 5, 6, 7, 8, 9, 11]


def test_courses_and_diagnostics_have_their_fields(results):
    courses = results.courses
    course = courses.filter(pl.col("Вид") == "курсы")
    diagnostics = courses.filter(pl.col("Вид") == "диагностика")

    assert set(course["Часы"]) <= {16, 24, 36, 72}
    assert course["Результат, %"].is_null().all()
    assert diagnostics["Результат, %"].is_between(30, 95).all()
    assert diagnostics["Часы"].is_null().all()
    assert courses["Дата"].str.contains(r"^\d{2}\.\d{2}\.\d{4}$").all()
    assert diagnostics["Дефициты"].drop_nulls().str.contains("; ").any()


def test_targeted_courses_follow_a_diagnostic_and_name_one_of_its_deficits(results):
    courses = results.courses.with_columns(pl.col("Дата").str.to_date("%d.%m.%Y"))
    targeted = courses.filter((pl.col("Вид") == "курсы") & pl.col("Дефициты").is_not_null())
    diagnostics = courses.filter(pl.col("Вид") == "диагностика").select(
        "Код педагога", pl.col("Дата").alias("diagnosed"), pl.col("Дефициты").alias("named")
    )
    matched = targeted.join(diagnostics, on="Код педагога").filter(
        (pl.col("diagnosed") < pl.col("Дата"))
        & pl.col("named").str.contains(pl.col("Дефициты"), literal=True)
    )

    assert targeted.height > 50
    assert (
        matched.select("Код педагога", "Дата").n_unique()
        == targeted.select("Код педагога", "Дата").n_unique()
    )


def test_a_work_for_a_grade_nobody_attends_gives_an_empty_frame(world):
    nobody = WorkSpec("ВПР", "Математика", 4, "2030/2031", LABELS, MAXES, LEVELS, {3: 6, 4: 10, 5: 15})

    frame = generate_results(world, [nobody], seed=1).vpr[nobody]

    assert frame.height == 0
    assert frame.columns == [*RESULTS_HEAD, *LABELS, *RESULTS_TAIL]

"""The plan reader: what counts as an activity, on the seed orders and on small documents."""

from __future__ import annotations

import ast
import io
from pathlib import Path

import pytest

from msoko.roadmaps.parsing import parse_document, parse_docx, parse_text
from tests.real_data import real_data
from tests.roadmaps.seeds import MANUAL_COUNTS, seed

PARSING = Path(__file__).resolve().parents[2] / "msoko" / "roadmaps" / "parsing"


@real_data
@pytest.mark.parametrize("name", sorted(MANUAL_COUNTS))
def test_each_seed_imports_90_to_110_percent_of_its_activities(name):
    plans = parse_text(seed(name).read_text(encoding="utf-8"))

    activities = [a for plan in plans for a in plan.activities]
    share = len(activities) / MANUAL_COUNTS[name]
    assert 0.9 <= share <= 1.1, f"{name}: {len(activities)} из {MANUAL_COUNTS[name]}"
    filled = sum(1 for a in activities if a.period and a.responsible) / len(activities)
    assert filled >= 0.8, f"{name}: срок и ответственные у {filled:.0%}"
    assert all(plan.title for plan in plans)


@real_data
def test_a_document_approving_two_plans_gives_two_road_maps():
    plans = parse_text(seed("002_bfba15c98f14acb8.txt").read_text(encoding="utf-8"))

    assert [len(p.activities) for p in plans] == [12, 21]
    assert plans[1].title.startswith("«Дорожная карта» мероприятий, реализуемых на уровне муниципалитета")


@real_data
def test_continuations_over_page_breaks_join_their_activity():
    plan = parse_text(seed("001_a11e24bc9d06d8d7.txt").read_text(encoding="utf-8"))[0]
    by_number = {a.number: a for a in plan.activities}

    assert by_number["9"].period == "соответствии с графиком проведения"
    assert by_number["9"].text.endswith("в исследованиях по оценке функциональной грамотности")
    assert by_number["31"].text.endswith("адресной методической помощи 500 +")  # page number «7» gone
    assert (
        by_number["66"].text
        == "Организация работы с молодыми специалистами. Формирование системы наставничества"
    )
    assert plan.columns["result"].startswith("Прогнозируемый результат")


MARKDOWN = """\
**План мероприятий («Дорожная карта») школы № 1 на 2024-2025 годы**

| № | Мероприятие | Срок | Ответственные | Ожидаемый результат |
|---|---|---|---|---|
| 1 | 2 | 3 | 4 | 5 |
| | <b>Система оценки качества подготовки</b> | | | |
| 1 | Проведение <i>школьных</i> диагностик по | ежегодно | Зам. по УВР | <p>Справка</p> |

| | | | | |
|---|---|---|---|---|
| | математике в 5–9 классах | (октябрь) | | |
| 1 | Проведение <i>школьных</i> диагностик по | ежегодно | Зам. по УВР | <p>Справка</p> |
| 2. | Анализ результатов ВПР<sup>1</sup> | до 01.09.2025 | Иванова И.И. | Доля «2» не выше 10 % |
| | Совещание с учителями: 1. по ВПР; 2. по ОГЭ | постоянно | Директор | |
"""


def test_a_markdown_plan_counts_numbered_and_lost_numbering_rows_once():
    [plan] = parse_text(MARKDOWN)

    assert plan.title == "План мероприятий («Дорожная карта») школы № 1 на 2024-2025 годы"
    assert [s.title for s in plan.sections] == ["Система оценки качества подготовки"]
    first, second, third = plan.activities
    assert (first.number, first.text) == ("1", "Проведение школьных диагностик по математике в 5–9 классах")
    assert first.period == "ежегодно (октябрь)"
    assert first.result == "Справка"
    assert (second.number, second.text, second.period) == ("2", "Анализ результатов ВПР", "до 01.09.2025")
    assert (third.number, third.responsible) == ("", "Директор")  # sub-items inside one cell stay in it


TABS = (
    "План мероприятий («Дорожная карта»)\n\n"
    "№ п/п\tСроки\tМероприятия\tОтветственные\tРезультаты исполнения\n"
    "1. Раздел первый\t\t\t\t\n"
    "1.1\tежегодно (август)\tПервое\tОтдел\tПриказ\n"
    "1.2\tМай 2025\tВторое мероприятие, которое\tОтдел\tПротокол\n"
    "\n"
    "\t\tпродолжается на другой странице\t5\t\n"
    "1.3\t\tТретье\t\tСправка\n"
)


def test_tab_separated_rows_and_a_vertically_merged_responsible():
    [plan] = parse_text(TABS)

    assert [a.number for a in plan.activities] == ["1.1", "1.2", "1.3"]
    assert plan.activities[1].text == "Второе мероприятие, которое продолжается на другой странице"
    assert plan.activities[2].responsible == "Отдел"
    assert plan.activities[2].responsible_inherited


def test_a_docx_table_with_the_same_columns_round_trips():
    from docx import Document

    document = Document()
    document.add_paragraph("План мероприятий («дорожная карта») по поддержке школ")
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(
        table.rows[0].cells,
        ["№", "Мероприятие", "Срок", "Ответственные", "Показатель результативности"],
        strict=True,
    ):
        cell.text = text
    for row in [
        ["", "Раздел 1. Кадры", "", "", ""],
        ["1", "Курсы ПК", "ежегодно (май)", "ЦНППМ", "100 % педагогов"],
        ["2", "Семинар", "до 01.12.2025", "РМО", ""],
    ]:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    [plan] = parse_docx(buffer.getvalue())

    assert plan.title == "План мероприятий («дорожная карта») по поддержке школ"
    assert [s.title for s in plan.sections] == ["Раздел 1. Кадры"]
    assert [(a.number, a.text, a.period, a.responsible, a.result) for a in plan.activities] == [
        ("1", "Курсы ПК", "ежегодно (май)", "ЦНППМ", "100 % педагогов"),
        ("2", "Семинар", "до 01.12.2025", "РМО", ""),
    ]
    assert parse_document(buffer.getvalue(), filename="plan.docx")[0].title == plan.title


def test_a_document_without_a_plan_table_has_no_road_map():
    assert parse_text("Приказ\n\n1. Утвердить план.\n") == []


def test_the_parser_knows_no_django_and_no_app():
    for path in PARSING.glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            for name in names:
                assert not name.startswith("django"), f"{path.name}: {name}"
                assert not name.startswith("msoko.") or name.startswith("msoko.roadmaps.parsing"), (
                    f"{path.name}: {name}"
                )

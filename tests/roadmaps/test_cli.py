"""`msoko import roadmap FILE [--organization CODE]` and `msoko export roadmap` (spec/cli.md)."""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from msoko.cli import main
from msoko.core.models import ImportRecord
from msoko.roadmaps.models import Activity, RoadMap
from tests.real_data import real_data
from tests.roadmaps.seeds import MANUAL_COUNTS, seed

pytestmark = pytest.mark.django_db

COLUMNS = [
    "Дорожная карта",
    "Раздел",
    "№",
    "Мероприятие",
    "Срок",
    "Ответственные",
    "Ожидаемый результат",
    "Статус",
]
PLAN = """\
План мероприятий («Дорожная карта») школы

№ п/п\tМероприятия\tСроки\tОтветственные\tРезультаты исполнения
1. Раздел\t\t\t\t
1.1\tПедсовет\tдо 01.09.2021\tДиректор\tПротокол
1.2\tУроки\tпостоянно\tЗавуч\tСправка
"""


@real_data
@pytest.mark.parametrize("name", sorted(MANUAL_COUNTS))
def test_import_roadmap_loads_each_seed(name, capsys):
    code = main(["import", "roadmap", str(seed(name))])

    assert code == 0, capsys.readouterr().err
    count = Activity.objects.count()
    assert 0.9 <= count / MANUAL_COUNTS[name] <= 1.1
    assert ImportRecord.objects.filter(kind="roadmap").count() == 1


def test_import_roadmap_of_a_school_and_export_csv(tmp_path, school_a, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")

    assert main(["import", "roadmap", str(path), "--organization", "0001"]) == 0
    assert main(["export", "roadmap", "-o", str(tmp_path / "out.csv")]) == 0

    assert RoadMap.objects.get().organization == school_a
    raw = (tmp_path / "out.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == COLUMNS
    assert rows[1][2:5] == ["1.1", "Педсовет", "до 01.09.2021"]
    assert rows[1][7] == "просрочено"


def test_export_roadmap_xlsx_and_docx(tmp_path, capsys):
    path = tmp_path / "plan.md"
    path.write_text(PLAN, encoding="utf-8")
    main(["import", "roadmap", str(path)])

    assert main(["export", "roadmap", "--format", "xlsx", "-o", str(tmp_path / "out.xlsx")]) == 0
    assert main(["export", "roadmap", "--format", "docx", "-o", str(tmp_path / "out.docx")]) == 0

    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert [c.value for c in sheet[1]] == COLUMNS
    from docx import Document

    document = Document(str(tmp_path / "out.docx"))
    assert document.styles["Normal"].font.name == "Times New Roman"
    [table] = document.tables
    assert [c.text for c in table.rows[0].cells][:3] == ["Раздел", "№", "Мероприятие"]
    assert table.rows[1].cells[2].text == "Педсовет"
    # and the DOCX we write reads back as the same plan
    assert main(["import", "roadmap", str(tmp_path / "out.docx")]) == 0
    assert set(Activity.objects.values_list("text", flat=True)) == {"Педсовет", "Уроки"}


def test_docx_export_needs_an_output_file():
    assert main(["export", "roadmap", "--format", "docx"]) == 2


def test_unknown_organization_or_no_plan_rejects_with_exit_1(tmp_path, capsys):
    path = tmp_path / "plan.txt"
    path.write_text(PLAN, encoding="utf-8")
    empty = tmp_path / "order.txt"
    empty.write_text("Приказ\n\nУтвердить план.\n", encoding="utf-8")

    assert main(["import", "roadmap", str(path), "--organization", "9999"]) == 1
    assert "организация с кодом «9999» не найдена" in capsys.readouterr().err
    assert main(["import", "roadmap", str(empty)]) == 1
    assert "не найдена таблица плана мероприятий" in capsys.readouterr().err
    assert not RoadMap.objects.exists()

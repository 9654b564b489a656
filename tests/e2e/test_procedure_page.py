"""A specialist opens a procedure's analysis in a real browser, sorts the schools, downloads them."""

import io

import openpyxl
import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.services import ProcedureKey, import_results
from tests import factories
from tests.e2e.conftest import browser_page, log_in

LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
FULL = (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2)  # 20 points
HALF = (1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1)  # 12 points


def _row(org: str, code: str, scores: tuple[int, ...]) -> str:
    return ";".join([org, "4А", code, "1", *(str(s) for s in scores)])


# school 0001 scores 12 of 20 (60 %), school 0002 scores 20 of 20 (100 %)
RESULTS = "\n".join(
    [
        ";".join(["Код ОО", "Класс", "Код участника", "Вариант", *LABELS]),
        _row("0001", "P1", HALF),
        _row("0001", "P2", HALF),
        _row("0002", "P3", FULL),
    ]
)


@pytest.fixture
def procedure(transactional_db):
    factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.OrganizationFactory(code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2")
    specialist = factories.UserFactory(username="spec", role="specialist")
    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    import_results(content=(RESULTS + "\n").encode(), filename="results.csv", key=key, actor=specialist)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4).pk


def test_specialist_sorts_the_schools_and_downloads_them(live_server, procedure, tmp_path):
    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/assessments/procedures/{procedure}/")
        page.get_by_role("link", name="Анализ результатов").click()
        page.wait_for_load_state()

        table = page.locator("#table-schools")
        codes = table.locator("tbody tr td:first-child")
        assert codes.all_inner_texts() == ["0001", "0002"]

        header = table.get_by_role("button", name="Средний % выполнения")
        header.click()
        assert codes.all_inner_texts() == ["0001", "0002"]  # ascending: 60 % before 100 %
        header.click()
        assert codes.all_inner_texts() == ["0002", "0001"]
        assert table.locator("th[aria-sort=descending]").count() == 1

        panel = page.locator(".report-table", has=table)
        with page.expect_download() as info:
            panel.get_by_role("link", name="Скачать XLSX").click()
        path = tmp_path / "schools.xlsx"
        info.value.save_as(path)

    rows = list(openpyxl.load_workbook(io.BytesIO(path.read_bytes())).active.values)
    assert rows[0][:3] == ("Код ОО", "Организация", "Участников")
    assert [r[0] for r in rows[1:]] == ["0001", "0002"]

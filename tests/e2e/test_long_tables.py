"""A long table shows its first rows; «Показать все» and a sort bring every row (issue 16).

Four schools of one pupil each, with two rows shown instead of 100: the schools table is long.
Mean completion (15 tasks, maximum 20): 0001 — 12 → 60 %, 0002 — 20 → 100 %, 0003 — 5 → 25 %,
0004 — 7 → 35 %.
"""

import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.services import ProcedureKey, import_results
from msoko.directions.achievement.templatetags import report_tables
from tests import factories
from tests.e2e.conftest import browser_page, log_in

LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
SCORES = {
    "0001": (1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1),  # 12
    "0002": (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2),  # 20
    "0003": (1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0),  # 5
    "0004": (1, 1, 1, 1, 1, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0),  # 7
}


@pytest.fixture
def procedure(transactional_db, monkeypatch):
    monkeypatch.setattr(report_tables, "SHOWN_ROWS", 2)
    lines = [";".join(["Код ОО", "Класс", "Код участника", "Вариант", *LABELS])]
    for code, scores in SCORES.items():
        factories.OrganizationFactory(code=code, name=f"Школа {code}", short_name=f"Школа {code}")
        lines.append(";".join([code, "4А", f"P{code}", "1", *(str(s) for s in scores)]))
    specialist = factories.UserFactory(username="spec", role="specialist")
    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    import_results(content=("\n".join(lines) + "\n").encode(), filename="r.csv", key=key, actor=specialist)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4).pk


def _codes(page) -> list[str]:
    return page.locator("#table-schools tbody tr td:first-child").all_inner_texts()


def test_show_all_and_sorting_bring_every_row(live_server, procedure):
    with browser_page() as page:
        problems = []
        page.on("pageerror", lambda error: problems.append(str(error)))
        log_in(page, live_server, "spec", factories.PASSWORD)
        url = f"{live_server.url}/assessments/procedures/{procedure}/analysis/"
        page.goto(url)
        assert _codes(page) == ["0001", "0002"]
        assert "Показаны первые 2 строк из 4" in page.locator("#table-schools tfoot").inner_text()

        page.locator("#table-schools tfoot button").click()
        page.locator("#table-schools tbody tr").nth(3).wait_for()
        assert _codes(page) == ["0001", "0002", "0003", "0004"]
        assert page.locator("#table-schools tfoot").count() == 0

        page.goto(url)  # sorting a long table sorts all of it, not the two rows shown
        page.locator("#table-schools th", has_text="Средний % выполнения").locator("button").click()
        page.locator("#table-schools tbody tr").nth(3).wait_for()
        page.wait_for_function(
            "document.querySelector('#table-schools tbody td').textContent.trim() === '0003'"
        )
        assert _codes(page) == ["0003", "0004", "0001", "0002"]
        assert page.locator("#table-schools tfoot").count() == 0
        assert problems == []

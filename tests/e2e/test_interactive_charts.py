"""Charts a specialist can ask: Vega-Lite renders the page's specifications in the browser, under
the site's Content-Security-Policy (no 'unsafe-eval'); a hover names the school, its code and
the value, a click opens the school's page."""

import os

import pytest

from msoko.assessments.models import Procedure
from msoko.assessments.services import ProcedureKey, import_results
from msoko.web.templatetags.chart_scripts import vega_installed
from tests import factories
from tests.e2e.conftest import browser_page, log_in

LABELS = ("1", "2", "3", "4", "5.1", "5.2", "6.1", "6.2", "7", "8", "9.1", "9.2", "10", "11", "12")
FULL = (1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2)  # 20 of 20: every task 100 %
HALF = (1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1)  # task 3: 1 of 2 → 50 %


def _row(org: str, code: str, scores: tuple[int, ...]) -> str:
    return ";".join([org, "4А", code, "1", *(str(s) for s in scores)])


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
    if not vega_installed():
        reason = "нет сборок Vega в static/vendor: выполните make vendor (нужен npm)"
        if os.environ.get("MSOKO_REQUIRE_VENDOR") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.OrganizationFactory(code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2")
    specialist = factories.UserFactory(username="spec", role="specialist")
    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    import_results(content=(RESULTS + "\n").encode(), filename="results.csv", key=key, actor=specialist)
    return Procedure.objects.get(kind="ВПР", subject="Математика", grade=4).pk


def test_heat_map_answers_a_hover_and_opens_the_school_on_click(live_server, procedure):
    with browser_page() as page:
        problems = []
        page.on("console", lambda m: problems.append(m.text) if m.type in ("error", "warning") else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/assessments/procedures/{procedure}/analysis/")

        tasks = page.locator("section#tasks .chart-interactive")
        tasks.first.wait_for()
        # the server's picture was replaced by the live chart
        assert page.locator("section#tasks .chart-interactive .chart-static").count() == 0
        heat = tasks.last.locator("svg")
        cell = heat.locator("text[aria-roledescription='text mark']").first  # 0001 «СОШ № 1», task 1
        cell.hover()
        tooltip = page.locator("#vg-tooltip-element")
        tooltip.wait_for(state="visible")
        text = tooltip.inner_text()
        assert "СОШ № 1" in text
        assert "0001" in text
        assert "100,0" in text  # task 1 of 0001: both pupils scored 1 of 1, a decimal comma

        cell.click()
        page.wait_for_url(f"**/assessments/procedures/{procedure}/schools/0001/")
        assert "СОШ № 1" in page.locator("h1").inner_text()

        csp = [p for p in problems if "Content Security Policy" in p or "unsafe-eval" in p]
        assert csp == []

"""A specialist opens the risk list, goes to a flagged school's evidence and records its
explanation with the what-if, in a real browser (data of tests/flags/conftest.py)."""

import pytest

from msoko.assessments.services import ProcedureKey, import_results
from msoko.directions.objectivity.models import FlagDispute
from msoko.pipeline.runs import recompute_now
from tests import factories
from tests.assessments.conftest import MIDDLE, csv_bytes, row
from tests.e2e.conftest import browser_page, log_in


@pytest.fixture
def flagged_school(transactional_db):
    rows = [row("0001", f"A{i}", MIDDLE, cls="4А", journal=3) for i in range(12)]
    rows += [row("0001", f"B{i}", MIDDLE, cls="4Б", journal=4) for i in range(8)]
    factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    for org in ("0002", "0003", "0004"):
        factories.OrganizationFactory(code=org)
        rows += [row(org, f"{i}", MIDDLE, journal=3 if i == 0 else 4) for i in range(20)]
    factories.UserFactory(username="spec", role="specialist")
    key = ProcedureKey("ВПР", "Математика", 4, "2020/2021")
    import_results(content=csv_bytes(rows), filename="vpr.csv", key=key, actor=None)
    recompute_now(school_year=None, reason="тест")


def test_risk_list_to_evidence_to_a_recorded_explanation(live_server, flagged_school):
    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/objectivity/")

        risk = page.locator("#table-risk")
        assert risk.locator("tbody tr td:first-child").all_inner_texts() == ["0001"]
        assert "2 — повышенный" in risk.inner_text()
        risk.get_by_role("link", name="0001").click()
        page.wait_for_load_state()

        assert page.get_by_role("heading", name="СОШ № 1").is_visible()
        assert "Отметки ВПР и журнала" in page.locator("#table-findings").inner_text()
        assert page.locator(".work-evidence svg").count() >= 1  # the score distribution chart

        page.fill("textarea[name=explanation]", "Работу проверял другой учитель.")
        page.select_option("select[name=excluded_class]", "4А")
        page.get_by_role("button", name="Записать и пересчитать").click()
        page.wait_for_load_state()

        assert "без класса 4А флага нет" in page.locator(".messages").inner_text()
        assert "Работу проверял другой учитель." in page.locator("#disputes").inner_text()

    assert FlagDispute.objects.get().what_if_level == 0

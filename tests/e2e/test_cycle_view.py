"""The management cycle in a browser: from a direction's page to its cycle view, recommendations
drafted, approved and sent by the department, acknowledged by the school they address."""

import pytest

from msoko.cycle import services
from tests import factories
from tests.cycle.conftest import PROTOCOL, load, recompute
from tests.e2e.conftest import browser_page, log_in


@pytest.fixture
def cycle_data(transactional_db):
    factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    gymnasium = factories.OrganizationFactory(
        code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2"
    )
    factories.UserFactory(username="spec", role="specialist")
    factories.UserFactory(username="school2", role="school", organization=gymnasium)
    services.ready_made_rules()  # the data migration's rules do not survive a flush
    recompute(load(PROTOCOL))  # 0002 misses the 25 % target of talents.regional_stage_share


def test_the_department_runs_the_cycle_and_the_school_acknowledges(live_server, cycle_data):
    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/directions/talents/")
        assert page.locator("#cycle-panel-findings").inner_text() == "1"
        page.locator("#cycle-panel-link").click()
        page.wait_for_load_state()

        assert page.locator("h1").inner_text() == "Управленческий цикл: Способности и таланты"
        assert page.locator("#count-findings").inner_text() == "1"
        finding = page.locator("#table-cycle-findings tbody tr")
        assert finding.count() == 1
        assert "0002" in finding.first.inner_text()
        assert "значение 0 % при цели 25 %" in finding.first.inner_text().replace("\u00a0", " ")
        assert page.locator("#count-recommendations").inner_text() == "0"

        page.get_by_role("button", name="Составить рекомендации").click()
        page.wait_for_load_state()
        assert page.locator("#count-recommendations").inner_text() == "1"
        row = page.locator("#table-cycle-recommendations tbody tr").first
        assert "черновик" in row.inner_text()
        row.get_by_role("link").first.click()
        page.wait_for_load_state()

        assert "МБОУ «Гимназия № 2»" in page.locator("#recommendation-text").inner_text()
        page.get_by_role("button", name="Утвердить").click()
        page.wait_for_load_state()
        page.get_by_role("button", name="Направить адресату").click()
        page.wait_for_load_state()
        assert page.locator(".page-lead .badge").inner_text() == "направлена"
        recommendation_url = page.url

    with browser_page() as page:
        log_in(page, live_server, "school2", factories.PASSWORD)
        page.goto(f"{live_server.url}/cycle/recommendations/")
        rows = page.locator("#table-recommendations tbody tr")
        assert rows.count() == 1
        page.goto(recommendation_url)
        assert page.get_by_role("button", name="Утвердить").count() == 0
        page.get_by_role("button", name="Ознакомлены").click()
        page.wait_for_load_state()
        assert page.locator(".page-lead .badge").inner_text() == "ознакомлена"
        assert page.locator("#report-form").is_visible()

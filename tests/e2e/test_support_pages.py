"""A specialist opens the direction-2 list in a real browser: the scatter, sorting the schools by
their result against the expectation, and a school's page (data of tests/flags/test_support_pages)."""

import pytest

from msoko.assessments.services import ProcedureKey, import_results
from msoko.pipeline.runs import recompute_now
from tests import factories
from tests.assessments.conftest import csv_bytes, row
from tests.e2e.conftest import browser_page, log_in
from tests.flags.test_support_pages import CONTEXT, WORKS


@pytest.fixture
def computed(transactional_db):
    rows = []
    for code, scores in WORKS.items():
        low_income, higher = CONTEXT[code]
        factories.OrganizationFactory(
            code=code, low_income_share=low_income, higher_education_parents_share=higher
        )
        rows += [row(code, f"{code}-{i}", s) for i, s in enumerate(scores)]
    factories.UserFactory(username="spec", role="specialist")
    import_results(
        content=csv_bytes(rows),
        filename="vpr.csv",
        key=ProcedureKey("ВПР", "Математика", 4, "2020/2021"),
        actor=None,
    )
    recompute_now(school_year=None, reason="тест")


def test_list_scatter_sort_and_school_page(live_server, computed):
    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/support/")

        assert page.locator("#scatter svg").count() == 1
        assert page.locator("#scatter svg").inner_html().count("<path") >= 6  # a mark per school at least

        table = page.locator("#table-support")
        header = table.get_by_role("button", name="Относительно ожидаемого")
        header.click()
        header.click()  # descending: the school most above its expectation first
        assert table.locator("tbody tr td:first-child").first.inner_text() == "0006"

        table.get_by_role("link", name="0006").click()
        page.wait_for_load_state()
        assert "Резильентная школа" in page.locator("#flags").inner_text()
        assert page.locator("#trajectory svg").count() == 1

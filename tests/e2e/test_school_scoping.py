"""A school user in a real browser: sees its own card, is refused another school's."""

import pytest

from tests import factories
from tests.e2e.conftest import browser_page, log_in


@pytest.fixture
def registry(transactional_db):
    school_a = factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.OrganizationFactory(code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2")
    factories.UserFactory(username="school1", role="school", organization=school_a)


def test_school_user_sees_own_card_and_is_refused_another(live_server, registry):
    with browser_page() as page:
        log_in(page, live_server, "school1", factories.PASSWORD)

        page.goto(f"{live_server.url}/registry/organizations/")
        rows = page.locator("table tbody tr")
        assert rows.count() == 1
        assert "СОШ № 1" in rows.first.inner_text()
        assert "Гимназия № 2" not in page.content()

        own = page.goto(f"{live_server.url}/registry/organizations/0001/")
        assert own.status == 200
        assert "МБОУ «СОШ № 1»" in page.content()

        other = page.goto(f"{live_server.url}/registry/organizations/0002/")
        assert other.status == 404
        assert "Гимназия № 2" not in page.content()

"""The talents page in a browser: the olympiad by subject and by school, a school sees its own row;
the link to the bank of gifted children with its count."""

import pytest

from msoko.assessments.services import import_olympiad
from msoko.core.models import SchoolYear
from tests import factories
from tests.e2e.conftest import browser_page, log_in

# municipal stage: 0001 — O1 winner and O2 participant in maths, O1 prize-winner in physics;
# 0002 — O3 prize-winner in maths; regional stage: O1 in maths.
# МО: 4 municipal pairs, 3 awarded, 1 of them at the regional stage (33,3 %);
# 0001: 3 pairs, 2 awarded, 50 %; 0002: 1 pair, 1 awarded, 0 %, missed physics.
# The bank of gifted children (built by the recompute the import queues): O1 (municipal winner,
# regional participant) and O3 (municipal prize-winner); O2 (municipal participant only) is not.
PROTOCOL = """Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус
школьный;Математика;0001;O1;9;50;победитель
муниципальный;Математика;0001;O1;9;40;победитель
муниципальный;Математика;0001;O2;9;10;участник
муниципальный;Физика;0001;O1;9;30;призёр
муниципальный;Математика;0002;O3;9;30;призёр
региональный;Математика;0001;O1;9;20;участник
"""


@pytest.fixture
def olympiad(transactional_db):
    school = factories.OrganizationFactory(code="0001", name="МБОУ «СОШ № 1»", short_name="СОШ № 1")
    factories.OrganizationFactory(code="0002", name="МБОУ «Гимназия № 2»", short_name="Гимназия № 2")
    factories.UserFactory(username="spec", role="specialist")
    factories.UserFactory(username="school1", role="school", organization=school)
    year = SchoolYear.get_by_name("2024/2025")
    import_olympiad(content=PROTOCOL.encode(), filename="o.csv", school_year=year, actor=None)


def test_specialist_reads_the_olympiad_by_subject_and_school(live_server, olympiad):
    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/directions/talents/")
        page.get_by_role("link", name="Всероссийская олимпиада школьников: этапы, предметы и школы").click()
        page.wait_for_load_state()

        stats = page.locator("#talents-stats").inner_text()
        assert "из 4 участий" in stats  # 3 awarded of 4 municipal pairs
        assert "33,3\u00a0%" in stats
        assert "цель — 25\u00a0%" in stats
        subjects = page.locator("#table-subjects tbody tr")
        assert subjects.first.locator("td").all_inner_texts()[:5] == ["Математика", "1", "1", "3", "2"]
        schools = page.locator("#table-schools tbody tr")
        assert schools.count() == 2
        first = schools.first.locator("td").all_inner_texts()
        assert first[:5] == ["0001", "СОШ № 1", "3", "2", "50,0"]

        page.get_by_role("button", name="Код ОО").click()  # sortable like every table of the site
        page.get_by_role("button", name="Код ОО").click()
        assert schools.first.locator("td").first.inner_text() == "0002"

        assert page.locator("#gifted-bank-count").inner_text() == "2"
        page.locator("#gifted-bank").get_by_role("link", name="Банк одарённых детей").click()
        page.wait_for_load_state()
        codes = page.locator("#table-bank tbody tr td:first-child a").all_inner_texts()
        assert codes == ["O1", "O3"]  # O1 reached the regional stage: the higher level first


def test_a_school_sees_its_own_row_and_the_municipality(live_server, olympiad):
    with browser_page() as page:
        log_in(page, live_server, "school1", factories.PASSWORD)
        page.goto(f"{live_server.url}/talents/")

        codes = page.locator("#table-schools tbody tr td:first-child").all_inner_texts()
        assert codes == ["0001"]
        assert "из 4 участий" in page.locator("#talents-stats").inner_text()  # the municipality's
        assert page.locator("#gifted-bank-count").inner_text() == "1"  # its own O1 only

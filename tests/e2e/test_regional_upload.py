"""A municipal specialist uploads the region's ВПР export (three municipalities, the real 2021
layout) and sees the municipality's and the region's figures side by side."""

import pytest

from tests import factories, layouts
from tests.e2e.conftest import browser_page, log_in

GOOD = [1, 1, 2, 1, 1, 1, 1, 1, 1, 2, 1, 1, 2, 2, 2]  # 20 of 20 → «5»
MIDDLE = [1, 1, 1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 1, 1, 1]  # 12 → «4»
WEAK = [1, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 0, 0]  # 5 → «2»

# ours (Алейск): a «5» and a «2» → municipality «2» 50 %;
# Курьинский: two «4»; Рубцовск: a «5», and a row whose sum contradicts its tasks (left out).
# The region: «5», «2», «4», «4», «5» → «2» 20 %, «4» 40 %, «5» 40 %.
ROWS = [
    ("sch220001", "г. Алейск", "40001", "5", "ж", "а", "1", "20", GOOD),
    ("sch220002", "г. Алейск", "40002", "4", "м", "а", "1", "5", WEAK),
    ("sch220101", "Курьинский район", "50001", "4", "м", "а", "2", "12", MIDDLE),
    ("sch220102", "Курьинский район", "50002", "4", "д", "а", "1", "12", MIDDLE),
    ("sch220201", "г. Рубцовск", "60001", "5", "ж", "б", "2", "20", GOOD),
    ("sch220201", "г. Рубцовск", "60002", "3", "м", "б", "1", "19", WEAK),
]


@pytest.fixture
def municipality(transactional_db):
    factories.OrganizationFactory(code="sch220001", name="МБОУ «СОШ № 1» г. Алейска", short_name="СОШ № 1")
    factories.OrganizationFactory(code="sch220002", name="МБОУ «СОШ № 2» г. Алейска", short_name="СОШ № 2")
    factories.UserFactory(username="spec", role="specialist")


def test_specialist_loads_the_regional_export_and_sees_both_lines(live_server, municipality, tmp_path):
    path = tmp_path / "vpr_ma4_region.xlsx"
    path.write_bytes(layouts.export_2021(ROWS))

    with browser_page() as page:
        log_in(page, live_server, "spec", factories.PASSWORD)
        page.goto(f"{live_server.url}/assessments/upload/")
        page.select_option("select[name=kind]", "ВПР")
        page.fill("input[name=subject]", "Математика")
        page.fill("input[name=grade]", "4")
        page.fill("input[name=school_year]", "2020/2021")
        page.set_input_files("input[name=file]", str(path))
        page.check("input[name=regional]")
        page.get_by_role("button", name="Проверить и загрузить").click()

        summary = page.locator("#upload-summary")
        summary.wait_for()
        text = summary.inner_text().lower()
        assert "строк других муниципалитетов: 4, организаций: 3" in text
        assert "с ошибками 1" in text
        assert "участников с результатом 5" in text

        summary.get_by_role("link", name="Процедура").click()
        page.get_by_role("link", name="Анализ результатов").click()
        page.wait_for_load_state()

        marks = page.locator("#table-marks")
        region = marks.locator("tbody tr", has_text="Регион")
        cells = region.locator("td").all_inner_texts()
        assert cells[1] == "5"  # participants of the whole file
        assert [c.replace("\u00a0", " ") for c in cells[2:6]] == ["20,0", "0,0", "40,0", "40,0"]
        municipal = marks.locator("tbody tr", has_text="Муниципалитет").locator("td").all_inner_texts()
        assert municipal[1] == "2"
        assert municipal[2] == "50,0"
        note = page.locator("section#marks").inner_text()
        assert "рассчитана по региональной выгрузке" in note

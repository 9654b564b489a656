"""Direction 6's page: the stored index and its parts per school, scoped to the viewer."""

from __future__ import annotations

import pytest

from msoko.directions.principals.selectors import index_page
from msoko.indicators.models import IndicatorValue
from tests import factories


@pytest.fixture
def stored(school_a, school_b):
    before = factories.SchoolYearFactory(name="2023/2024", start_year=2023)
    year = factories.SchoolYearFactory(name="2024/2025", start_year=2024)
    rows = [
        # (year, org, code, value): A index 77.5 (72.5, objective, 60), was 70 → +7.5; B 20 (40, flagged)
        (year, school_a, "principals.effectiveness_index", 77.5),
        (year, school_a, "principals.quality_rate", 72.5),
        (year, school_a, "principals.objective_results", 1.0),
        (year, school_a, "teachers.category_share", 60.0),
        (before, school_a, "principals.effectiveness_index", 70.0),
        (year, school_b, "principals.effectiveness_index", 20.0),
        (year, school_b, "principals.quality_rate", 40.0),
        (year, school_b, "principals.objective_results", 0.0),
        (year, None, "principals.effectiveness_index", 48.75),
        (year, None, "principals.quality_rate", 62.5),
    ]
    for school_year, org, code, value in rows:
        IndicatorValue.objects.create(
            code=code,
            organization=org,
            org_code=org.code if org else "МО",
            school_year=school_year,
            value=value,
        )
    return year


def test_the_index_by_school_best_first_with_its_change(stored, specialist):
    page = index_page(viewer=specialist, school_year=stored)
    assert [r["org_code"] for r in page["schools"]] == ["0001", "0002"]
    first, second = page["schools"]
    assert first["change"] == pytest.approx(7.5)
    assert (first["quality"], first["objective"], first["categories"]) == (72.5, 1.0, 60.0)
    assert second["change"] is None
    assert second["categories"] is None
    assert page["flagged"] == 1
    assert page["municipality"]["index"] == pytest.approx(48.75)


def test_a_school_sees_its_own_row_and_the_municipality(stored, school_user, client):
    page = index_page(viewer=school_user, school_year=stored)
    assert [r["org_code"] for r in page["schools"]] == ["0001"]
    assert page["municipality"]["quality"] == pytest.approx(62.5)
    client.force_login(school_user)
    html = client.get("/principals/").content.decode()
    assert "77,5" in html
    assert "Гимназия № 2" not in html


def test_the_page_without_an_index_says_when_it_appears(db, specialist, client):
    client.force_login(specialist)
    html = client.get("/principals/").content.decode()
    assert "Индекс ещё не рассчитан" in html

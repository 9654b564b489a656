"""A direction's page lists its indicators with the municipality's values by year, the change read
by polarity and the organisations that miss the target; an indicator's page shows every
organisation the user may see. Values are stored ``IndicatorValue`` rows written here by hand."""

from __future__ import annotations

import pytest

from msoko.indicators.catalogue import CATALOGUE
from msoko.indicators.dynamics import Breakdown, direction_summaries, indicator_detail, misses, trend
from msoko.indicators.models import IndicatorValue
from tests import factories

SHARE = "talents.regional_stage_share"  # higher is better, target 25 (seed 001)


@pytest.fixture
def values(school_a, school_b):
    before = factories.SchoolYearFactory(name="2023/2024", start_year=2023)
    year = factories.SchoolYearFactory(name="2024/2025", start_year=2024)

    def add(code, org, school_year, value, **breakdown):
        IndicatorValue.objects.create(
            code=code,
            organization=org,
            org_code=org.code if org else "МО",
            school_year=school_year,
            value=value,
            **breakdown,
        )

    # МО 20 → 30: +10, better, meets 25. School A 40 → 10: −30, misses. School B 25 (= target: meets).
    add(SHARE, None, before, 20.0)
    add(SHARE, None, year, 30.0)
    add(SHARE, school_a, before, 40.0)
    add(SHARE, school_a, year, 10.0)
    add(SHARE, school_b, year, 25.0)
    # an assessment indicator: two municipal breakdowns, one school value in each
    for subject, grade, mo, a in (("Математика", 4, 90.0, 80.0), ("Русский язык", 5, 70.0, 60.0)):
        add("results.success_rate", None, year, mo, procedure="ВПР", subject=subject, grade=grade)
        add("results.success_rate", school_a, year, a, procedure="ВПР", subject=subject, grade=grade)
    return {"before": before, "year": year}


def _summary(direction, code, viewer):
    return next(s for s in direction_summaries(direction, viewer=viewer) if s.indicator.code == code)


def test_the_municipal_values_by_year_their_change_and_the_target(values, specialist):
    summary = _summary(3, SHARE, specialist)
    assert summary.years == [("2023/2024", 20.0), ("2024/2025", 30.0)]
    assert summary.change == pytest.approx(10.0)
    assert summary.trend == "better"
    assert summary.target == 25.0
    assert summary.meets_target is True
    assert (summary.missing_target, summary.organizations) == (1, 2)  # A at 10 misses; B at 25 meets


def test_assessment_indicators_count_their_breakdowns_instead_of_a_yearly_value(values, specialist):
    summary = _summary(1, "results.success_rate", specialist)
    assert summary.years == []
    assert summary.breakdowns == 2


def test_a_school_user_counts_only_its_own_school_against_the_target(values, school_user):
    summary = _summary(3, SHARE, school_user)
    assert (summary.missing_target, summary.organizations) == (1, 1)
    assert summary.years[-1] == ("2024/2025", 30.0)  # the municipality's values are everyone's


def test_polarity_decides_better_and_worse():
    higher = CATALOGUE.get(SHARE)
    lower = CATALOGUE.get("gia.fail_rate")
    assert (trend(higher, 2.0), trend(higher, -2.0), trend(higher, 0.0)) == ("better", "worse", "same")
    assert (trend(lower, 2.0), trend(lower, -2.0)) == ("worse", "better")
    assert trend(higher, None) == ""
    assert misses(higher, 24.9, 25.0)
    assert not misses(higher, 25.0, 25.0)
    assert misses(lower, 5.1, 5.0)
    assert not misses(lower, 4.0, 5.0)


def test_the_indicator_detail_of_one_year(values, specialist):
    detail = indicator_detail(CATALOGUE.get(SHARE), viewer=specialist)
    assert detail.years == ["2023/2024", "2024/2025"]
    assert detail.year == "2024/2025"
    rows = {r["org_code"]: r for r in detail.organizations.to_dicts()}
    assert rows["0001"]["change"] == pytest.approx(-30.0)
    assert rows["0001"]["trend"] == "worse"
    assert rows["0001"]["misses"] is True
    assert rows["0002"]["previous"] is None
    assert rows["0002"]["misses"] is False
    assert detail.organizations["org_code"].to_list() == ["0002", "0001"]  # best first
    assert detail.municipality == [("2023/2024", 20.0), ("2024/2025", 30.0)]


def test_the_indicator_detail_of_a_breakdown(values, specialist):
    item = CATALOGUE.get("results.success_rate")
    detail = indicator_detail(item, viewer=specialist, breakdown=Breakdown.from_key("ВПР|Русский язык|5"))
    assert [b.title for b in detail.breakdowns] == ["ВПР, Математика, 4 класс", "ВПР, Русский язык, 5 класс"]
    assert detail.breakdown == Breakdown("ВПР", "Русский язык", 5)
    assert detail.municipality == [("2024/2025", 70.0)]
    assert detail.organizations["value"].to_list() == [60.0]
    unknown = indicator_detail(item, viewer=specialist, breakdown=Breakdown.from_key("ОГЭ|Химия|9"))
    assert unknown.breakdown == Breakdown("ВПР", "Математика", 4)  # an unknown one falls back to the first


def test_the_direction_page_shows_the_table(values, client, specialist):
    client.force_login(specialist)
    page = client.get("/directions/talents/").content.decode()
    assert f'data-code="{SHARE}"' in page
    assert "+10" in page
    assert "1 из 2" in page
    assert "Раздел в разработке" not in page


def test_the_indicator_page_for_the_department_and_for_a_school(values, client, specialist, school_user):
    url = f"/directions/talents/indicators/{SHARE}/"
    client.force_login(specialist)
    page = client.get(url).content.decode()
    assert "0001" in page
    assert "0002" in page
    assert "chart-spec" in page
    client.force_login(school_user)
    page = client.get(url).content.decode()
    assert "0001" in page
    assert "Гимназия № 2" not in page


def test_an_indicator_of_another_direction_or_unknown_is_not_found(values, client, specialist):
    client.force_login(specialist)
    assert client.get(f"/directions/student-achievement/indicators/{SHARE}/").status_code == 404
    assert client.get("/directions/talents/indicators/talents.nothing/").status_code == 404


def test_an_indicator_without_values_says_where_they_come_from(db, client, specialist):
    client.force_login(specialist)
    page = client.get(
        "/directions/talents/indicators/talents.additional_education_coverage/"
    ).content.decode()
    assert "Значений пока нет" in page
    assert "формой мониторинга" in page

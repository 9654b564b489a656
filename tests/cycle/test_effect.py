"""The effect of a measure from stored indicator values: 3 targeted and 3 comparison schools,
the year before the measure against the year it ended, and the page that shows it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from msoko.analytics.effect import EFFECTIVE, NO_EFFECT, NOT_ENOUGH
from msoko.core.models import SchoolYear
from msoko.cycle import services
from msoko.cycle.effect import measure_effects
from msoko.cycle.models import MeasureKind
from msoko.indicators.models import IndicatorValue
from msoko.registry.models import OrganizationKind
from tests import factories

pytestmark = pytest.mark.django_db
CODE = "talents.regional_stage_share"  # higher is better, %
# (before = 2022/2023, after = 2023/2024) per school; targeted schools gain ~20 points,
# the comparison ones ~1: DiD = 21 − 2/3 ≈ 20,3, the interval far above zero
TREATED = {"T1": (10.0, 30.0), "T2": (12.0, 33.0), "T3": (14.0, 36.0)}
COMPARISON = {"C1": (10.0, 11.0), "C2": (12.0, 12.0), "C3": (14.0, 15.0)}


def _values(rows: dict[str, tuple[float, float]], orgs) -> None:
    before, after = SchoolYear.get_by_name("2022/2023"), SchoolYear.get_by_name("2023/2024")
    for code, (v0, v1) in rows.items():
        for year, value in ((before, v0), (after, v1)):
            IndicatorValue.objects.create(
                code=CODE, organization=orgs[code], org_code=code, school_year=year, value=value
            )


@pytest.fixture
def schools():
    orgs = {code: factories.OrganizationFactory(code=code) for code in [*TREATED, *COMPARISON]}
    # a kindergarten is no comparison for schools, whatever its values
    orgs["D1"] = factories.OrganizationFactory(code="D1", kind=OrganizationKind.PRESCHOOL)
    return orgs


def _measure(orgs, codes, *, expected=5.0, ends_on=dt.date(2024, 5, 31)):
    return services.create_measure(
        actor=None,
        title="Индивидуальная подготовка к региональному этапу",
        kind=MeasureKind.PROGRAMME,
        direction=3,
        organizations=[orgs[c] for c in codes],
        indicators={CODE: expected},
        starts_on=dt.date(2023, 10, 1),
        ends_on=ends_on,
        number="74",
        dated=dt.date(2023, 9, 20),
    )


def test_a_measure_that_moved_its_targets_is_effective(schools):
    _values(TREATED, schools)
    _values(COMPARISON, schools)
    _values({"D1": (50.0, 0.0)}, schools)

    [e] = measure_effects(_measure(schools, TREATED))

    assert (e.before_year, e.after_year) == ("2022/2023", "2023/2024")
    assert e.verdict == EFFECTIVE
    assert (e.effect.treated, e.effect.comparison) == (3, 3)  # D1, another kind, is left out
    assert e.effect.estimate == pytest.approx(21.0 - 2 / 3)
    assert e.effect.low > 0
    assert "<svg" in e.chart


def test_a_measure_whose_targets_moved_as_the_others_had_no_effect(schools):
    _values({"T1": (10.0, 11.0), "T2": (12.0, 12.0), "T3": (14.0, 15.0)}, schools)
    _values({"C1": (10.0, 11.0), "C2": (12.0, 13.0), "C3": (14.0, 14.0)}, schools)

    [e] = measure_effects(_measure(schools, TREATED, expected=None))

    assert e.verdict == NO_EFFECT


def test_two_targeted_schools_are_not_enough_to_tell(schools):
    _values(TREATED, schools)
    _values(COMPARISON, schools)

    [e] = measure_effects(_measure(schools, ["T1", "T2"]))

    # T3 joins the comparison group: 2 targeted against 4
    assert (e.verdict, e.effect.treated, e.effect.comparison) == (NOT_ENOUGH, 2, 4)
    assert e.effect.low is None


def test_a_measure_still_running_shows_no_effect_yet(schools):
    _values(TREATED, schools)

    [e] = measure_effects(_measure(schools, TREATED, ends_on=dt.date(2024, 5, 31)), today=dt.date(2024, 5, 1))

    assert e.effect is None
    assert e.note == "мера идёт до 31.05.2024"


def test_the_measure_page_shows_the_verdict_and_its_chart(client, specialist, schools):
    _values(TREATED, schools)
    _values(COMPARISON, schools)
    measure = _measure(schools, TREATED)
    client.force_login(specialist)

    page = client.get(reverse("cycle:measure", args=[measure.pk])).content.decode()

    assert "приказ от 20.09.2023 № 74" in page
    assert '<span class="badge badge-success">эффективна</span>' in page
    assert "Мера эффективна" in page
    assert 'class="chart-spec"' in page


def test_a_school_sees_the_measures_that_target_it_only(client, schools):
    _values(TREATED, schools)
    measure = _measure(schools, TREATED)
    targeted = factories.UserFactory(username="t1", role="school", organization=schools["T1"])
    outside = factories.UserFactory(username="c1", role="school", organization=schools["C1"])

    client.force_login(targeted)
    assert client.get(reverse("cycle:measure", args=[measure.pk])).status_code == 200
    client.force_login(outside)
    assert client.get(reverse("cycle:measure", args=[measure.pk])).status_code == 404
    assert list(client.get(reverse("cycle:measures")).context["rows"]) == []

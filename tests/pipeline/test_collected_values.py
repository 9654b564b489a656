"""Values schools report through the `monitoring` import become indicator values in the
recompute, with the municipality's figure by unit."""

from __future__ import annotations

import pytest

from msoko.indicators.models import IndicatorValue
from msoko.indicators.services import import_monitoring
from msoko.pipeline.runs import recompute_now
from tests import factories

FILE = (
    "Код ОО;Показатель;Учебный год;Значение\n"
    "0001;teachers.vacancies;2024/2025;2\n"
    "0002;teachers.vacancies;2024/2025;3\n"
    "0001;principals.staffing_share;2024/2025;90\n"
    "0002;principals.staffing_share;2024/2025;100\n"
    "0001;principals.pd_completed;2024/2025;да\n"
    "0201;preschool.sick_days_per_child;2024/2025;10\n"
    "0202;preschool.sick_days_per_child;2024/2025;14\n"
)


@pytest.fixture
def reported(school_a, school_b):
    for code in ("0201", "0202"):
        factories.OrganizationFactory(code=code, kind="preschool")
    report = import_monitoring(content=FILE.encode(), filename="m.csv", actor=None)
    assert report.created == 7
    recompute_now(school_year=None, reason="тест")


def _values(code):
    return dict(IndicatorValue.objects.filter(code=code).values_list("org_code", "value"))


def test_reported_values_become_indicator_values_with_the_municipal_figure(reported):
    assert _values("teachers.vacancies") == {"0001": 2.0, "0002": 3.0, "МО": 5.0}  # counts add up
    assert _values("principals.staffing_share") == {"0001": 90.0, "0002": 100.0, "МО": 95.0}  # mean
    assert _values("principals.pd_completed") == {"0001": 1.0}  # yes/no: no municipal figure
    # a per-child figure averages although its unit is «число»: (10 + 14) / 2
    assert _values("preschool.sick_days_per_child") == {"0201": 10.0, "0202": 14.0, "МО": 12.0}

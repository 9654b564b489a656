"""A running campaign of three indicators (a percentage, a count, a flag) for two schools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from msoko.collection.campaigns import services
from tests import factories

COVERAGE = "talents.additional_education_coverage"  # %
VACANCIES = "teachers.vacancies"  # чел.
PD_DONE = "principals.pd_completed"  # да/нет
CODES = [COVERAGE, VACANCIES, PD_DONE]


def days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


@pytest.fixture
def year(db):
    return factories.SchoolYearFactory(name="2024/2025", start_year=2024)


@pytest.fixture
def other_school_user(school_b):
    return factories.UserFactory(username="school2", role="school", organization=school_b)


@pytest.fixture
def campaign(year, school_a, school_b, specialist):
    return services.create_campaign(
        actor=specialist,
        title="Дополнительное образование и кадры",
        school_year=year,
        starts_on=days(-5),
        deadline=days(5),
        ends_on=days(20),
        indicator_codes=CODES,
        kinds=["school"],
    )


@pytest.fixture
def form_a(campaign, school_a):
    return campaign.submissions.get(organization=school_a)


@pytest.fixture
def form_b(campaign, school_b):
    return campaign.submissions.get(organization=school_b)

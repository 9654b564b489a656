"""Findings survive recomputes: opened by a missed target, closed with the date when the
condition no longer holds, reopened — the same row — when it comes back."""

from __future__ import annotations

import polars as pl
import pytest
from django.utils import timezone

from msoko.core.models import AuditEvent
from msoko.cycle.findings import missed_targets, raised_flags
from msoko.cycle.models import Finding, Source
from tests.cycle.conftest import PROTOCOL, WITH_O3_REGIONAL, drop_regional, load, recompute

pytestmark = pytest.mark.django_db
CODE = "talents.regional_stage_share"


def test_a_missed_target_becomes_a_finding_of_that_school(olympiad_year):
    findings = list(Finding.objects.filter(code=CODE))

    assert [(f.org_code, f.source, f.direction) for f in findings] == [("0002", Source.INDICATOR, 3)]
    finding = findings[0]
    assert finding.organization.code == "0002"
    assert finding.school_year == olympiad_year
    assert (finding.value, finding.target) == (0.0, 25.0)
    assert finding.evidence == "значение 0 % при цели 25 %"
    assert finding.opened_on == timezone.localdate()
    assert finding.closed_on is None


def test_a_finding_survives_a_recompute_closes_and_reopens_as_the_same_row(olympiad_year):
    first = Finding.objects.get(code=CODE, org_code="0002")

    # given the same data, a second recompute keeps the row as it is
    recompute(olympiad_year)
    assert list(Finding.objects.filter(code=CODE).values_list("pk", "closed_on")) == [(first.pk, None)]

    # when O3 of 0002 took part in the regional stage, the condition no longer holds
    load(WITH_O3_REGIONAL)
    recompute(olympiad_year)
    closed = Finding.objects.get(code=CODE, org_code="0002")
    assert closed.pk == first.pk
    assert closed.closed_on == timezone.localdate()
    assert Finding.objects.filter(code=CODE).count() == 1

    # when the regional participation is removed again, the same finding reopens
    drop_regional("0002")
    recompute(olympiad_year)
    reopened = Finding.objects.get(code=CODE, org_code="0002")
    assert reopened.pk == first.pk
    assert reopened.closed_on is None
    assert reopened.opened_on == first.opened_on
    summaries = list(
        AuditEvent.objects.filter(summary__startswith="Управленческий цикл: выводы").values_list(
            "summary", flat=True
        )
    )
    assert any("снято 1" in s for s in summaries)
    assert any("возобновлено 1" in s for s in summaries)


def test_the_municipality_missing_a_target_is_a_finding_of_the_department(school_a, school_b):
    # only 0002's pupil is awarded and none reached the regional stage: the municipality misses 25 %
    year = load(
        PROTOCOL.replace("0001;O1;9;40;победитель", "0001;O1;9;40;участник").replace(
            "0001;O1;9;30;призёр", "0001;O1;9;30;участник"
        )
    )

    recompute(year)

    municipal = Finding.objects.get(code=CODE, org_code="МО")
    assert municipal.organization is None
    assert municipal.where == "муниципалитет в целом"


def test_values_of_a_procedure_and_neutral_indicators_are_no_findings():
    values = pl.DataFrame(
        {
            "code": [CODE, CODE, "results.participants", "no.such"],
            "org_code": ["0001", "0002", "0003", "0004"],
            "procedure": ["", "ВПР", None, None],
            "subject": [None, None, None, None],
            "grade": [None, None, None, None],
            "value": [10.0, 10.0, 1.0, 1.0],
        },
        schema_overrides={"grade": pl.Int64, "subject": pl.String},
    )

    found = missed_targets(values, school_year="2024/2025")

    # 0002's value is of one procedure; results.participants is neutral; no.such is not catalogued
    assert [(c.org_code, c.code, c.value, c.target) for c in found] == [("0001", CODE, 10.0, 25.0)]


def test_a_praising_flag_is_no_finding():
    flags = pl.DataFrame(
        {"org_code": ["0001", "0002"], "flag": ["resilient", "low_results"], "level": [1, 2]}
    )

    found = raised_flags(flags)

    assert [(c.org_code, c.code, c.direction, c.level) for c in found] == [("0002", "low_results", 2, 2)]

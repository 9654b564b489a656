"""A small municipality for the cycle: two schools and an olympiad whose regional stage share
misses its target of 25 % in one of them (talents.regional_stage_share)."""

from __future__ import annotations

import pytest

from msoko.assessments.models import OlympiadResult, ProcedureKind
from msoko.assessments.services import import_olympiad
from msoko.core.models import SchoolYear
from msoko.pipeline.runs import recompute_now

# municipal stage: 0001 — O1 winner, O2 participant (maths), O1 prize-winner (physics);
# 0002 — O3 prize-winner (maths). Regional stage: O1 only.
# 0001: 2 awarded pairs, 1 at the regional stage → 50 %; 0002: 1 awarded, 0 → 0 % < 25 %;
# МО: 3 awarded, 1 → 33,3 % ≥ 25 %: one finding, on 0002.
PROTOCOL = """Этап;Предмет;Код ОО;Код участника;Класс;Баллы;Статус
муниципальный;Математика;0001;O1;9;40;победитель
муниципальный;Математика;0001;O2;9;10;участник
муниципальный;Физика;0001;O1;9;30;призёр
муниципальный;Математика;0002;O3;9;30;призёр
региональный;Математика;0001;O1;9;20;участник
"""
#: the same with O3 of 0002 at the regional stage: 0002 reaches 100 %
WITH_O3_REGIONAL = PROTOCOL + "региональный;Математика;0002;O3;9;15;участник\n"
YEAR = "2024/2025"


def load(content: str) -> SchoolYear:
    year = SchoolYear.get_by_name(YEAR)
    import_olympiad(content=content.encode(), filename="o.csv", school_year=year, actor=None)
    return year


def recompute(year: SchoolYear) -> None:
    recompute_now(school_year=year, reason="тест")


def drop_regional(org_code: str) -> None:
    OlympiadResult.objects.filter(
        organization__code=org_code, procedure__kind=ProcedureKind.OLYMPIAD_REGIONAL
    ).delete()


@pytest.fixture
def olympiad_year(school_a, school_b) -> SchoolYear:
    year = load(PROTOCOL)
    recompute(year)
    return year

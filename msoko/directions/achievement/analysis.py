"""The entry point of the pages: every report of one page from one read of the results.

Reads once (``selectors.py``), stacks the frames (``frames.py``), picks the unit the page is
about and the units it is compared with, and lets ``sections.py`` build the sections.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from msoko.analytics.achievement import MUNICIPALITY, present
from msoko.analytics.cohorts import student_cohort
from msoko.analytics.columns import C
from msoko.directions.achievement.frames import (
    KEYS,
    NAME,
    ORDER,
    UNIT,
    lines_frame,
    statuses_frame,
    units_frame,
)
from msoko.directions.achievement.page import Analysis, Level, NotVisible
from msoko.directions.achievement.sections import Builder
from msoko.directions.achievement.selectors import procedure_data_for


def analysis_for(
    *,
    pk: int,
    viewer: Any,
    level: Level = "procedure",
    org_code: str | None = None,
    class_name: str | None = None,
) -> Analysis:
    """Every report of a page. Raises ``Procedure.DoesNotExist`` (no such procedure or no
    scheme) and :class:`NotVisible` (the school or class has no results the user may see)."""
    data = procedure_data_for(pk=pk, viewer=viewer)
    if level != "procedure":
        school = data.results.filter(pl.col(C.ORG_CODE) == org_code)
        if level == "class":
            school = school.filter(pl.col(C.CLASS_NAME) == class_name)
        if present(school).is_empty():
            raise NotVisible(org_code)
    units = units_frame(data, level=level, org_code=org_code, class_name=class_name)
    lines = lines_frame(units, data)
    if data.previous_results is not None:
        cohorts = student_cohort(
            units, data.previous_results, by=KEYS, max_score=data.max_score, previous_max=data.previous_max
        )
        lines = lines.join(cohorts, on=KEYS, how="left")
    statuses = statuses_frame(units, data)
    focus_order = {"procedure": 0 if data.sees_all else 1, "school": 1, "class": 2}[level]
    shown = lines.filter(
        pl.col(ORDER) == focus_order if level == "procedure" else pl.col(ORDER) <= focus_order
    )
    computed = set(statuses[UNIT].unique().to_list())
    compare = [unit for unit in shown[UNIT].to_list() if unit in computed]
    focus_unit = compare[-1] if compare else MUNICIPALITY
    org_name = None if level == "procedure" else lines.filter(pl.col(ORDER) == 1)[NAME][0]
    builder = Builder(data=data, level=level, units=units, lines=lines, statuses=statuses)
    sections = builder.sections(focus_unit=focus_unit, compare=compare)
    return Analysis(
        procedure=data.procedure,
        level=level,
        org_code=org_code,
        org_name=org_name,
        class_name=class_name,
        summary=lines.filter(pl.col(UNIT) == focus_unit),
        sections=sections,
        sees_all=data.sees_all,
        data=data,
    )

"""What an achievement page is made of: the sections, the analysis and the «not visible» error.

Kept apart from the code that fills them so that the frames, the sections and the entry point
can all name these types without importing one another.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import altair as alt
import polars as pl

from msoko.assessments.models import Procedure
from msoko.reports import Table, charts

Level = Literal["procedure", "school", "class"]


class NotVisible(Exception):
    """The school or class has no results the user may see (a 404 for the pages)."""


@dataclass
class Section:
    anchor: str
    title: str
    tables: list[Table]
    chart_specs: list[alt.TopLevelMixin] = field(default_factory=list)
    note: str = ""

    @property
    def charts(self) -> list[str]:
        """Inline SVG, rendered only when a page (not a download) asks for it."""
        return [charts.render_html(spec) for spec in self.chart_specs]


@dataclass
class Analysis:
    procedure: Procedure
    level: Level
    org_code: str | None
    org_name: str | None
    class_name: str | None
    summary: pl.DataFrame  # the focus unit's line of `lines_frame`
    sections: list[Section]
    sees_all: bool
    #: the one read behind the page (the documents count the absent and the previous year from it)
    data: Any = None

    def table(self, name: str) -> Table | None:
        return next((t for s in self.sections for t in s.tables if t.name == name), None)

    @property
    def focus(self) -> dict[str, Any]:
        return self.summary.row(0, named=True) if self.summary.height else {}

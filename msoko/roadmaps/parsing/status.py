"""The status rule (docs/methodology.md#roadmaps): «просрочено» is never set by hand.

An activity not done whose period has a deadline before ``today`` is overdue; a recurrence,
«постоянно» without dates, «по мере необходимости» and «по графику» never become overdue by
themselves (their dates are not written in the plan).
"""

from __future__ import annotations

import datetime as dt

from msoko.roadmaps.parsing.periods import Period, deadline

PLANNED, IN_PROGRESS, DONE, OVERDUE = "planned", "in_progress", "done", "overdue"
STATUS_TITLES = {
    PLANNED: "запланировано",
    IN_PROGRESS: "в работе",
    DONE: "выполнено",
    OVERDUE: "просрочено",
}


def effective_status(status: str, period: Period, *, today: dt.date) -> str:
    """The stored status, or OVERDUE when it is not DONE and the deadline is behind ``today``."""
    end = deadline(period)
    if status != DONE and end is not None and end < today:
        return OVERDUE
    return status

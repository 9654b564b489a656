"""The «Срок» of an activity as the documents write it, read into a structured period.

Pure: no Django, no clock. ``today`` is always a parameter (docs/methodology.md#roadmaps).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from enum import StrEnum


class PeriodKind(StrEnum):
    DATE = "date"  # one day or one month of a given year: «до 01.09.2021», «Апрель 2021г.»
    RANGE = "range"  # several months or years: «май-июнь 2022», «2021-2025 гг.»
    RECURRENCE = "recurrence"  # «ежегодно (август)», «ежеквартально», «1 раз в четверть», «август»
    CONTINUOUS = "continuous"  # «постоянно», «в течение года», «в течение учебного года»
    ON_DEMAND = "on_demand"  # «по мере необходимости», «по итогам выявления», «по результатам ГИА»
    BY_SCHEDULE = "by_schedule"  # «в соответствии с графиком проведения», «по плану работы»

    @property
    def title(self) -> str:
        return KIND_TITLES[self]


KIND_TITLES = {
    PeriodKind.DATE: "дата",
    PeriodKind.RANGE: "период",
    PeriodKind.RECURRENCE: "повторяется",
    PeriodKind.CONTINUOUS: "постоянно",
    PeriodKind.ON_DEMAND: "по мере необходимости",
    PeriodKind.BY_SCHEDULE: "по графику",
}


class Every(StrEnum):
    """How often a recurring activity comes back."""

    YEAR = "year"
    HALF_YEAR = "half_year"
    QUARTER = "quarter"  # a calendar quarter («ежеквартально»)
    TERM = "term"  # a school quarter («1 раз в четверть»)
    MONTH = "month"
    WEEK = "week"


@dataclass(frozen=True)
class Period:
    """What «Срок» says. ``text`` is kept as written; the rest is what could be read from it.

    ``start``/``end``: the first and last day it covers (``end`` alone: a deadline «до …»).
    ``months``: the months named (for a recurrence, the months of each cycle).
    ``every``/``interval``: a recurrence («1 раз в 3 года» is YEAR, 3).
    ``kind`` is None when the text is empty or says nothing this reader understands.
    """

    text: str
    kind: PeriodKind | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    months: tuple[int, ...] = ()
    every: Every | None = None
    interval: int = 1


MONTH_STEMS = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма[йя]", 5),
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
)
_MONTH = re.compile(r"(?<![а-яё])(" + "|".join(stem for stem, _ in MONTH_STEMS) + r")[а-яё]*", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(20\d{2}|19\d{2})(?!\d)")
_DATE = re.compile(r"(?<!\d)(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})(?!\d)")
_SCHOOL_YEAR = re.compile(r"(?<!\d)(20\d{2})\s*[-–—/]\s*(20\d{2}|\d{2})\s*учебн", re.IGNORECASE)
_DEADLINE = re.compile(r"(?<![а-яё])(до|не позднее|не позже)\s", re.IGNORECASE)
_CONTINUOUS = re.compile(r"постоянно|в течение|весь период|в период реализации", re.IGNORECASE)
_ON_DEMAND = re.compile(
    r"по мере|необходимост|потребност|по итогам|по результатам|по запросу|по факту", re.IGNORECASE
)
_SCHEDULE = re.compile(r"график|план|по отдельному|в сроки|в соответствии", re.IGNORECASE)
#: «ежегодно» and its kin as adverbs (not «ежегодным планом»), and «N раз в …»
_RECURRENCE = (
    (re.compile(r"ежегодно(?![а-яё])|каждый год", re.IGNORECASE), Every.YEAR, 1),
    (re.compile(r"ежеквартально(?![а-яё])|раз в квартал", re.IGNORECASE), Every.QUARTER, 1),
    (re.compile(r"ежемесячно(?![а-яё])|раз в месяц", re.IGNORECASE), Every.MONTH, 1),
    (re.compile(r"еженедельно(?![а-яё])|раз в неделю", re.IGNORECASE), Every.WEEK, 1),
    (re.compile(r"раз в четверть|по четвертям", re.IGNORECASE), Every.TERM, 1),
    (re.compile(r"раз в полугодие|раз в полгода|по полугодиям", re.IGNORECASE), Every.HALF_YEAR, 1),
)
_EVERY_N_YEARS = re.compile(r"раз в (\d+)\s*(года|лет)", re.IGNORECASE)
_ONCE_A_YEAR = re.compile(r"раз в год(?![а-яё])", re.IGNORECASE)


def parse_period(text: str) -> Period:
    """Read «Срок» as written into a :class:`Period` (docs/methodology.md#roadmaps).

    The checks go from the most specific wording to the least: a recurrence word wins over the
    months it names («ежегодно (август)»), «постоянно»/«в течение» over the dates beside it,
    and an event («по итогам …», «по результатам ГИА-2022») over a year inside its name.
    Months without a year are read as a yearly recurrence in those months: plans run for
    several years and «август» there means every August.
    """
    written = " ".join((text or "").split())
    if not written:
        return Period(text="")
    months = _months(written)
    start, end = _span(written)
    recurrence = _recurrence(written)
    if _CONTINUOUS.search(written) and not recurrence:
        return Period(written, PeriodKind.CONTINUOUS, start=start, end=end, months=months)
    if recurrence is not None:
        every, interval = recurrence
        return Period(written, PeriodKind.RECURRENCE, months=months, every=every, interval=interval)
    if _ON_DEMAND.search(written):
        return Period(written, PeriodKind.ON_DEMAND)
    deadline = _DEADLINE.search(written)
    if deadline and end is not None:
        return Period(written, PeriodKind.DATE, end=end, months=months)
    if start is not None and end is not None:
        single = start == end or (len(months) == 1 and start.year == end.year and start.month == end.month)
        kind = PeriodKind.DATE if single else PeriodKind.RANGE
        return Period(written, kind, start=start, end=end, months=months)
    if months:
        return Period(written, PeriodKind.RECURRENCE, months=months, every=Every.YEAR)
    if _SCHEDULE.search(written):
        return Period(written, PeriodKind.BY_SCHEDULE)
    return Period(written)


def _recurrence(text: str) -> tuple[Every, int] | None:
    if match := _EVERY_N_YEARS.search(text):
        return Every.YEAR, int(match.group(1))
    if _ONCE_A_YEAR.search(text):
        return Every.YEAR, 1
    for pattern, every, interval in _RECURRENCE:
        if pattern.search(text):
            return every, interval
    return None


def _month_number(word: str) -> int:
    lowered = word.lower()
    for stem, number in MONTH_STEMS:
        if re.match(stem, lowered):
            return number
    raise ValueError(word)


def _months(text: str) -> tuple[int, ...]:
    """The months named, with the ones inside a span «июнь-сентябрь» filled in, in order."""
    found: list[int] = []
    matches = list(_MONTH.finditer(text))
    for index, match in enumerate(matches):
        number = _month_number(match.group(1))
        if index and re.fullmatch(r"\s*[-–—]\s*", text[matches[index - 1].end() : match.start()]):
            previous = found[-1]
            span = range(previous + 1, number + 1) if number > previous else range(previous + 1, 13)
            found.extend(span)
            if number < previous:
                found.extend(range(1, number + 1))
        else:
            found.append(number)
    return tuple(dict.fromkeys(found))


def _span(text: str) -> tuple[dt.date | None, dt.date | None]:
    """The first and last day the text names: dates, months of a year, a school year or years."""
    days: list[dt.date] = []
    for match in _DATE.finditer(text):
        day, month, year = int(match.group(1)), int(match.group(2)), int(match.group(3))
        year = year + 2000 if year < 100 else year
        try:
            days.append(dt.date(year, month, day))
        except ValueError:
            continue
    if days:
        return min(days), max(days)
    if school := _SCHOOL_YEAR.search(text):
        first = int(school.group(1))
        return dt.date(first, 9, 1), dt.date(first + 1, 8, 31)
    without_dates = _DATE.sub(" ", text)
    years = [(m.start(), int(m.group(1))) for m in _YEAR.finditer(without_dates)]
    if not years:
        return None, None
    month_matches = list(_MONTH.finditer(without_dates))
    if not month_matches:
        first, last = min(y for _, y in years), max(y for _, y in years)
        return dt.date(first, 1, 1), dt.date(last, 12, 31)
    # each month belongs to the first year written after it, else to the last one before it
    dated: list[tuple[int, int]] = []
    months = _months(without_dates)
    positions = [m.start() for m in month_matches]
    for index, month in enumerate(months):
        position = positions[min(index, len(positions) - 1)]
        after = [y for at, y in years if at > position]
        before = [y for at, y in years if at < position]
        dated.append((after[0] if after else before[-1], month))
    first_year, first_month = min(dated)
    last_year, last_month = max(dated)
    last_day = calendar.monthrange(last_year, last_month)[1]
    return dt.date(first_year, first_month, 1), dt.date(last_year, last_month, last_day)


def deadline(period: Period) -> dt.date | None:
    """The day after which an unfinished activity is overdue; None for a period that never
    ends by itself (a recurrence, «постоянно» without dates, «по мере необходимости», «по
    графику»)."""
    if period.kind in (PeriodKind.DATE, PeriodKind.RANGE):
        return period.end
    if period.kind is PeriodKind.CONTINUOUS and not period.months:
        # «в течение 2020-2021 учебного года» ends; «октябрь-ноябрь 2020, затем в течение
        # учебного года» goes on after the months it names
        return period.end
    return None


def next_due(period: Period, *, today: dt.date) -> dt.date | None:
    """The next day by which the activity is due, on or after ``today``: the end of a date or
    range, the end of the next named month of a recurrence, the end of the current quarter,
    month or school term. None when nothing is due (past, continuous, on demand, by schedule)."""
    end = deadline(period)
    if end is not None:
        return end if end >= today else None
    if period.kind is not PeriodKind.RECURRENCE:
        return None
    if period.months:
        candidates = [
            _month_end(year, month) for year in (today.year, today.year + 1) for month in period.months
        ]
        return min(day for day in candidates if day >= today)
    if period.every is Every.MONTH:
        return _month_end(today.year, today.month)
    if period.every in (Every.QUARTER, Every.TERM):
        return _month_end(today.year, ((today.month - 1) // 3 + 1) * 3)
    if period.every is Every.HALF_YEAR:
        return _month_end(today.year, 6 if today.month <= 6 else 12)
    if period.every is Every.WEEK:
        return today + dt.timedelta(days=6 - today.weekday())
    return None


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])

"""«Срок» as written in the seed orders → a structured period; the status rule."""

from __future__ import annotations

import datetime as dt

import pytest

from msoko.roadmaps.parsing import Every, PeriodKind, deadline, next_due, parse_period
from msoko.roadmaps.parsing.status import DONE, IN_PROGRESS, OVERDUE, PLANNED, effective_status

D = dt.date
K = PeriodKind


@pytest.mark.parametrize(
    ("_case", "text", "kind", "start", "end", "months"),
    [
        ("month of a year", "Апрель 2021г.", K.DATE, D(2021, 4, 1), D(2021, 4, 30), (4,)),
        ("month, comma, year", "Июнь, 2021 г.", K.DATE, D(2021, 6, 1), D(2021, 6, 30), (6,)),
        ("month, doubled space", "Декабрь  2020", K.DATE, D(2020, 12, 1), D(2020, 12, 31), (12,)),
        ("month года", "Февраль 2021 года", K.DATE, D(2021, 2, 1), D(2021, 2, 28), (2,)),
        ("deadline", "до 01.09.2021", K.DATE, None, D(2021, 9, 1), ()),
        ("deadline г.", "до 01.11.2023г.", K.DATE, None, D(2023, 11, 1), ()),
        ("deadline capital", "До 01.08.2021", K.DATE, None, D(2021, 8, 1), ()),
        ("years", "2021-2025 гг.", K.RANGE, D(2021, 1, 1), D(2025, 12, 31), ()),
        ("months span", "май-июнь 2022", K.RANGE, D(2022, 5, 1), D(2022, 6, 30), (5, 6)),
        ("months listed", "Январь, июль 2021 года", K.RANGE, D(2021, 1, 1), D(2021, 7, 31), (1, 7)),
        (
            "two spans",
            "Январь-февраль сентябрь-октябрь 2021 года",
            K.RANGE,
            D(2021, 1, 1),
            D(2021, 10, 31),
            (1, 2, 9, 10),
        ),
        ("span г.", "январь-февраль 2024г.", K.RANGE, D(2024, 1, 1), D(2024, 2, 29), (1, 2)),
        ("list г.", "январь, май 2024 г.", K.RANGE, D(2024, 1, 1), D(2024, 5, 31), (1, 5)),
        (
            "cells of months",
            "Январь 2021 года Февраль 2021 года Март 2021 года",
            K.RANGE,
            D(2021, 1, 1),
            D(2021, 3, 31),
            (1, 2, 3),
        ),
    ],
)
def test_dated_periods_of_the_seeds(_case, text, kind, start, end, months):
    period = parse_period(text)

    assert (period.kind, period.start, period.end, period.months) == (kind, start, end, months)
    assert period.text == " ".join(text.split())


@pytest.mark.parametrize(
    ("_case", "text", "every", "interval", "months"),
    [
        ("yearly", "Ежегодно", Every.YEAR, 1, ()),
        ("yearly in August", "ежегодно (август)", Every.YEAR, 1, (8,)),
        ("yearly, months span", "ежегодно (август-сентябрь)", Every.YEAR, 1, (8, 9)),
        ("yearly, listed", "ежегодно (январь, март, июнь, ноябрь)", Every.YEAR, 1, (1, 3, 6, 11)),
        ("yearly, comma", "ежегодно, май-июнь", Every.YEAR, 1, (5, 6)),
        ("yearly in brackets", "(ежегодно) ноябрь-декабрь", Every.YEAR, 1, (11, 12)),
        ("yearly by schedule", "Ежегодно в соответствии с графиком проведения", Every.YEAR, 1, ()),
        ("quarterly", "ежеквартально", Every.QUARTER, 1, ()),
        ("monthly", "ежемесячно", Every.MONTH, 1, ()),
        ("every 3 years", "1 раз в 3 года", Every.YEAR, 3, ()),
        ("school term", "1 раз в четверть", Every.TERM, 1, ()),
        ("a month, no year", "август", Every.YEAR, 1, (8,)),
        ("months, no year", "Август, октябрь", Every.YEAR, 1, (8, 10)),
        ("span, no year", "июнь-август", Every.YEAR, 1, (6, 7, 8)),
    ],
)
def test_recurrences_of_the_seeds(_case, text, every, interval, months):
    period = parse_period(text)

    assert (period.kind, period.every, period.interval, period.months) == (
        K.RECURRENCE,
        every,
        interval,
        months,
    )


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("постоянно", K.CONTINUOUS),
        ("Постоянно", K.CONTINUOUS),
        ("в течение года", K.CONTINUOUS),
        ("В течение учебного года", K.CONTINUOUS),
        ("Сентябрь, в течение года", K.CONTINUOUS),
        ("в течение года в соответствии с ежегодным планом повышения квалификации", K.CONTINUOUS),
        ("октябрь-ноябрь 2020г., затем в течение учебного года", K.CONTINUOUS),
        ("по мере необходимости", K.ON_DEMAND),
        ("потребности", K.ON_DEMAND),
        ("по итогам выявления", K.ON_DEMAND),
        ("по результатам ГИА-2022", K.ON_DEMAND),
        ("в соответствии с графиком проведения", K.BY_SCHEDULE),
        ("соответствии с графиком проведения", K.BY_SCHEDULE),
        ("по графику", K.BY_SCHEDULE),
        ("по отдельному графику", K.BY_SCHEDULE),
        ("в соответствии с планами РМО", K.BY_SCHEDULE),
        ("В соответствии с планом работы управления образования", K.BY_SCHEDULE),
        ("в соответствии с планом мероприятий", K.BY_SCHEDULE),
        ("По плану боты управления образования", K.BY_SCHEDULE),
    ],
)
def test_undated_periods_of_the_seeds(text, kind):
    assert parse_period(text).kind == kind


def test_a_school_year_gives_the_continuous_period_its_end():
    period = parse_period("В течение 2020-2021 учебного года (по индивидуальным планам работы)")

    assert (period.kind, period.start, period.end) == (K.CONTINUOUS, D(2020, 9, 1), D(2021, 8, 31))
    assert deadline(period) == D(2021, 8, 31)


def test_empty_and_unknown_texts_have_no_kind():
    assert parse_period("").kind is None
    assert parse_period("  ").text == ""
    assert parse_period("когда-нибудь").kind is None


@pytest.mark.parametrize(
    ("_case", "text", "stored", "today", "expected"),
    [
        ("past deadline, planned", "до 01.09.2021", PLANNED, D(2021, 9, 2), OVERDUE),
        ("past deadline, in progress", "Апрель 2021г.", IN_PROGRESS, D(2021, 5, 1), OVERDUE),
        ("on the deadline day", "до 01.09.2021", PLANNED, D(2021, 9, 1), PLANNED),
        ("done is never overdue", "до 01.09.2021", DONE, D(2030, 1, 1), DONE),
        ("a range ends on its last day", "май-июнь 2022", PLANNED, D(2022, 6, 30), PLANNED),
        ("after the range", "май-июнь 2022", PLANNED, D(2022, 7, 1), OVERDUE),
        ("recurrence never", "ежегодно (август)", PLANNED, D(2030, 1, 1), PLANNED),
        ("continuous never", "постоянно", PLANNED, D(2030, 1, 1), PLANNED),
        ("on demand never", "по мере необходимости", PLANNED, D(2030, 1, 1), PLANNED),
        ("by schedule never", "по графику", IN_PROGRESS, D(2030, 1, 1), IN_PROGRESS),
        (
            "continuous after its months",
            "октябрь-ноябрь 2020г., затем в течение учебного года",
            PLANNED,
            D(2021, 1, 1),
            PLANNED,
        ),
    ],
)
def test_overdue_derives_from_the_period_and_today(_case, text, stored, today, expected):
    assert effective_status(stored, parse_period(text), today=today) == expected


def test_next_due_of_a_yearly_recurrence_is_the_next_named_month():
    period = parse_period("ежегодно (август)")

    assert next_due(period, today=D(2025, 3, 10)) == D(2025, 8, 31)
    assert next_due(period, today=D(2025, 9, 1)) == D(2026, 8, 31)


def test_next_due_of_quarterly_is_the_end_of_the_quarter():
    assert next_due(parse_period("ежеквартально"), today=D(2025, 5, 3)) == D(2025, 6, 30)


def test_nothing_is_due_for_a_past_date_or_a_continuous_activity():
    assert next_due(parse_period("до 01.09.2021"), today=D(2022, 1, 1)) is None
    assert next_due(parse_period("постоянно"), today=D(2022, 1, 1)) is None

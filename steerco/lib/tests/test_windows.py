from datetime import date, timedelta
from itertools import pairwise

import pytest

from steerco.lib.periods import Period, PeriodKind
from steerco.lib.windows import CALENDAR, ReportingWindow, WindowError

HANOI = ReportingWindow.parse("15/12")


def days(period, window=HANOI):
    span = window.span(period)
    return span.start, span.end


def test_calendar_is_the_period_itself():
    for code in ("2023-H1", "2023-Q4", "2023", "2023-02", "2020-2025"):
        p = Period.parse(code)
        assert days(code, CALENDAR) == (p.start, p.end)
    assert CALENDAR.is_calendar and not HANOI.is_calendar


def test_half_years_from_15_december():
    assert days("2023-H1") == (date(2022, 12, 15), date(2023, 6, 14))
    assert days("2023-H2") == (date(2023, 6, 15), date(2023, 12, 14))


def test_quarters_years_terms_and_months():
    assert days("2023-Q1") == (date(2022, 12, 15), date(2023, 3, 14))
    assert days("2023-Q4") == (date(2023, 9, 15), date(2023, 12, 14))
    assert days("2023") == (date(2022, 12, 15), date(2023, 12, 14))
    assert days("2020-2025") == (date(2019, 12, 15), date(2025, 12, 14))
    assert days("2024-03") == (date(2024, 2, 15), date(2024, 3, 14))


def test_a_window_after_the_calendar():
    later = ReportingWindow.parse("1/2")
    assert later.offset == 1
    assert days("2023-H2", later) == (date(2023, 8, 1), date(2024, 1, 31))
    assert days("2024-Q1", later) == (date(2024, 2, 1), date(2024, 4, 30))


def test_parts_tile_the_whole_without_gap_or_overlap():
    for window in (HANOI, ReportingWindow.parse("1/2"), ReportingWindow.parse("20/11"), CALENDAR):
        for whole, kind in (("2023", PeriodKind.QUARTER), ("2023", PeriodKind.HALF), ("2020-2025", PeriodKind.YEAR)):
            parts = [window.span(p) for p in Period.parse(whole).children(kind)]
            outer = window.span(whole)
            assert parts[0].start == outer.start and parts[-1].end == outer.end
            for a, b in pairwise(parts):
                assert b.start == a.end + timedelta(days=1)


def test_boundary_days():
    # the example of issue 14: a case opened on 20 December 2022
    assert HANOI.period_of(date(2022, 12, 20), PeriodKind.HALF).code == "2023-H1"
    assert CALENDAR.period_of(date(2022, 12, 20), PeriodKind.HALF).code == "2022-H2"
    assert HANOI.period_of(date(2022, 12, 14), PeriodKind.HALF).code == "2022-H2"
    assert HANOI.period_of(date(2022, 12, 15), PeriodKind.YEAR).code == "2023"
    assert HANOI.period_of(date(2023, 6, 14), PeriodKind.QUARTER).code == "2023-Q2"
    assert HANOI.period_of(date(2023, 6, 15), PeriodKind.QUARTER).code == "2023-Q3"
    assert HANOI.span("2023-H1").holds(date(2023, 6, 14)) and not HANOI.span("2023-H1").holds(date(2023, 6, 15))


def test_every_day_lands_in_the_period_whose_span_holds_it():
    window = ReportingWindow.parse("10/3")
    day = date(2022, 1, 1)
    while day < date(2024, 1, 1):
        for kind in (PeriodKind.MONTH, PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.YEAR):
            assert window.span(window.period_of(day, kind)).holds(day)
        day += timedelta(days=7)


def test_years_of_a_span_are_the_reporting_years():
    assert HANOI.span("2023-H1").years == [2023]
    assert HANOI.span("2020-2025").years == list(range(2020, 2026))


@pytest.mark.parametrize("text", ["15/10", "1/5", "29/12", "0/1", "15-12", "", "a/b", "15/13"])
def test_refused(text):
    with pytest.raises(WindowError):
        ReportingWindow.parse(text)


def test_text_round_trip():
    assert ReportingWindow.parse(HANOI.text) == HANOI
    assert ReportingWindow.parse(" 1/1 ") == CALENDAR


def test_label_says_the_days():
    assert HANOI.span("2023-H1").label == "15/12/2022 – 14/6/2023"


def test_the_first_and_last_years_python_can_write_do_not_overflow():
    # A hostile ?period=9999-H2 gave a server error (date value out of range).
    december = ReportingWindow(12, 15)
    assert december.span("9999-H2").end == date(9999, 12, 14)
    assert ReportingWindow(1, 1).span("9999").end == date(9999, 12, 31)
    assert december.span("0001-H1").start == date.min

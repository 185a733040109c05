from datetime import date

import pytest

from steerco.lib.periods import Period, PeriodError, PeriodKind


@pytest.mark.parametrize("code", ["2023", "2023-H1", "2023-H2", "2023-Q3", "2023-07", "2020-2025"])
def test_codes_round_trip(code):
    assert Period.parse(code).code == code


@pytest.mark.parametrize(
    "code", ["", "23", "2023-H3", "2023-Q5", "2023-13", "2023-00", "2025-2020", "2023-h", "H1-2023"]
)
def test_bad_codes_are_refused_with_a_message(code):
    with pytest.raises(PeriodError) as err:
        Period.parse(code)
    assert str(err.value)


def test_lower_case_is_accepted():
    assert Period.parse(" 2023-h1 ").code == "2023-H1"


def test_dates_of_each_kind():
    assert (Period.parse("2023-H1").start, Period.parse("2023-H1").end) == (date(2023, 1, 1), date(2023, 6, 30))
    assert Period.parse("2023-Q3").end == date(2023, 9, 30)
    assert Period.parse("2024-02").end == date(2024, 2, 29)
    assert Period.parse("2020-2025").end == date(2025, 12, 31)


def test_containment_chain():
    q1, h1, year, term = (Period.parse(c) for c in ("2023-Q1", "2023-H1", "2023", "2020-2025"))
    assert q1 in h1 and h1 in year and year in term and q1 in term
    assert h1 not in q1
    assert Period.parse("2023-Q3") not in h1
    assert Period.parse("2026") not in term


def test_same_period_previous_year():
    assert Period.parse("2023-H1").same_period_previous_year().code == "2022-H1"
    assert Period.parse("2023-07").same_period_previous_year().code == "2022-07"
    assert Period.parse("2020-2025").same_period_previous_year().code == "2015-2020"


def test_children_and_containing():
    assert [p.code for p in Period.parse("2023-H1").children(PeriodKind.QUARTER)] == ["2023-Q1", "2023-Q2"]
    assert len(Period.parse("2023").children(PeriodKind.MONTH)) == 12
    assert [p.code for p in Period.parse("2020-2025").children(PeriodKind.YEAR)][-1] == "2025"
    assert [p.code for p in Period.parse("2023-05").containing()] == ["2023-Q2", "2023-H1", "2023"]
    with pytest.raises(PeriodError):
        Period.parse("2023-Q1").children(PeriodKind.YEAR)


def test_elapsed_share():
    assert Period.parse("2023-H1").elapsed_share_of(Period.parse("2023")) == 0.5
    assert Period.parse("2023-Q3").elapsed_share_of(Period.parse("2023")) == 0.75


def test_year_to_date_lists_the_periods_of_the_same_kind_since_january():
    assert [p.code for p in Period.parse("2023-Q3").year_to_date()] == ["2023-Q1", "2023-Q2", "2023-Q3"]
    assert [p.code for p in Period.parse("2023-H2").year_to_date()] == ["2023-H1", "2023-H2"]
    assert [p.code for p in Period.parse("2023").year_to_date()] == ["2023"]


def test_position_in_year_is_the_key_of_a_seasonal_profile():
    assert [Period.parse(c).position_in_year for c in ("2023-H1", "2023-Q3", "2023-07", "2023")] == [
        "H1",
        "Q3",
        "07",
        "",
    ]

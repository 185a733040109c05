from datetime import date, datetime
from decimal import Decimal

from steerco.lib.numbers import (
    excel_day_format,
    fmt_date_vi,
    fmt_day,
    fmt_exact,
    fmt_moment,
    fmt_month,
    fmt_number,
    fmt_percent,
    fmt_ratio,
    percent,
    plain,
)


def test_vietnamese_thousands_and_decimals():
    assert fmt_number(5155) == "5.155"
    assert fmt_number(1234567.891, 3) == "1.234.567,891"
    assert fmt_number(5155, locale="en") == "5,155"


def test_percent_rounds_half_up_with_chosen_decimals():
    assert fmt_percent(percent(531, 617), 2) == "86,06 %"
    assert fmt_percent(percent(5155, 9810), 0) == "53 %"
    assert fmt_percent(Decimal("52.5"), 0) == "53 %"
    assert fmt_percent(percent(6, 43), 1) == "14,0 %"
    assert fmt_percent(percent(531, 617), 2, locale="en") == "86.06%"


def test_ratio_always_carries_its_parts():
    assert fmt_ratio(531, 617, 2) == "531/617 (86,06 %)"
    assert fmt_ratio(5155, 9810) == "5.155/9.810 (53 %)"


def test_zero_denominator_is_no_figure():
    assert percent(3, 0) is None
    assert fmt_percent(None) == "–"


def test_party_document_dates_pad_day_and_early_months_only():
    assert fmt_date_vi(date(2023, 7, 15)) == "ngày 15 tháng 7 năm 2023"
    assert fmt_date_vi(date(2025, 2, 3)) == "ngày 03 tháng 02 năm 2025"
    assert fmt_date_vi(date(2018, 4, 3)) == "ngày 03 tháng 4 năm 2018"


def test_short_dates_follow_the_same_rule_as_the_dates_in_words():
    assert fmt_day(date(2023, 7, 15)) == "15/7/2023"
    assert fmt_day(date(2022, 7, 6)) == "06/7/2022"
    assert fmt_day(date(2025, 2, 3)) == "03/02/2025"
    assert fmt_day(date(2023, 1, 1)) == "01/01/2023"
    assert fmt_day(date(2022, 12, 15)) == "15/12/2022"
    assert fmt_day(None) == "–"
    assert fmt_month(date(2023, 1, 31)) == "01/2023" and fmt_month(date(2023, 7, 31)) == "7/2023"
    assert fmt_moment(datetime(2023, 7, 5, 8, 3)) == "05/7/2023 08:03"
    assert fmt_moment(datetime(2023, 2, 5, 18, 30)) == "05/02/2023 18:30"
    # Excel shows the same text: the month padded for January and February only
    assert excel_day_format(date(2023, 7, 5)) == "dd/m/yyyy"
    assert excel_day_format(date(2023, 2, 5)) == "dd/mm/yyyy"


def test_a_stored_value_goes_into_an_input_without_an_exponent():

    assert plain(Decimal("150.0000")) == "150"
    assert plain(Decimal("30.0000")) == "30"
    assert plain(Decimal("1.5000")) == "1.5"
    assert plain(Decimal("0.0000")) == "0"


def test_a_stored_value_is_shown_with_the_decimals_it_has():

    assert fmt_exact(Decimal("150.0000")) == "150"
    assert fmt_exact(Decimal("10000.0000")) == "10.000"
    assert fmt_exact(Decimal("10000.5000")) == "10.000,5"
    assert fmt_exact(Decimal("10000.5000"), "en") == "10,000.5"
    assert fmt_exact(None) == "–"


def test_typed_numbers_are_read_as_vietnamese_writes_them():
    from steerco.lib.numbers import parse_number

    assert parse_number("5.155") == 5155
    assert parse_number("99.999.999") == 99999999
    assert parse_number("86,06") == Decimal("86.06")
    assert parse_number("1.234,5") == Decimal("1234.5")
    assert parse_number(" 5155 ") == 5155 and parse_number("5\u00a0155") == 5155
    assert parse_number("1.5") == Decimal("1.5")  # a machine decimal point pasted in
    assert parse_number("-3") == -3
    assert parse_number("") is None and parse_number("  ") is None
    assert parse_number("5,155", "en") == 5155 and parse_number("86.06", "en") == Decimal("86.06")


def test_machine_and_malformed_numbers_are_refused():
    import pytest

    from steerco.lib.numbers import NotANumber, parse_number

    for text in ("1.5E+2", "3E+1", "abc", "1.2.3", "12.34.567", "1,2,3", "5.155,", ",5", "1..5", "NaN", "Infinity"):
        with pytest.raises(NotANumber):
            parse_number(text)


def test_an_entry_box_shows_a_value_as_it_is_read_back():
    from steerco.lib.numbers import fmt_input, parse_number

    for stored, shown in (("5155.0000", "5.155"), ("86.0600", "86,06"), ("150", "150"), ("1.5E+2", "150")):
        assert fmt_input(Decimal(stored)) == shown
        assert parse_number(shown) == Decimal(stored)
    assert fmt_input(None) == ""
    assert fmt_input(Decimal("86.06"), "en") == "86.06"

from datetime import date
from decimal import Decimal

from steerco.lib.numbers import fmt_date_vi, fmt_number, fmt_percent, fmt_ratio, percent


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

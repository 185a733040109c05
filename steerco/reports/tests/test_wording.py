from datetime import date

from steerco.lib.periods import Period
from steerco.reports.wording import document_number, long_date, next_period, period_name, symbol


def test_half_years_read_as_six_months():
    assert period_name(Period.parse("2023-H1")) == "6 tháng đầu năm 2023"
    assert period_name(Period.parse("2023-H2")) == "6 tháng cuối năm 2023"
    assert period_name(Period.parse("2023-H1"), "en") == "the first half of 2023"


def test_other_periods_have_their_names():
    assert period_name(Period.parse("2023-Q3")) == "quý III năm 2023"
    assert period_name(Period.parse("2023-07")) == "tháng 7 năm 2023"
    assert period_name(Period.parse("2023")) == "năm 2023"
    assert period_name(Period.parse("2020-2025")) == "nhiệm kỳ 2020-2025"


def test_the_next_period_follows_in_the_same_kind():
    assert next_period(Period.parse("2023-H1")).code == "2023-H2"
    assert next_period(Period.parse("2023-H2")).code == "2024-H1"
    assert next_period(Period.parse("2023-Q4")).code == "2024-Q1"
    assert next_period(Period.parse("2023-12")).code == "2024-01"
    assert next_period(Period.parse("2023")).code == "2024"
    assert next_period(Period.parse("2020-2025")).code == "2025-2030"


def test_party_numbers_have_no_colon_and_a_hyphen_before_the_type():
    assert document_number(15, "BCĐ", "party") == "Số 15-BC/BCĐ"
    assert symbol(15, "BCĐ", "party") == "15-BC/BCĐ"


def test_state_numbers_follow_decree_30():
    assert document_number(123, "UBND", "state") == "Số: 123/BC-UBND"


def test_a_draft_leaves_the_number_blank():
    assert document_number(None, "BCĐ", "party").replace("\u00a0", " ").split() == ["Số", "-BC/BCĐ"]


def test_dates_pad_the_day_and_only_months_one_and_two():
    assert long_date(date(2023, 7, 15)) == "ngày 15 tháng 7 năm 2023"
    assert long_date(date(2025, 2, 3)) == "ngày 03 tháng 02 năm 2025"
    assert long_date(date(2023, 7, 15), "en") == "15 July 2023"

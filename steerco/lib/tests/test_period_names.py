import pytest

from steerco.lib.period_names import label, read, year_periods
from steerco.lib.periods import Period, PeriodError


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2023-H1", "6 tháng đầu năm 2023", "First half of 2023"),
        ("2023-H2", "6 tháng cuối năm 2023", "Second half of 2023"),
        ("2024-Q3", "Quý III/2024", "Q3 2024"),
        ("2024", "Năm 2024", "Year 2024"),
        ("2023-07", "Tháng 7/2023", "July 2023"),
        ("2020-2025", "Nhiệm kỳ 2020-2025", "Term 2020–2025"),
    ],
)
def test_every_name_reads_back_as_its_period(code, vi, en):
    period = Period.parse(code)
    assert label(period) == vi and label(period, "en") == en
    assert read(vi) == period and read(en) == period and read(code) == period


@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("6 tháng đầu năm 2023", "2023-H1"),
        ("  6 THÁNG ĐẦU NĂM   2023 ", "2023-H1"),
        ("6 thang dau nam 2023", "2023-H1"),
        ("quý 3/2024", "2024-Q3"),
        ("Quý IV năm 2024", "2024-Q4"),
        ("tháng 12 năm 2023", "2023-12"),
        ("năm 2024", "2024"),
        ("the first half of 2023", "2023-H1"),
        ("2023-h1", "2023-H1"),
    ],
)
def test_names_typed_by_hand_are_read(typed, code):
    assert read(typed).code == code


@pytest.mark.parametrize("typed", ["", "6 tháng giữa năm 2023", "Quý V/2024", "tháng 13/2023", "Nhiệm kỳ 2025-2020"])
def test_what_is_not_a_period_is_refused(typed):
    with pytest.raises(PeriodError):
        read(typed)


def test_a_year_lists_itself_its_halves_and_quarters():
    assert [p.code for p in year_periods(2023)] == [
        "2023",
        "2023-H1",
        "2023-H2",
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
        "2023-Q4",
    ]
    assert len(year_periods(2023, months=True)) == 19

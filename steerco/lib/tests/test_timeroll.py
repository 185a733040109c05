"""Time roll-up worked by hand."""

from collections import namedtuple
from decimal import Decimal

from steerco.lib.periods import Period
from steerco.lib.status import Status, due_share, status_of
from steerco.lib.timeroll import LAST, SUM, build, build_to_date, codes_within, to_date

P = Period.parse
Sums = namedtuple("Sums", "total reporting")


def amounts(**by_code):
    return {code.replace("_", "-"): Sums(Decimal(total), n) for code, (total, n) in by_code.items()}


def test_four_quarters_make_the_year_and_two_halves():
    data = amounts(**{"2024_Q1": (10, 3), "2024_Q2": (20, 3), "2024_Q3": (30, 2), "2024_Q4": (40, 3)})
    year = build(P("2024"), data, SUM)
    assert (year.total, year.reporting, year.complete) == (100, 3, True)
    assert year.entered == ("2024-Q1", "2024-Q2", "2024-Q3", "2024-Q4")
    assert build(P("2024-H2"), data, SUM).total == 70


def test_a_stock_takes_the_last_part():
    data = amounts(**{"2024_Q1": (10, 3), "2024_Q2": (20, 3), "2024_Q3": (30, 2), "2024_Q4": (40, 3)})
    assert build(P("2024"), data, LAST).total == 40
    assert build(P("2024-H1"), data, LAST).total == 20


def test_a_missing_quarter_makes_the_figure_partial_and_says_which():
    data = amounts(**{"2024_Q1": (10, 3), "2024_Q2": (20, 3), "2024_Q4": (40, 3)})
    year = build(P("2024"), data, SUM)
    assert (year.total, year.partial, year.missing) == (70, True, ("2024-Q3",))
    stock = build(P("2024-H2"), amounts(**{"2024_Q3": (5, 1)}), LAST)
    assert (stock.total, stock.missing) == (5, ("2024-Q4",))


def test_a_half_entered_as_such_mixes_with_quarters_and_wins_over_them():
    data = amounts(**{"2023_H1": (133, 30), "2023_Q3": (50, 30), "2023_Q4": (100, 30)})
    assert build(P("2023"), data, SUM).total == 283
    data["2023-H2"] = Sums(Decimal(150), 30)
    assert build(P("2023"), data, SUM).total == 283  # H2 itself, not Q3 + Q4 again


def test_nothing_entered_is_no_data():
    built = build(P("2022"), amounts(**{"2024_Q1": (1, 1)}), SUM)
    assert not built.has_data and built.missing == ("2022",)


def test_ba_dinh_h2_is_judged_on_the_year_to_date():
    """H1 133 + H2 150 = 283 against an annual target of 276: achieved, not
    '150/276 (54 %) at risk'."""
    data = amounts(**{"2023_H1": (133, 1), "2023_H2": (150, 1)})
    ytd = build_to_date(P("2023-H2"), P("2023"), data, SUM)
    assert ytd.total == 283
    share = due_share(P("2023-H2"), P("2023"))
    assert share == 1
    assert status_of(ytd.total, Decimal(276), share) == Status.ACHIEVED
    # H1 alone against half of the target: 133 of 138 due -> on the way but behind
    h1 = build_to_date(P("2023-H1"), P("2023"), data, SUM)
    assert status_of(h1.total, Decimal(276), due_share(P("2023-H1"), P("2023"))) == Status.BEHIND


def test_year_to_date_spans():
    assert [p.code for p in to_date(P("2023-Q3"), P("2023"))] == ["2023-Q1", "2023-Q2", "2023-Q3"]
    assert [p.code for p in to_date(P("2023-H1"), P("2020-2025"))] == ["2020", "2021", "2022", "2023-H1"]
    assert [p.code for p in to_date(P("2023"), P("2023"))] == ["2023"]


def test_codes_within_a_year_are_every_kind():
    codes = codes_within(P("2023"))
    assert len(codes) == 1 + 2 + 4 + 12
    assert {"2023", "2023-H2", "2023-Q3", "2023-11"} <= set(codes)

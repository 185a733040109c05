"""Plain tests of reading numbers and of the rounding checks (no Django)."""

from decimal import Decimal as D

import pytest

from steerco.drafts.core.numbers import denominators_for, readings, same_when_rounded, words_value


@pytest.mark.parametrize(
    ("token", "first", "others"),
    [
        ("5.155", D(5155), [D("5.155")]),  # Vietnamese thousands first, English decimals possible
        ("5155", D(5155), []),
        ("5,155", D("5.155"), [D(5155)]),  # Vietnamese decimal first, English thousands possible
        ("86,06", D("86.06"), []),
        ("1.234.567", D(1234567), []),
        ("1.234,5", D("1234.5"), []),
        ("1,234.5", D("1234.5"), []),
        ("01", D(1), []),
        ("5\u00a0155", D(5155), []),
    ],
)
def test_every_number_style_is_read(token, first, others):
    found = [r.value for r in readings(token)]
    assert found[0] == first
    assert found[1:] == others


def test_counts_in_words():
    assert [words_value(w) for w in ("hai", "mười", "mười lăm", "hai mươi mốt", "chín mươi chín")] == [
        2,
        10,
        15,
        21,
        99,
    ]


def test_six_is_13_9_percent_of_no_whole_number():
    # 6/43 = 13,95 % and 6/44 = 13,64 %: no denominator gives 13,9 %
    assert denominators_for(D(6), D("13.9"), 1) == []
    assert denominators_for(D(6), D("14.0"), 1) == [43]
    assert denominators_for(D(55), D(46), 0) == [119, 120]
    assert 9810 in denominators_for(D(5155), D(53), 0)


def test_rounding_is_half_up_or_half_even_never_truncation():
    assert same_when_rounded(D(6) * 100 / 43, D("14.0"), 1)
    assert not same_when_rounded(D(6) * 100 / 43, D("13.9"), 1)
    assert same_when_rounded(D("52.5"), D(53), 0)  # half up, as people round
    assert same_when_rounded(D("52.5"), D(52), 0)  # half to even, as some software does

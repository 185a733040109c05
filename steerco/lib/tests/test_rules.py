from decimal import Decimal

import pytest

from steerco.lib.rules import Rule, RuleSyntaxError


def test_rule_parses_and_checks():
    rule = Rule.parse("DISCIPLINED <= VIOLATION")
    assert rule.check({"DISCIPLINED": Decimal(3), "VIOLATION": Decimal(5)}) is True
    assert rule.check({"DISCIPLINED": Decimal(6), "VIOLATION": Decimal(5)}) is False


def test_missing_side_is_not_checked():
    assert Rule.parse("A <= B").check({"A": Decimal(1)}) is None


def test_number_on_one_side():
    rule = Rule.parse("ADMITTED >= 0")
    assert rule.operands() == ["ADMITTED"]
    assert rule.check({"ADMITTED": Decimal(-1)}) is False


def test_bad_rule_is_refused():
    with pytest.raises(RuleSyntaxError):
        Rule.parse("A =< B")

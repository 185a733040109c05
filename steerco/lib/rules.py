"""Validation rules over indicator values, as configured in a pack.

A rule reads ``LEFT OP RIGHT`` where each side is an indicator code or a
number, e.g. ``KT_DV_KL <= KT_DV_VP``... The checker is plain Python so the
entry form, the importer and bulk checks share it.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .errors import Refused

OPERATORS = {
    "<=": operator.le,
    "<": operator.lt,
    ">=": operator.ge,
    ">": operator.gt,
    "==": operator.eq,
}

_EXPR = re.compile(r"^\s*(\S+)\s*(<=|>=|==|<|>)\s*(\S+)\s*$")


class RuleSyntaxError(Refused, ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    left: str
    op: str
    right: str

    @classmethod
    def parse(cls, text: str) -> Rule:
        m = _EXPR.match(text or "")
        if not m:
            raise RuleSyntaxError(f"{text!r} is not of the form 'LEFT OP RIGHT' with OP one of {', '.join(OPERATORS)}")
        return cls(*m.groups())

    def __str__(self) -> str:
        return f"{self.left} {self.op} {self.right}"

    def operands(self) -> list[str]:
        """Indicator codes the rule refers to (numbers left out)."""
        return [side for side in (self.left, self.right) if _number(side) is None]

    def check(self, values: Mapping[str, Decimal | None]) -> bool | None:
        """True or False; None when a side has no value (nothing to check)."""
        left, right = self._side(self.left, values), self._side(self.right, values)
        if left is None or right is None:
            return None
        return OPERATORS[self.op](left, right)

    @staticmethod
    def _side(side: str, values: Mapping[str, Decimal | None]) -> Decimal | None:
        number = _number(side)
        if number is not None:
            return number
        value = values.get(side)
        return None if value is None else Decimal(value)


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None

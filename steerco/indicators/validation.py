"""The programme's validation rules, checked on one unit's values (entry
form, import row, API write) or in bulk over a period.

Messages name the unit, the period, the indicators and the values, in
Vietnamese or English, so a reporter knows exactly what to fix.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from steerco.lib.numbers import fmt_number

from .models import DataValue, Indicator, ValidationRule

_OPS_TEXT = {
    "vi": {
        "<=": "không được lớn hơn",
        "<": "phải nhỏ hơn",
        ">=": "không được nhỏ hơn",
        ">": "phải lớn hơn",
        "==": "phải bằng",
    },
    "en": {
        "<=": "must not exceed",
        "<": "must be less than",
        ">=": "must be at least",
        ">": "must exceed",
        "==": "must equal",
    },
}


@dataclass(frozen=True)
class RuleViolation:
    rule: ValidationRule
    unit: object
    period: str
    values: Mapping[str, Decimal | None]
    names: Mapping[str, Indicator]

    def _side(self, side: str, language: str) -> str:
        indicator = self.names.get(side)
        if indicator is None:  # a number
            return fmt_number(Decimal(side), 0, language)
        value = self.values.get(side)
        shown = fmt_number(value, 0, language) if value is not None else "–"
        return f"{indicator.name(language)} ({indicator.code} = {shown})"

    def message(self, language: str = "vi") -> str:
        lang = "en" if language.startswith("en") else "vi"
        rule = self.rule.rule
        left, right = self._side(rule.left, lang), self._side(rule.right, lang)
        text = f"{self.unit.name(lang)}, {self.period}: {left} {_OPS_TEXT[lang][rule.op]} {right}."
        extra = self.rule.message_en if lang == "en" else self.rule.message_vi
        return f"{text} {extra}".strip()

    @property
    def codes(self) -> list[str]:
        return self.rule.rule.operands()

    def __str__(self) -> str:
        return self.message("vi")


class Validator:
    """Loads a programme's rules and indicators once; checks many units."""

    def __init__(self, programme):
        self.rules = list(ValidationRule.objects.filter(programme=programme).order_by("code"))
        codes = {code for r in self.rules for code in r.rule.operands()}
        self.indicators = {i.code: i for i in Indicator.objects.filter(programme=programme, code__in=codes)}

    def check(self, unit, period: str, values: Mapping[str, Decimal | None]) -> list[RuleViolation]:
        """``values`` maps indicator codes to this unit's values for the
        period (the values about to be saved, merged over the stored ones)."""
        broken = []
        for rule in self.rules:
            if rule.rule.check(values) is False:
                broken.append(RuleViolation(rule, unit, period, dict(values), self.indicators))
        return broken

    def stored_values(self, unit, period: str) -> dict[str, Decimal]:
        rows = DataValue.objects.filter(unit=unit, period=period, indicator__code__in=list(self.indicators))
        return dict(rows.values_list("indicator__code", "value"))

    def check_period(self, period: str, units) -> list[RuleViolation]:
        """Bulk check of every unit's stored values in a period: one query
        for the values (and one for the units that have some, when ``units``
        is a queryset); violations come in tree order."""
        by_unit: dict[int, dict[str, Decimal]] = defaultdict(dict)
        rows = DataValue.objects.filter(
            period=period, indicator__in=list(self.indicators.values()), unit__in=units
        ).values_list("unit_id", "indicator__code", "value")
        for unit_id, code, value in rows:
            by_unit[unit_id][code] = value
        broken = []
        if isinstance(units, QuerySet):
            having = list(units.filter(pk__in=list(by_unit)))
        else:
            having = [u for u in units if u.pk in by_unit]
        for unit in sorted(having, key=lambda u: u.path):
            broken += self.check(unit, period, by_unit[unit.pk])
        return broken


def validate_unit_values(programme, unit, period: str, values: Mapping[str, Decimal | None]) -> list[RuleViolation]:
    """Check ``values`` (new values by indicator code) merged over what the
    unit already has stored for the period."""
    validator = Validator(programme)
    merged = {**validator.stored_values(unit, period), **values}
    return validator.check(unit, period, merged)

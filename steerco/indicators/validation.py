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
from django.utils import timezone
from django.utils.translation import gettext

from steerco.lib.errors import Refused
from steerco.lib.numbers import fmt_number

from .models import DataValue, Indicator, RuleWarning, Severity, ValidationRule

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

    @property
    def is_warning(self) -> bool:
        return self.rule.severity == Severity.WARNING

    def shown_values(self) -> dict[str, str]:
        """The values that broke the rule, as text (kept with a warning)."""
        return {code: _plain(self.values.get(code)) for code in self.codes}

    def __str__(self) -> str:
        return self.message("vi")


def _plain(value) -> str:
    """30 for 30, 30.0000 and Decimal('3E+1'); 2.5 for 2.500."""
    if value is None:
        return ""
    number = Decimal(value)
    if number == number.to_integral_value():
        return format(number.to_integral_value(), "f")
    return format(number.normalize(), "f")


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


def recorded_warnings(rules, unit_ids, period: str) -> dict[int, dict[int, RuleWarning]]:
    """The recorded warnings of many units for ``period``, by unit and rule,
    in one query per 1.000 units (what ``record_warnings`` takes as
    ``existing`` in a batch)."""
    warning_rules = [r for r in rules if r.severity == Severity.WARNING]
    found: dict[int, dict[int, RuleWarning]] = defaultdict(dict)
    if not warning_rules:
        return found
    unit_ids = list(unit_ids)
    for start in range(0, len(unit_ids), 1000):
        chunk = unit_ids[start : start + 1000]
        for w in RuleWarning.objects.filter(unit_id__in=chunk, period=period, rule__in=warning_rules):
            found[w.unit_id][w.rule_id] = w
    return found


def record_warnings(
    rules, unit, period: str, violations: list[RuleViolation], existing: dict[int, RuleWarning] | None = None
) -> list[RuleWarning]:
    """Keep the unit's recorded warnings for ``period`` in line with the
    warning rules ``violations`` breaks: a new one is recorded with its
    values, one whose values changed is recorded again (and its
    acknowledgement, which was about other values, dropped), one no longer
    broken goes. Returns the unit's warnings for the period. A batch passes
    the unit's ``existing`` warnings by rule (``recorded_warnings``)."""
    warning_rules = [r for r in rules if r.severity == Severity.WARNING]
    if not warning_rules:
        return []
    broken = {v.rule.pk: v for v in violations if v.is_warning}
    if existing is None:
        existing = {w.rule_id: w for w in RuleWarning.objects.filter(unit=unit, period=period, rule__in=warning_rules)}
    gone = [w.pk for rule_id, w in existing.items() if rule_id not in broken]
    if gone:
        RuleWarning.objects.filter(pk__in=gone).delete()
    kept = []
    for rule_id, violation in broken.items():
        warning = existing.get(rule_id)
        values = violation.shown_values()
        if warning is not None and warning.values == values:
            kept.append(warning)
            continue
        warning = warning or RuleWarning(rule=violation.rule, unit=unit, period=period)
        warning.values = values
        warning.message_vi, warning.message_en = violation.message("vi"), violation.message("en")
        warning.acknowledged_reason, warning.acknowledged_by, warning.acknowledged_at = "", None, None
        warning.save()
        kept.append(warning)
    return kept


class AcknowledgeError(Refused, ValueError):
    pass


def acknowledge(warning: RuleWarning, reason: str, *, acting_user) -> RuleWarning:
    """Accept a warning as it stands, with a stated reason (required)."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise AcknowledgeError(gettext("Say why the figures are right although the rule is broken."))
    warning.acknowledged_reason = reason
    warning.acknowledged_by = acting_user if getattr(acting_user, "is_authenticated", False) else None
    warning.acknowledged_at = timezone.now()
    warning.save(update_fields=["acknowledged_reason", "acknowledged_by", "acknowledged_at"])
    return warning

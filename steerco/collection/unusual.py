"""Values far from the unit's history or beyond their denominator
(``lib.plausibility`` states the rule): found among the values a write
changed, in the words the user reads. ``services.record`` asks the form's
user to confirm them with a reason."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from steerco.audit.reasons import Stated
from steerco.indicators.models import DataValue, IndicatorKind
from steerco.lib import plausibility
from steerco.lib.numbers import fmt_exact

from .checks import current_language, named
from .reading import last_values


@dataclass(frozen=True)
class AskUnusual:
    """Passed to ``record()``: refuse an unusual value unless ``reason``
    (from the list, with words) confirms it."""

    reason: Stated | None = None


@dataclass(frozen=True)
class Found:
    value: DataValue
    unusual: plausibility.Unusual
    message: str


def find(programme, ratios, unit, period: str, written: list[DataValue]) -> list[Found]:
    """The unusual ones among ``written`` (counts only); two queries."""
    return find_many(programme, ratios, period, [(unit, written)])


def find_many(programme, ratios, period: str, written_by_unit) -> list[Found]:
    """``find`` for many units of one period, (unit, written values) each:
    two queries in all (an import of a whole subtree). A written value is
    anything with ``indicator`` and ``value`` (a ``DataValue``, or a batch's
    ``services.Written``)."""
    todo = [(u, [v for v in values if v.indicator.kind == IndicatorKind.COUNT]) for u, values in written_by_unit]
    todo = [(u, values) for u, values in todo if values]
    if not todo:
        return []
    units = [u for u, _values in todo]
    last = last_values(programme, units, period)
    denominator_of = {r.numerator_id: r.denominator for r in ratios}
    # This period's values of the denominators only, as numbers.
    current = {}
    if denominator_of:
        parts = {d.pk for d in denominator_of.values()}
        rows = DataValue.objects.filter(indicator_id__in=parts, unit__in=units, period=period)
        current = {(u, i): v for u, i, v in rows.values_list("unit_id", "indicator_id", "value")}
    found = []
    for unit, values in todo:
        for value in values:
            indicator = value.indicator
            earlier = last.get((unit.pk, indicator.pk))
            previous = plausibility.Reference(earlier[1], earlier[0]) if earlier else None
            denominator = None
            part = denominator_of.get(indicator.pk)
            if part is not None:
                now = current.get((unit.pk, part.pk))
                before = last.get((unit.pk, part.pk))
                if now is not None:
                    denominator = plausibility.Reference(now, period, part.code)
                elif before is not None:
                    denominator = plausibility.Reference(before[1], before[0], part.code)
            unusual = plausibility.check(indicator.code, value.value, previous, denominator)
            if unusual is not None:
                found.append(Found(value, unusual, _message(indicator, unusual, part)))
    return found


def _message(indicator, unusual: plausibility.Unusual, denominator) -> str:
    language = current_language()
    ref = unusual.reference
    words = {
        "indicator": named(indicator),
        "value": fmt_exact(unusual.value, language),
        "reference": fmt_exact(ref.value, language) if ref else "",
        "period": ref.period if ref else "",
        "factor": fmt_exact(plausibility.FACTOR, language),
    }
    if unusual.why == plausibility.ABOVE_DENOMINATOR:
        words["denominator"] = denominator.name() if denominator else ref.code
        text = _(
            "%(indicator)s: %(value)s is more than %(denominator)s (%(reference)s in %(period)s), "
            "which it counts within."
        )
    elif unusual.why == plausibility.ABOVE_HISTORY:
        text = _("%(indicator)s: %(value)s is more than %(factor)s times the value of %(period)s (%(reference)s).")
    elif unusual.why == plausibility.BELOW_HISTORY:
        text = _("%(indicator)s: %(value)s is less than 1/%(factor)s of the value of %(period)s (%(reference)s).")
    else:
        text = _("%(indicator)s: %(value)s is unusually large, and there is no earlier value to compare it with.")
    return text % words

"""The records the check reads: a ``Book`` (``core.records``) over the
programme's roll-ups.

This is the one place that asks the database for figures. It builds each
unit's figures with the scorecard (``indicators.scorecard.build_scorecard``:
subtree sums from the roll-up table, computed indicators from their
registers, ratios as sum(n)/sum(N), targets with their cascade, the same
period of the previous year restated across restructurings), so a draft is
checked against exactly what the dashboard and the report show. When a
single figure service lands, ``RecordsBook.figures`` is the function to
switch over.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from steerco.indicators.models import IndicatorKind
from steerco.indicators.scorecard import build_scorecard
from steerco.lib.periods import Period, PeriodKind
from steerco.units.models import Unit

from .core.records import Recorded

UNIT_PREFIXES = ("thành ủy", "quận ủy", "huyện ủy", "thị ủy", "đảng ủy", "đảng bộ", "ban", "ủy ban")


def preceding(period: Period) -> Period | None:
    """The period of the same kind just before: 2023-H1 -> 2022-H2."""
    if period.kind in (PeriodKind.TERM,):
        return None
    if period.kind is PeriodKind.YEAR:
        return Period(period.year - 1, period.kind)
    per_year = {PeriodKind.HALF: 2, PeriodKind.QUARTER: 4, PeriodKind.MONTH: 12}[period.kind]
    if period.index > 1:
        return Period(period.year, period.kind, period.index - 1)
    return Period(period.year - 1, period.kind, per_year)


class RecordsBook:
    """The figures of ``programme`` around ``unit`` and ``period``, fetched
    lazily, once per (unit, period)."""

    def __init__(self, programme, unit: Unit, period: Period, language: str = "vi"):
        self.programme = programme
        self.unit_obj = unit
        self.unit = unit.code
        self.period = period.code
        self.period_obj = period
        self.language = language
        self._units: dict[str, Unit] = {unit.code: unit}

    # -- the Book protocol --------------------------------------------------

    def figures(self, unit: str, period: str) -> list[Recorded]:
        obj = self._unit(unit)
        if obj is None:
            return []
        card = build_scorecard(self.programme, obj, Period.parse(period))
        return [self._recorded(row, obj, card) for row in card.rows]

    def earlier_periods(self) -> list[str]:
        out = []
        before = preceding(self.period_obj)
        if before is not None:
            out.append(before.code)
        same = self.period_obj.same_period_previous_year().code
        if same not in out:
            out.append(same)
        if self.period_obj.kind is not PeriodKind.YEAR:
            year = Period(self.period_obj.year - 1, PeriodKind.YEAR).code
            out.append(year)
        return out

    def neighbours(self, unit: str) -> list[str]:
        obj = self._unit(unit)
        if obj is None:
            return []
        ancestors = list(reversed(obj.ancestor_codes()))
        children = list(Unit.objects.filter(parent=obj).order_by("sort_order", "code").values_list("code", flat=True))
        return [*ancestors, *children]

    def unit_names(self) -> dict[str, list[str]]:
        """The units of the draft's subtree and the ones above it, by their
        names and by their names without the body ("Quận ủy Ba Đình" is
        also "Ba Đình", "quận Ba Đình")."""
        units = Unit.objects.subtree_of(self.unit_obj) | Unit.objects.filter(code__in=self.unit_obj.ancestor_codes())
        out: dict[str, list[str]] = {}
        for unit in units.only("code", "name_vi", "type"):
            self._units.setdefault(unit.code, unit)
            names = {unit.name_vi}
            low = unit.name_vi.lower()
            for prefix in UNIT_PREFIXES:
                if low.startswith(prefix + " "):
                    short = unit.name_vi[len(prefix) + 1 :].strip()
                    if len(short) >= 4 and prefix in ("quận ủy", "huyện ủy", "thị ủy"):
                        names.add(short)
                        names.add(f"{prefix.split()[0]} {short}")
            out[unit.code] = sorted(names)
        return out

    # -- helpers ------------------------------------------------------------

    def _unit(self, code: str) -> Unit | None:
        if code not in self._units:
            found = Unit.objects.filter(code=code).first()
            if found is None:
                return None
            self._units[code] = found
        return self._units[code]

    def _recorded(self, row, unit: Unit, card) -> Recorded:
        ind = row.indicator
        fig = row.figure
        if ind.computed_by:
            provenance = f"{ind.computed_by}"
        elif ind.kind == IndicatorKind.RATIO:
            provenance = f"{ind.numerator.code}/{ind.denominator.code}"
        else:
            provenance = "values"
        query = urlencode(
            {"programme": self.programme.code, "unit": unit.code, "period": card.period.code, "indicator": ind.code}
        )
        return Recorded(
            indicator=ind.code,
            name=ind.name_vi,
            label=ind.name(self.language),
            kind=ind.kind,
            unit=unit.code,
            unit_name=unit.name(self.language),
            period=card.period.code,
            value=fig.value if fig.has_data else None,
            numerator=fig.numerator,
            denominator=fig.denominator,
            decimals=ind.decimals,
            measure=ind.measure_vi,
            synonyms=tuple(ind.synonyms or ()),
            numerator_code=ind.numerator.code if ind.numerator_id else "",
            denominator_code=ind.denominator.code if ind.denominator_id else "",
            target=row.target.value if row.target else None,
            target_period=row.target.period if row.target else "",
            previous=row.previous.value if row.previous.has_data else None,
            previous_period=card.previous_period.code,
            provenance=provenance,
            url=reverse("dashboard:values") + "?" + query,
        )

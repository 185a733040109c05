"""The records the check reads: a ``Book`` (``core.records``) over the
figure service (``steerco.indicators.figures``).

This is the one place the draft check asks for figures, and it asks the
figure service, as the dashboard and the report do: time roll-up (a period
built from the entered periods inside it), unit validity and restatement
onto successors, the target in force, ratios as sum(n)/sum(N), the same
period of the previous year. A draft is therefore checked against exactly
what the dashboard and the report show. A unit's children come from one
``level`` (the children valid at the end of the period, in one batch).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from steerco.indicators import figures as service
from steerco.indicators.models import Indicator, IndicatorKind
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
        self._cache: dict[tuple[str, str], list[Recorded]] = {}
        self._around: dict[tuple[str, str], list[Recorded]] = {}
        self._levels: dict[str, list[str]] = {}

    # -- the Book protocol --------------------------------------------------

    def figures(self, unit: str, period: str) -> list[Recorded]:
        if (unit, period) not in self._cache:
            obj = self._unit(unit)
            if obj is None:
                return []
            rows = service.figures(self.programme, self.indicators, obj, Period.parse(period))
            self._cache[(unit, period)] = [self._recorded(row, obj) for row in rows]
        return self._cache[(unit, period)]

    @property
    def indicators(self) -> list[Indicator]:
        if not hasattr(self, "_indicators"):
            self._indicators = list(
                Indicator.objects.filter(programme=self.programme)
                .select_related("task_group", "numerator", "denominator")
                .order_by("task_group__sort_order", "sort_order")
            )
        return self._indicators

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
        return [*ancestors, *self._children_figures(obj)]

    def neighbour_figures(self, unit: str, period: str) -> list[Recorded]:
        """A neighbour's figures (values only; children come in one batch)."""
        found = self._around.get((unit, period))
        return found if found is not None else self.figures(unit, period)

    def _children_figures(self, parent: Unit) -> list[str]:
        """The figures of every child valid at the end of the draft's
        period, in one ``level`` of the figure service (not one call per
        child): what a figure of the wrong unit is compared with."""
        if parent.code not in self._levels:
            lvl = service.level(self.programme, self.indicators, parent, self.period_obj, with_previous=False)
            for child in lvl.children:
                self._units.setdefault(child.code, child)
                self._around[(child.code, self.period)] = [
                    self._plain(ind, child, lvl.row(child.code, ind).figure) for ind in lvl.indicators
                ]
            self._levels[parent.code] = [c.code for c in lvl.children]
        return self._levels[parent.code]

    def _plain(self, ind, unit: Unit, fig) -> Recorded:
        """A figure without target or comparison (a neighbour's)."""
        return Recorded(
            indicator=ind.code, name=ind.name_vi, label=ind.name(self.language), kind=ind.kind, unit=unit.code,
            unit_name=unit.name(self.language), period=self.period, value=fig.value if fig.has_data else None,
            numerator=fig.numerator, denominator=fig.denominator, decimals=ind.decimals, measure=ind.measure_vi,
        )  # fmt: skip

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

    def _recorded(self, row: service.Figure, unit: Unit) -> Recorded:
        ind = row.indicator
        fig = row.figure
        prov = row.provenance
        if ind.computed_by:
            source = ind.computed_by
        elif ind.kind == IndicatorKind.RATIO:
            source = f"{ind.numerator.code}/{ind.denominator.code}"
        else:
            source = "values"
        made_of = ", ".join(prov.entered)
        provenance = f"{source} ({made_of})" if made_of and made_of != row.period.code else source
        if prov.restated:
            provenance += ", restated"
        query = urlencode(
            {"programme": self.programme.code, "unit": unit.code, "period": row.period.code, "indicator": ind.code}
        )
        return Recorded(
            indicator=ind.code,
            name=ind.name_vi,
            label=ind.name(self.language),
            kind=ind.kind,
            unit=unit.code,
            unit_name=unit.name(self.language),
            period=row.period.code,
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
            share_of_target=row.share_of_target if fig.has_data else None,
            previous=row.previous.value if row.previous.has_data else None,
            previous_period=row.period.same_period_previous_year().code,
            provenance=provenance,
            url=reverse("dashboard:values") + "?" + query,
        )

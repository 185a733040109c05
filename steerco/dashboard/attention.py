"""What needs attention, worst first: a list of providers, each returning
items for one programme, unit and period.

The home page asks every registered provider and sorts what they return by
severity. Other apps plug in their own exceptions (overdue remediation,
findings closed without evidence, units that have not reported) with::

    from steerco.dashboard.attention import Item, Severity, provider

    @provider("findings.overdue")
    def overdue(view):          # view: attention.View
        yield Item(Severity.HIGH, _("…"), url=...)

imported from the app's ``AppConfig.ready()``. A provider must keep to a
fixed number of queries and use only units inside ``view.unit`` (which the
user is allowed to see).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import IntEnum
from functools import cached_property

from steerco.indicators.breakdown import Breakdown, build_breakdown
from steerco.indicators.scorecard import Scorecard


class Severity(IntEnum):
    """Lower sorts first."""

    CRITICAL = 0  # at risk: far behind the expectation
    HIGH = 1  # behind, overdue
    MEDIUM = 2  # missing data
    LOW = 3  # worth a look: large changes


@dataclass(frozen=True)
class Item:
    severity: Severity
    title: str
    detail: str = ""
    url: str = ""
    kind: str = ""  # the provider's key, set by collect()
    units: tuple[tuple[str, str], ...] = ()  # (name, url) of the units concerned, worst first


@dataclass
class View:
    """What a provider may look at. The breakdown of the unit's children is
    built once, on first use, and shared by the providers."""

    programme: object
    unit: object
    period: object
    scorecard: Scorecard
    user: object = None
    links: Callable[..., str] = field(default=lambda **kw: "")  # url for a drill-down, heat table, …

    @cached_property
    def breakdown(self) -> Breakdown:
        """The level below, for the indicators entered as values and those
        with a target: counts from registers (findings, inspection) report
        their own exceptions, and asking each register once per child level
        is what makes a page slow. The period only: the providers judge the
        children against their targets and look for missing data, never
        against last year (at national scale each period read is costly)."""
        indicators = [r.indicator for r in self.scorecard.rows if r.target is not None or not counted(r.indicator)]
        return build_breakdown(self.programme, indicators, self.unit, self.period, with_previous=False)


def counted(indicator) -> bool:
    """Whether the indicator, or a part of it, is counted from a register."""
    parts = [indicator.numerator, indicator.denominator] if indicator.kind == "ratio" else [indicator]
    return any(part.computed_by for part in parts)


Provider = Callable[[View], Iterable[Item]]
PROVIDERS: dict[str, Provider] = {}


def provider(key: str) -> Callable[[Provider], Provider]:
    def decorate(fn: Provider) -> Provider:
        if key in PROVIDERS and PROVIDERS[key] is not fn:
            raise ValueError(f"attention provider {key!r} is registered twice")
        PROVIDERS[key] = fn
        return fn

    return decorate


def collect(view: View) -> list[Item]:
    """Every provider's items, worst first (stable within a severity, in
    the order the providers were registered)."""
    items: list[Item] = []
    for key, fn in PROVIDERS.items():
        items += [Item(**{**item.__dict__, "kind": key}) for item in fn(view)]
    return sorted(items, key=lambda item: item.severity)

"""Inspection statistics per level and period, counted from the cases.

When a case counts (the one rule, used by the statistics page, the export,
the API and the computed indicators alike): **each stage counts in the
period in which its own date falls.**

- inspected: the case was opened (inspection decided) in the period;
- concluded: its conclusion is dated in the period;
- with violation: concluded in the period, with a violation found;
- disciplined: the discipline was decided in the period (by form).

So "with violation" is always a part of "concluded" in the same period
(n/N exact), while a case inspected in one half-year may be concluded in the
next, and a case concluded late may be disciplined in the following period:
"disciplined of those with violation" is then the period's flow, as the
committee's own reports count it.

"In the period" means within its days under the programme's reporting
window (``steerco.lib.windows``): with a window from 15 December, a case
opened on 20 December 2022 counts in 2023-H1.

A level is a unit standing for its whole subtree: the city's figures include
the city commission and every district and bloc commission below.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from steerco.lib.numbers import percent
from steerco.lib.periods import Period
from steerco.lib.windows import CALENDAR, ReportingWindow, Span

from .models import Case
from .stages import VIOLATION_STAGES, DisciplineForm, Stage, Subject

ORGANISATIONS = "organisations"
MEMBERS = "members"
GROUPS = (ORGANISATIONS, MEMBERS)
MEASURES = ("inspected", "concluded", "violation", "disciplined")


def group_of(subject: str) -> str:
    return ORGANISATIONS if subject == Subject.ORGANISATION else MEMBERS


@dataclass
class Funnel:
    """One group (organisations or members), one level, one period."""

    inspected: int = 0
    concluded: int = 0
    violation: int = 0
    disciplined: int = 0
    by_form: dict[str, int] = field(default_factory=dict)
    cases: int = 0  # cases with any stage in the period

    @property
    def violation_share(self) -> Decimal | None:
        return percent(self.violation, self.concluded)

    @property
    def disciplined_share(self) -> Decimal | None:
        return percent(self.disciplined, self.violation)

    def forms(self) -> list[tuple[str, str, int]]:
        """(form, label, count) for the forms that occur, in legal order."""
        return [(f.value, str(f.label), self.by_form[f.value]) for f in DisciplineForm if self.by_form.get(f.value)]

    def add(self, other: Funnel) -> None:
        for name in (*MEASURES, "cases"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for form, n in other.by_form.items():
            self.by_form[form] = self.by_form.get(form, 0) + n


@dataclass(frozen=True)
class Comparison:
    """A figure against the same period of the previous year: 121 vs 95, +26."""

    current: int
    previous: int

    @property
    def change(self) -> int:
        return self.current - self.previous


@dataclass(frozen=True)
class Row:
    """Counts of one commission, one group, one discipline form (or none)."""

    path: str
    group: str
    form: str
    counts: dict[str, tuple[int, ...]]  # measure -> one count per period


def _window(period: Span, date_field: str) -> Q:
    return Q(**{f"{date_field}__gte": period.start, f"{date_field}__lte": period.end})


def counted(measure: str, period: Span) -> Q:
    """The cases a measure counts in a period (its days): the one rule of
    the statistics, the computed indicators and the list of the records."""
    if measure == "inspected":
        return _window(period, "opened_on")
    if measure == "concluded":
        return _window(period, "concluded_on")
    if measure == "violation":
        return _window(period, "concluded_on") & Q(stage__in=VIOLATION_STAGES)
    if measure == "disciplined":
        return _window(period, "decided_on") & Q(stage=Stage.DISCIPLINED)
    raise ValueError(measure)


def in_group(group: str) -> Q:
    return Q(subject=Subject.ORGANISATION) if group == ORGANISATIONS else ~Q(subject=Subject.ORGANISATION)


def fetch_rows(paths: Iterable[str], periods: Sequence[Span]) -> list[Row]:
    """One query: counts of each commission by subject and form for every
    period (its days: ``window.span(period)``), restricted to the subtrees
    of ``paths``."""
    where = Q()
    for path in set(paths):
        where |= Q(commission__path__startswith=path)
    touched = Q()
    for p in periods:
        touched |= _window(p, "opened_on") | _window(p, "concluded_on") | _window(p, "decided_on")
    annotations = {}
    for i, p in enumerate(periods):
        for measure in MEASURES:
            annotations[f"{measure}_{i}"] = Count("pk", filter=counted(measure, p))
        annotations[f"cases_{i}"] = Count(
            "pk", filter=_window(p, "opened_on") | _window(p, "concluded_on") | _window(p, "decided_on")
        )
    rows = (
        Case.objects.filter(where)
        .filter(touched)
        .values("commission__path", "subject", "discipline_form")
        .annotate(**annotations)
        .order_by()
    )
    return [
        Row(
            path=r["commission__path"],
            group=group_of(r["subject"]),
            form=r["discipline_form"],
            counts={m: tuple(r[f"{m}_{i}"] for i in range(len(periods))) for m in (*MEASURES, "cases")},
        )
        for r in rows
    ]


def funnel(rows: Iterable[Row], index: int, group: str, include: Callable[[str], bool]) -> Funnel:
    """Sum the rows of one group whose commission path passes ``include``."""
    out = Funnel()
    for row in rows:
        if row.group != group or not include(row.path):
            continue
        out.inspected += row.counts["inspected"][index]
        out.concluded += row.counts["concluded"][index]
        out.violation += row.counts["violation"][index]
        out.cases += row.counts["cases"][index]
        n = row.counts["disciplined"][index]
        out.disciplined += n
        if n:
            out.by_form[row.form] = out.by_form.get(row.form, 0) + n
    return out


def in_subtree(path: str) -> Callable[[str], bool]:
    return lambda p: p.startswith(path)


@dataclass(frozen=True)
class GroupStats:
    group: str
    current: Funnel
    previous: Funnel

    def comparison(self, measure: str) -> Comparison:
        return Comparison(getattr(self.current, measure), getattr(self.previous, measure))

    @property
    def comparisons(self) -> list[tuple[str, Comparison]]:
        return [(m, self.comparison(m)) for m in MEASURES]


@dataclass(frozen=True)
class LevelStats:
    """Statistics of one unit (its subtree) for a period, against the same
    period of the previous year, with one line per unit of the next level."""

    unit: object
    period: Period
    previous_period: Period
    groups: list[GroupStats]
    breakdown: list[tuple[object, list[GroupStats]]]
    window: ReportingWindow = CALENDAR

    @property
    def span(self) -> Span:
        """The days the period's cases are counted from."""
        return self.window.span(self.period)

    def group(self, name: str) -> GroupStats:
        return next(g for g in self.groups if g.group == name)


def level_stats(unit, period: Period, children: Sequence = (), window: ReportingWindow = CALENDAR) -> LevelStats:
    previous = period.same_period_previous_year()
    rows = fetch_rows([unit.path], [window.span(period), window.span(previous)])

    def stats(include) -> list[GroupStats]:
        return [GroupStats(g, funnel(rows, 0, g, include), funnel(rows, 1, g, include)) for g in GROUPS]

    breakdown = []
    own = stats(lambda p: p == unit.path)
    if any(g.current.cases or g.previous.cases for g in own):
        breakdown.append((unit, own))
    for child in children:
        line = stats(in_subtree(child.path))
        if any(g.current.cases or g.previous.cases for g in line):
            breakdown.append((child, line))
    return LevelStats(unit, period, previous, stats(in_subtree(unit.path)), breakdown, window)

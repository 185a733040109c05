"""The attention items the dashboard knows today, from the indicators
alone: indicators behind their pro-rata target, units behind theirs, units
with no data for the period, and the largest changes against the same
period of last year. Registered from DashboardConfig.ready()."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.collection.models import ReportingRound, Submission
from steerco.i18n import language
from steerco.lib.numbers import fmt_number, fmt_percent
from steerco.lib.period_names import label
from steerco.lib.periods import Period
from steerco.lib.status import Status, expected

from .attention import Item, Severity, View, provider
from .templatetags.dashboard import figure_text, number_locale

FLAGGED = (Status.AT_RISK, Status.BEHIND)
NAMED_UNITS = 5  # units named in one item; the drill-down lists the rest
LARGEST_CHANGES = 3


def _against_target(row) -> str:
    """'89/312 (29 %)': what the status is judged on (the year to date, so
    said) as n of its target."""
    loc = number_locale()
    share = fmt_percent(row.share_of_target, 0, loc)
    text = f"{fmt_number(row.judged.value, 0, loc)}/{fmt_number(row.target.value, 0, loc)} ({share})"
    if row.judged_over_more:
        text = _("%(figure)s year to date") % {"figure": text}
    return text


def named(period: Period) -> str:
    """The period as people say it inside a sentence (6 tháng đầu năm 2023,
    năm 2023), not its code."""
    return label(period, language(), inline=True)


def _due(row) -> Decimal:
    return expected(row.target.value, row.due_share)


@provider("indicators.behind_target")
def indicators_behind_target(view: View):
    for row in view.scorecard.rows:
        if row.status in FLAGGED:
            yield Item(
                Severity.CRITICAL if row.status == Status.AT_RISK else Severity.HIGH,
                _("%(indicator)s: %(value)s, while %(due)s were expected by the end of %(period)s.")
                % {
                    "indicator": row.indicator.name(),
                    "value": _against_target(row),
                    "due": fmt_number(_due(row), 0, number_locale()),
                    "period": named(row.period),
                },
                url=view.links("drill", indicator=row.indicator.code),
            )


@provider("units.behind_target")
def units_behind_target(view: View):
    """For each indicator with a target, the children behind their own
    pro-rata target, worst first: the 'why' behind a city figure."""
    for row in view.scorecard.rows:
        if row.target is None:
            continue
        level = view.breakdown.level(row.indicator)
        judged = [(child, r) for child, r in level if r.target is not None]
        lagging = [(child, r) for child, r in judged if r.status in FLAGGED]
        if not lagging:
            continue
        at_risk = sum(1 for _c, r in lagging if r.status == Status.AT_RISK)
        yield Item(
            Severity.CRITICAL if at_risk else Severity.HIGH,
            ngettext(
                "%(count)d of %(total)d units with a target is behind it pro rata for %(indicator)s",
                "%(count)d of %(total)d units with a target are behind it pro rata for %(indicator)s",
                len(lagging),
            )
            % {"count": len(lagging), "total": len(judged), "indicator": row.indicator.name()},
            detail=ngettext("%(count)d of them at risk.", "%(count)d of them at risk.", at_risk) % {"count": at_risk}
            if at_risk
            else "",
            url=view.links("drill", indicator=row.indicator.code),
            units=tuple(
                (f"{child.name()} {_against_target(r)}", _unit_link(view, child, row))
                for child, r in lagging[:NAMED_UNITS]
            ),
        )


def _unit_link(view: View, child, row) -> str:
    """Drill further where there is a level below, else show the values."""
    name = "drill" if child.has_children else "values"
    return view.links(name, indicator=row.indicator.code, unit=child.code)


def _owing(view: View, children) -> list | None:
    """The children that owe a report for the period: those with a unit in
    their subtree listed by a reporting round of a period within it (a year
    owes what its halves or quarters owed). None when no round covers the
    period (the values came by import or the API): then every child is
    expected to have figures."""
    within = [
        code
        for code in ReportingRound.objects.filter(programme=view.programme).values_list("period", flat=True)
        if view.period.contains(Period.parse(code))
    ]
    if not within:
        return None
    owed = set(
        Submission.objects.filter(
            round__programme=view.programme, round__period__in=within, unit__path__startswith=view.unit.path
        ).values_list("unit__path", flat=True)
    )
    return [child for child in children if any(path.startswith(child.path) for path in owed)]


@provider("units.no_data")
def units_without_data(view: View):
    """Children that owe a report and have no value at all for the period
    (a grassroots organisation that no round asks for is not "silent")."""
    breakdown = view.breakdown
    expected = _owing(view, breakdown.children)
    if expected is None:
        expected = breakdown.children
    silent = [child for child in expected if not breakdown.has_data(child.code)]
    if silent:
        yield Item(
            Severity.MEDIUM,
            ngettext(
                "%(count)d of %(total)d units has no data for %(period)s",
                "%(count)d of %(total)d units have no data for %(period)s",
                len(silent),
            )
            % {"count": len(silent), "total": len(expected), "period": named(view.period)},
            url=view.links("heat"),
            units=tuple((child.name(), view.links("heat", unit=child.code)) for child in silent[:NAMED_UNITS]),
        )
    missing = [r for r in view.scorecard.rows if not r.figure.has_data and r.previous.has_data]
    for row in missing:
        yield Item(
            Severity.MEDIUM,
            _("%(indicator)s: no data for %(period)s, though there was for %(previous)s.")
            % {
                "indicator": row.indicator.name(),
                "period": named(row.period),
                "previous": named(view.scorecard.previous_period),
            },
            url=view.links("drill", indicator=row.indicator.code),
        )


# Damps the relative change of small counts, so 1 against 2 (−50 %) does not
# outrank 531 against 478.
SMALL_COUNT = Decimal(10)


def relative_change(row) -> Decimal | None:
    """The change as a share of last year's figure (damped for small
    counts; a ratio's points over last year's percentage)."""
    if row.change is None or row.previous.value is None:
        return None
    if row.is_ratio and min(row.figure.denominator, row.previous.denominator) < SMALL_COUNT:
        return None  # 1 of 2 against 2 of 2 is not news
    damping = 0 if row.is_ratio else SMALL_COUNT
    base = abs(row.previous.value) + damping
    return row.change / base if base else None


def is_better(row) -> bool:
    return (row.change > 0) == (row.indicator.direction != "lower")


def change_text(row, previous_name: str) -> str:
    loc = number_locale()
    sign = "+" if row.change > 0 else "−"
    amount = fmt_number(abs(row.change), row.indicator.decimals, loc)
    if row.is_ratio:
        amount = _("%(amount)s pts") % {"amount": amount}
    elif row.previous.value:
        amount = f"{amount}, {sign}{fmt_percent(abs(row.change) * 100 / abs(row.previous.value), 0, loc)}"
    return _("%(indicator)s: %(value)s against %(previous)s in %(period)s (%(sign)s%(amount)s)") % {
        "indicator": row.indicator.name(),
        "value": figure_text(row.indicator, row.figure),
        "previous": figure_text(row.indicator, row.previous),
        "period": previous_name,
        "sign": sign,
        "amount": amount,
    }


def largest_changes(rows, count=LARGEST_CHANGES):
    changed = [(abs(rel), row) for row in rows if (rel := relative_change(row)) is not None and rel != 0]
    return [row for _rel, row in sorted(changed, key=lambda pair: -pair[0])[:count]]


@provider("indicators.largest_changes")
def indicators_largest_changes(view: View):
    previous = named(view.scorecard.previous_period)
    for row in largest_changes(view.scorecard.rows):
        yield Item(
            Severity.LOW,
            change_text(row, previous),
            detail=_("Better than last year.") if is_better(row) else _("Worse than last year."),
            url=view.links("drill", indicator=row.indicator.code),
        )


def went_well(view: View) -> str:
    """Achievements take one line: targets met or on track, and the best
    improvement against the same period."""
    judged = [r for r in view.scorecard.rows if r.status is not None]
    good = [r for r in judged if r.status in (Status.ACHIEVED, Status.ON_TRACK)]
    parts = []
    if good:
        parts.append(
            ngettext(
                "%(good)d of %(total)d indicator with a target is achieved or on track",
                "%(good)d of %(total)d indicators with a target are achieved or on track",
                len(judged),
            )
            % {"good": len(good), "total": len(judged)}
        )
        parts[-1] += ": " + ", ".join(f"{r.indicator.name()} {_against_target(r)}" for r in good[:2])
    # Improvements that mean something: against a target, or of a ratio.
    candidates = [r for r in view.scorecard.rows if r.target is not None or r.is_ratio]
    improved = [r for r in largest_changes(candidates, count=len(candidates)) if is_better(r)]
    if improved:
        parts.append(
            _("best improvement: %(change)s")
            % {"change": change_text(improved[0], named(view.scorecard.previous_period))}
        )
    return "; ".join(parts) + "." if parts else ""

"""The items as computed indicators, counted by the unit that raised them
(so they roll up its subtree) in one grouped query whatever the number of
units, periods and keys.

In a period P (its days under the programme's reporting window, a
``steerco.lib.windows.Span``), with C the end of P (or today, for a period still running):
- ``proposals.raised``: items raised in P (``raised_on`` within P);
- of those, ``proposals.answered_on_time`` first answered by C, by the
  deadline (or with none), ``proposals.answered_late`` first answered by C
  after it, ``proposals.unanswered`` not answered by C (the three add up
  to the raised ones), ``proposals.overdue`` not answered by C with a
  deadline before C;
- ``proposals.resolved``: raised in P and accepted by the raiser by C.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from steerco.findings.computed import count_many
from steerco.indicators.computed import REGISTRY, Sums, register_batch, register_records
from steerco.lib.windows import CALENDAR, Span

from .models import Item


def _cutoff(p: Span):
    return min(p.end, timezone.localdate())


def _raised(p: Span) -> Q:
    return Q(raised_on__gte=p.start, raised_on__lte=p.end)


def _answered(p: Span) -> Q:
    return Q(first_answered_on__lte=_cutoff(p))


def _not_answered(p: Span) -> Q:
    return Q(first_answered_on__isnull=True) | Q(first_answered_on__gt=_cutoff(p))


CONDITIONS = {
    "proposals.raised": _raised,
    "proposals.answered_on_time": lambda p: (
        _raised(p) & _answered(p) & (Q(deadline__isnull=True) | Q(first_answered_on__lte=F("deadline")))
    ),
    "proposals.answered_late": lambda p: _raised(p) & _answered(p) & Q(first_answered_on__gt=F("deadline")),
    "proposals.unanswered": lambda p: _raised(p) & _not_answered(p),
    "proposals.overdue": lambda p: _raised(p) & _not_answered(p) & Q(deadline__lt=_cutoff(p)),
    "proposals.resolved": lambda p: _raised(p) & Q(resolved_on__lte=_cutoff(p)),
}
KEYS = list(CONDITIONS)

register_records(KEYS, "proposals:list", _("register of difficulties and proposals"))


def counted_items(items, key: str, unit, span: Span):
    """The items ``key`` counts for ``unit``'s subtree in ``span``: the
    records behind the figure."""
    return items.filter(raised_by__path__startswith=unit.path).filter(CONDITIONS[key](span))


@register_batch(KEYS)
def item_counts(keys, units, periods, window=CALENDAR) -> dict[str, dict[tuple[int, str], Sums]]:
    """Every key asked, from one grouped query over the items."""
    keys = [k for k in keys if k in CONDITIONS]
    counts = count_many(
        Item.objects.all(),
        units,
        periods,
        path="raised_by__path",
        measures={k: CONDITIONS[k] for k in keys},
        window=window,
    )
    return {k: {key: Sums(Decimal(n), n) for key, n in counts[k].items() if n} for k in keys}


raised = REGISTRY["proposals.raised"]

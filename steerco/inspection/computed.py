"""The inspection statistics as computed indicators, for programme packs:
``computed: inspection.members_inspected`` and so on, one key per group
(``orgs``, ``members``) and measure (inspected, concluded, violation,
disciplined). The counting rule is in ``statistics``.

All eight keys are one batch: a page that shows several of them reads the
cases once (``fetch_rows``, one grouped query) and sums each unit's subtree
from those rows."""

from __future__ import annotations

from bisect import bisect_left
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from steerco.indicators.computed import Sums, covering_prefixes, register_batch, register_records
from steerco.lib.windows import CALENDAR, Span

from .scope import is_inspector
from .statistics import MEASURES, MEMBERS, ORGANISATIONS, counted, fetch_rows, funnel, in_group

KEY_GROUPS = {"orgs": ORGANISATIONS, "members": MEMBERS}
KEYS = {
    f"inspection.{prefix}_{measure}": (group, measure) for prefix, group in KEY_GROUPS.items() for measure in MEASURES
}


register_records(
    list(KEYS),
    "inspection:cases",
    _("inspection cases"),
    may_list=is_inspector,
    counts_url_name="inspection:statistics",
)


def counted_cases(cases, key: str, unit, span: Span):
    """The cases ``key`` counts for ``unit``'s subtree in ``span``: the
    records behind the figure."""
    group, measure = KEYS[key]
    return cases.filter(commission__path__startswith=unit.path).filter(in_group(group), counted(measure, span))


@register_batch(list(KEYS))
def inspection_counts(keys, units, periods, window=CALENDAR):
    parsed = [window.span(p) for p in periods]
    rows = sorted(fetch_rows(covering_prefixes([u.path for u in units]), parsed), key=lambda r: r.path)
    paths = [r.path for r in rows]
    groups = {KEYS[k][0] for k in keys}
    out: dict[str, dict] = {k: {} for k in keys}
    for unit in units:
        # A subtree is a range of the sorted paths.
        below = rows[bisect_left(paths, unit.path) : bisect_left(paths, unit.path + "\uffff")]
        for i, code in enumerate(periods):
            found = {g: funnel(below, i, g, lambda _p: True) for g in groups}
            for key in keys:
                group, measure = KEYS[key]
                if found[group].cases:  # no case touched the period: no data, not zero
                    out[key][(unit.pk, code)] = Sums(Decimal(getattr(found[group], measure)), found[group].cases)
    return out

"""Slots of the report and the blocks that fill them.

The sections that come from the registers live in the report app itself,
one module per source (``reports/sources/findings.py``, ``inspection.py``,
``collection.py``, ``reasons.py``), each reading its app through that
app's own functions; reports' ``AppConfig.ready()`` imports the module of
each installed app. The register apps know nothing of the report: reports
sits at the top of the layers (docs/architecture.md) and imports them. A
source module registers its blocks with::

    from ..contributions import contribute

    @contribute("overdue")
    def overdue_findings(ctx):
        return [Paragraph(...), Table(...)]

imported from the app's ``AppConfig.ready()``. ``ctx`` is the
``ReportContext`` (programme, unit, period, language, scorecard, …).
Slots, in reading order: ``registers``, ``results``, ``limitations``,
``causes``, ``overdue``, ``backlog``, ``lagging``, ``tasks``,
``next_period``, ``provenance``, ``annex``.

``registers`` is not blocks but short texts: how many records of the
register the results paragraph's register figures were counted from,
e.g. ``["27 hạn chế"]``. ``backlog`` is short texts too, one sentence each
(cases not concluded, violations not decided, remediation overdue, units
that have not reported); ``tasks`` is ``document.Action`` items, the tasks
of the next period that follow from section II; ``provenance`` is short
texts for the note on the data (where figures come from).
"""

from __future__ import annotations

from collections.abc import Callable

SLOTS = (
    "registers",
    "results",
    "limitations",
    "causes",
    "overdue",
    "backlog",
    "lagging",
    "tasks",
    "next_period",
    "provenance",
    "annex",
)

Contributor = Callable[[object], list]
_REGISTRY: dict[str, list[Contributor]] = {slot: [] for slot in SLOTS}


def contribute(slot: str) -> Callable[[Contributor], Contributor]:
    if slot not in _REGISTRY:
        raise ValueError(f"unknown report slot {slot!r}; use one of {', '.join(SLOTS)}")

    def decorate(fn: Contributor) -> Contributor:
        if fn not in _REGISTRY[slot]:
            _REGISTRY[slot].append(fn)
        return fn

    return decorate


def blocks_for(slot: str, ctx) -> list:
    out: list = []
    for fn in _REGISTRY[slot]:
        out.extend(fn(ctx) or [])
    return out


def registered(slot: str) -> list[Contributor]:
    return list(_REGISTRY[slot])

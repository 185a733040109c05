"""Panels that higher apps add to the programme's page (the home page),
below the scorecard: the reports app's timeline from close to delivery,
for instance. The dashboard knows no panel; an app registers one from its
``AppConfig.ready()``::

    from steerco.dashboard.panels import Panel, panel

    @panel("reports.timeline")
    def timeline(view):          # view: attention.View
        return Panel(_("…"), "app/_panel.html", {...})   # or None: nothing to show

A panel keeps to a fixed number of queries and shows only what
``view.user`` may see."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .attention import View


@dataclass(frozen=True)
class Panel:
    title: str
    template: str  # included with the panel's context
    context: dict = field(default_factory=dict)
    key: str = ""  # the registered key, set by collect_panels(); the section's id


_PANELS: dict[str, Callable[[View], Panel | None]] = {}


def panel(key: str):
    def register(build: Callable[[View], Panel | None]):
        _PANELS[key] = build
        return build

    return register


def collect_panels(view: View) -> list[Panel]:
    out = []
    for key, build in _PANELS.items():
        found = build(view)
        if found is not None:
            out.append(Panel(found.title, found.template, found.context, key.replace(".", "-")))
    return out

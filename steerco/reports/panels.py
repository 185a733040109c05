"""The report's timeline on the programme's page (the dashboard's home):
each period of the programme from the last submission to the signed report
delivered, with the machine time and the secretariat's actions, as on
``/reports/timeline/``. Shown to those who see the programme's owner (the
issued report it links to is theirs to open)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from steerco.accounts.access import access_for
from steerco.accounts.policy import Do
from steerco.dashboard.attention import View
from steerco.dashboard.panels import Panel, panel

from .timeline import GOAL, GOAL_STEPS, timelines


@panel("reports.timeline")
def timeline_panel(view: View) -> Panel | None:
    programme = view.programme
    if view.user is None or not access_for(view.user).can(Do.VIEW, programme.owner):
        return None
    return Panel(
        _("From close to delivery, per period"),
        "reports/_timeline_panel.html",
        {
            "timelines": timelines([programme]),
            "current": view.period.code,
            "goal_minutes": int(GOAL.total_seconds() // 60),
            "goal_steps": GOAL_STEPS,
        },
    )

"""The daily reminders as a background job: ``followup.remind`` runs what
``steerco remind`` runs, for the day it was scheduled for, and keeps the
command's report as its result (the totals as its message in the jobs
list). The job worker starts it once a day after ``settings.REMIND_AT``
(``steerco.jobs.schedule``); it is safe to run again, by hand or by a
retry: nothing is sent twice."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy

from steerco.jobs.registry import JobResult, job_kind
from steerco.jobs.schedule import daily
from steerco.units.models import Unit

from . import summary
from .delivery import run

REMIND = "followup.remind"


@job_kind(REMIND, label=gettext_lazy("Daily reminders"), max_attempts=3)
def remind(job, progress, day: str, digest: bool | None = None) -> JobResult:
    today = date.fromisoformat(day)
    with translation.override(settings.LANGUAGE_CODE):
        outcome = run(today, digest=digest, progress=lambda message: progress(0, 1, message))
        text = summary.report(outcome)
        return JobResult(f"nhac-viec-{day}.txt", f"{text}\n".encode(), summary=summary.totals(outcome))


def scope() -> Unit | None:
    """The job names units and people across the whole tree: scope it to
    the root unit, so those who see the whole tree see it (and superusers).
    With several roots, superusers only."""
    roots = list(Unit.objects.filter(parent__isnull=True).order_by("pk")[:2])
    return roots[0] if len(roots) == 1 else None


def register() -> None:
    daily(REMIND, at=lambda: settings.REMIND_AT, params=lambda day: {"day": day.isoformat()}, unit=scope)

"""The daily job that closes the rounds due to close at their deadline:
``collection.close_due``, started by the job worker once a day after
``settings.CLOSE_ROUNDS_AT`` (``steerco.jobs.schedule``). Running it again
on the same day closes nothing twice."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_lazy, ngettext

from steerco.jobs.registry import JobResult, job_kind
from steerco.jobs.schedule import daily
from steerco.units.models import Unit

from .closing import close_due

CLOSE_DUE = "collection.close_due"


@job_kind(CLOSE_DUE, label=gettext_lazy("Closing the rounds due"), max_attempts=3)
def close_rounds(job, progress, day: str) -> JobResult:
    with translation.override(settings.LANGUAGE_CODE):
        closed = close_due(date.fromisoformat(day))
        summary = ngettext("%(n)s round closed.", "%(n)s rounds closed.", len(closed)) % {"n": len(closed)}
        lines = [f"{r.programme.code} {r.period}: {r.close_reason or '-'}" for r in closed]
        return JobResult(f"dong-ky-{day}.txt", "\n".join([summary, *lines]).encode() + b"\n", summary=summary)


def _root() -> Unit | None:
    roots = list(Unit.objects.filter(parent__isnull=True).order_by("pk")[:2])
    return roots[0] if len(roots) == 1 else None


def register() -> None:
    daily(CLOSE_DUE, at=lambda: settings.CLOSE_ROUNDS_AT, params=lambda day: {"day": day.isoformat()}, unit=_root)

"""From period close to a signed, delivered report: the timeline of each
period of a programme, read from what the system recorded.

- last submission: the latest ``Submission.submitted_at`` of the round;
- closed: ``ReportingRound.closed_at`` (by whom, or by itself at the deadline);
- issued and signed: the first ``IssuedReport`` of the programme's owner for
  the period (``issued_at``, ``signed_at``);
- delivered: its latest ``Delivery.sent_at``;
- machine time: the wall time of the ``reports.draft`` and ``reports.issue``
  jobs of the period (build, render, sign, record, send);
- human steps: the secretariat's actions the system recorded (closing the
  round by hand, starting a draft, each edit of the free text of II and
  III, starting the issue)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Max

from steerco.collection.models import ReportingRound, Submission
from steerco.jobs.models import Job, JobStatus

from .jobs import DRAFT, ISSUE
from .models import Delivery, IssuedReport, Narrative

GOAL = timedelta(hours=1)
GOAL_STEPS = 5


@dataclass
class Timeline:
    round: ReportingRound
    last_submission: datetime | None
    closed_at: datetime | None
    issued: IssuedReport | None
    delivered_at: datetime | None
    machine: timedelta
    human_steps: int

    @property
    def start(self) -> datetime | None:
        """The clock starts at the last submission, or at the close."""
        times = [t for t in (self.last_submission, self.closed_at) if t]
        return min(times) if times else None

    @property
    def total(self) -> timedelta | None:
        return self.delivered_at - self.start if self.delivered_at and self.start else None

    @property
    def total_text(self) -> str:
        return _clock(self.total) if self.total is not None else "–"

    @property
    def machine_text(self) -> str:
        return _clock(self.machine)

    @property
    def within_goal(self) -> bool:
        return self.total is not None and self.total <= GOAL and self.human_steps <= GOAL_STEPS


def timelines(programmes) -> list[Timeline]:
    """One timeline per round of ``programmes``, newest period first, in a
    fixed number of queries."""
    rounds = list(ReportingRound.objects.filter(programme__in=programmes).select_related("programme", "closed_by"))
    last = dict(
        Submission.objects.filter(round__in=rounds)
        .values("round")
        .annotate(at=Max("submitted_at"))
        .values_list("round", "at")
    )
    reports = {}
    for report in IssuedReport.objects.filter(programme__in=programmes).order_by("issued_at", "pk"):
        if report.unit_id == _owner_id(rounds, report.programme_id):
            reports.setdefault((report.programme_id, report.period), report)
    delivered = dict(
        Delivery.objects.filter(report__in=list(reports.values()))
        .values("report")
        .annotate(at=Max("sent_at"))
        .values_list("report", "at")
    )
    jobs: dict[tuple[str, str], list[Job]] = {}
    for job in Job.objects.filter(kind__in=[DRAFT, ISSUE], status=JobStatus.DONE).only(
        "kind", "params", "started_at", "finished_at"
    ):
        jobs.setdefault((job.params.get("programme"), job.params.get("period")), []).append(job)
    edits = {
        (row["programme"], row["unit"], row["period"]): row["n"]
        for row in Narrative.history.filter(programme__in=programmes)
        .values("programme", "unit", "period")
        .annotate(n=Count("history_id"))
    }
    out = []
    for round_ in sorted(rounds, key=lambda r: (r.programme.code, str(r.period)), reverse=True):
        report = reports.get((round_.programme_id, str(round_.period)))
        runs = jobs.get((round_.programme.code, str(round_.period)), [])
        machine = sum((j.finished_at - j.started_at for j in runs if j.started_at and j.finished_at), timedelta())
        out.append(
            Timeline(
                round=round_,
                last_submission=last.get(round_.pk),
                closed_at=round_.closed_at,
                issued=report,
                delivered_at=delivered.get(report.pk) if report else None,
                machine=machine,
                human_steps=(1 if round_.closed_by_id else 0)
                + len(runs)
                + edits.get((round_.programme_id, round_.programme.owner_id, str(round_.period)), 0),
            )
        )
    return out


def _owner_id(rounds, programme_id):
    return next((r.programme.owner_id for r in rounds if r.programme_id == programme_id), None)


def _clock(duration: timedelta) -> str:
    """H:MM:SS, to the second."""
    return str(timedelta(seconds=round(duration.total_seconds())))

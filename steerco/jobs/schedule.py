"""Periodic jobs: a job kind started once a day, after a time of day.

An app registers a schedule once, from its AppConfig.ready()::

    daily("followup.remind", at=lambda: settings.REMIND_AT, params=lambda day: {"day": day.isoformat()})

Every worker (``steerco worker``) calls ``tick()`` when it starts and then
about once a minute. Once the day's slot (``at()``, a time of day in
settings.TIME_ZONE; None switches the schedule off) has passed, the first
tick inserts a ``ScheduledRun`` row for (kind, day) and starts the job in
the same transaction. The row is unique, so of several workers ticking at
once exactly one inserts it and starts the job; the others get an
integrity error and start nothing. The job then appears in the jobs list
like any other (no creator; scoped to ``unit()``).

A day on which no worker ran after the slot is not caught up later: the
next day's job covers it when the job looks at the state of things rather
than at the day's events (as the reminders do).
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time
from time import monotonic

from django.conf import settings
from django.db import IntegrityError, connections, transaction
from django.utils import timezone

from .models import Job, ScheduledRun
from .services import recover_abandoned, start_job

logger = logging.getLogger(__name__)

TICK_SECONDS = 60.0


@dataclass(frozen=True)
class Daily:
    kind: str
    at: Callable[[], time | None]
    params: Callable[[date], dict]
    unit: Callable[[], object | None]


SCHEDULES: dict[str, Daily] = {}


def daily(
    kind: str,
    *,
    at: Callable[[], time | None],
    params: Callable[[date], dict] = lambda day: {},
    unit: Callable[[], object | None] = lambda: None,
) -> Daily:
    """Start job ``kind`` once a day after ``at()``, with ``params(day)``."""
    schedule = Daily(kind=kind, at=at, params=params, unit=unit)
    SCHEDULES[kind] = schedule
    return schedule


def tick(now: datetime | None = None) -> list[Job]:
    """Start each schedule's job for today if its slot has passed and no
    worker has started it yet. Returns the jobs this call started."""
    local = timezone.localtime(now or timezone.now())
    started = []
    for schedule in list(SCHEDULES.values()):
        at = schedule.at()
        if at is None or local.time() < at:
            continue
        job = _start_once(schedule, local.date())
        if job is not None:
            started.append(job)
    return started


def _start_once(schedule: Daily, day: date) -> Job | None:
    if ScheduledRun.objects.filter(kind=schedule.kind, day=day).exists():
        return None  # the usual case after the first tick; spares the database an integrity error
    try:
        with transaction.atomic():
            run = ScheduledRun.objects.create(kind=schedule.kind, day=day)
            job = start_job(schedule.kind, unit=schedule.unit(), params=schedule.params(day))
            run.job = job
            run.save(update_fields=["job"])
    except IntegrityError:
        return None  # another worker inserted the row first
    logger.info("scheduled job %s (%s) started for %s", job.pk, schedule.kind, day.isoformat())
    return job


class Ticker(threading.Thread):
    """Beside a worker, on its own database connection: every ``check``
    seconds, ``recover_abandoned()`` (jobs whose worker died), and, when
    ``schedule`` is on, ``tick()`` now and every ``interval`` seconds. A
    failing round (the database restarting) is logged and tried again at
    the next one."""

    def __init__(self, interval: float = TICK_SECONDS, *, check: float | None = None, schedule: bool = True) -> None:
        super().__init__(name="steerco-schedule", daemon=True)
        self.interval = interval
        self.check = check if check is not None else max(1.0, float(settings.JOBS_HEARTBEAT_SECONDS or interval))
        self.schedule = schedule
        self.stopped = threading.Event()

    def run(self) -> None:
        next_tick = 0.0
        while not self.stopped.is_set():
            try:
                recover_abandoned()
            except Exception:
                logger.exception("jobs: looking for abandoned jobs failed")
            if self.schedule and monotonic() >= next_tick:
                next_tick = monotonic() + self.interval
                try:
                    tick()
                except Exception:
                    logger.exception("scheduled jobs: tick failed")
            connections.close_all()  # this thread's connections only; the next round opens a fresh one
            self.stopped.wait(min(self.check, self.interval))

    def stop(self) -> None:
        self.stopped.set()

"""steerco worker: run background jobs.

With the default database queue this is django-tasks-db's worker; with
STEERCO_JOBS_BACKEND=rq it is an RQ worker on REDIS_URL. ``--batch`` runs
what is queued now and exits (cron, tests).

The worker also starts the periodic jobs (``steerco.jobs.schedule``, e.g.
the daily reminders): it ticks once at start and, when it keeps running,
about once a minute. ``--no-schedule`` leaves them to another worker. A
running worker looks for jobs whose worker died (no heartbeat) every
STEERCO_JOBS_HEARTBEAT_SECONDS, whatever ``--no-schedule`` says.

A database error (the database restarting, a lock held too long) or, on
RQ, a Redis connection error never stops the worker: it logs the error,
waits (1, 2, 4 … 30 seconds) and starts polling again.
"""

import logging
import time

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import Error as DatabaseError
from django.db import connections

from steerco.jobs.schedule import TICK_SECONDS, Ticker, tick
from steerco.jobs.services import recover_abandoned

logger = logging.getLogger("steerco.jobs.worker")

MAX_BACKOFF = 30.0  # seconds
HEALTHY_AFTER = 60.0  # seconds of work without an error reset the backoff


class Command(BaseCommand):
    help = "Run the background job worker (database queue, or RQ on Redis when STEERCO_JOBS_BACKEND=rq)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the queued jobs, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")
        parser.add_argument(
            "--no-schedule", action="store_true", help="do not start the periodic jobs (daily reminders)"
        )

    def handle(self, *args, batch=False, interval=1.0, no_schedule=False, **options):
        backend = settings.JOBS_BACKEND
        if backend == "immediate":
            raise CommandError(f"STEERCO_JOBS_BACKEND={backend}: jobs run in the web process; no worker is needed")
        if recovered := self._retrying(recover_abandoned):
            self.stderr.write(f"Re-queued or failed {recovered} job(s) abandoned by a stopped worker.")
        ticker = None
        if batch:
            if not no_schedule:
                self._retrying(tick)  # queued on commit, so this batch runs it too
        else:
            ticker = Ticker(TICK_SECONDS, schedule=not no_schedule)
            ticker.start()
        try:
            self._retrying(lambda: self._work(backend, batch, interval, options["verbosity"]))
        finally:
            if ticker is not None:
                ticker.stop()

    def _retrying(self, run):
        """``run()``, started again after a database (or Redis) error, with
        a growing pause, for as long as it takes."""
        retryable: tuple[type[BaseException], ...] = (DatabaseError,)
        if settings.JOBS_BACKEND == "rq":
            from redis.exceptions import ConnectionError as RedisConnectionError
            from redis.exceptions import TimeoutError as RedisTimeoutError

            retryable += (RedisConnectionError, RedisTimeoutError)
        delay = 1.0
        while True:
            began = time.monotonic()
            try:
                return run()
            except retryable as err:
                if time.monotonic() - began > HEALTHY_AFTER:
                    delay = 1.0
                logger.warning("worker: %s (%s); starting again in %.0f s", type(err).__name__, err, delay)
                connections.close_all()
                time.sleep(delay)
                delay = min(delay * 2, MAX_BACKOFF)

    def _work(self, backend: str, batch: bool, interval: float, verbosity: int) -> None:
        if backend == "rq":
            # A long-running worker forks a child per job (a crash kills only
            # the child); a batch run works in-process, like the database worker.
            from django_rq.management.commands.rqworker import Command as RQWorker

            call_command(
                RQWorker(),
                "default",
                burst=batch,
                with_scheduler=True,
                job_class="django_tasks_rq.backend.Job",
                worker_class="rq.worker.SimpleWorker" if batch else None,
                verbosity=verbosity,
            )
        else:
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                startup_delay=False,
                reload=False,  # the demo and service managers restart it; a reloader child would outlive a stop
                verbosity=verbosity,
            )

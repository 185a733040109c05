"""steerco worker: run background jobs.

With the default database queue this is django-tasks-db's worker; with
STEERCO_JOBS_BACKEND=rq it is an RQ worker on REDIS_URL. ``--batch`` runs
what is queued now and exits (cron, tests).

The worker also starts the periodic jobs (``steerco.jobs.schedule``, e.g.
the daily reminders): it ticks once at start and, when it keeps running,
about once a minute. ``--no-schedule`` leaves them to another worker.
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from steerco.jobs.schedule import TICK_SECONDS, Ticker, tick
from steerco.jobs.services import recover_abandoned


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
        if recovered := recover_abandoned():
            self.stderr.write(f"Re-queued or failed {recovered} job(s) abandoned by a stopped worker.")
        ticker = None
        if not no_schedule:
            if batch:
                tick()  # queued on commit, so this batch runs it too
            else:
                ticker = Ticker(TICK_SECONDS)
                ticker.start()
        try:
            self._work(backend, batch, interval, options["verbosity"])
        finally:
            if ticker is not None:
                ticker.stop()

    def _work(self, backend: str, batch: bool, interval: float, verbosity: int) -> None:
        if backend == "rq":
            # A long-running worker forks a child per job (a crash kills only
            # the child); a batch run works in-process, like the database worker.
            call_command(
                "rqworker",
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

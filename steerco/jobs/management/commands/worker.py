"""steerco worker: run background jobs.

With the default database queue this is django-tasks-db's worker; with
STEERCO_JOBS_BACKEND=rq it is an RQ worker on REDIS_URL. ``--batch`` runs
what is queued now and exits (cron, tests).
"""

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from steerco.jobs.services import recover_abandoned


class Command(BaseCommand):
    help = "Run the background job worker (database queue, or RQ on Redis when STEERCO_JOBS_BACKEND=rq)."

    def add_arguments(self, parser):
        parser.add_argument("--batch", action="store_true", help="run the queued jobs, then exit")
        parser.add_argument("--interval", type=float, default=1.0, help="seconds between polls of an empty queue")

    def handle(self, *args, batch=False, interval=1.0, **options):
        backend = settings.JOBS_BACKEND
        if backend != "immediate" and (recovered := recover_abandoned()):
            self.stderr.write(f"Re-queued or failed {recovered} job(s) abandoned by a stopped worker.")
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
                verbosity=options["verbosity"],
            )
        elif backend == "db":
            call_command(
                "db_worker",
                batch=batch,
                interval=interval,
                startup_delay=False,
                reload=False,  # the demo and service managers restart it; a reloader child would outlive a stop
                verbosity=options["verbosity"],
            )
        else:
            raise CommandError(f"STEERCO_JOBS_BACKEND={backend}: jobs run in the web process; no worker is needed")

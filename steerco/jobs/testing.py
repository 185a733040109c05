"""Running queued jobs inside a test, deterministically.

Queue jobs inside ``self.captureOnCommitCallbacks(execute=True)``, then call
``run_queued_jobs()``: the worker runs everything queued, in this process,
and returns. Both workers close database connections between jobs (right
in production); inside a test transaction on PostgreSQL that would end the
test's own transaction, so it is held open here.
"""

from contextlib import ExitStack
from unittest import mock

from django.core.management import call_command


def run_queued_jobs() -> None:
    """Run the queued jobs. It starts no periodic job: tests of the
    scheduler call ``steerco.jobs.schedule.tick()`` themselves."""
    with ExitStack() as stack:
        stack.enter_context(mock.patch("django_tasks_db.management.commands.db_worker.close_old_connections"))
        stack.enter_context(mock.patch("django_rq.management.commands.rqworker.reset_db_connections"))
        call_command("worker", batch=True, no_schedule=True, verbosity=0)

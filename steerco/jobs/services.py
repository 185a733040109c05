"""Start jobs and run them. The queue itself is django-tasks: the database
backend by default, RQ on Redis to scale out (settings.TASKS)."""

from __future__ import annotations

import errno
import logging
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import Error as DatabaseError
from django.db import connection, connections, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Job, JobStatus
from .registry import REGISTRY, JobFailed, JobResult

logger = logging.getLogger(__name__)


def start_job(kind: str, *, acting_user=None, unit=None, params: dict | None = None) -> Job:
    """Record a job and queue it once the current transaction commits (so the
    worker never sees a job whose row is not there yet)."""
    if kind not in REGISTRY:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind, created_by=acting_user, unit=unit, params=params or {}, max_attempts=REGISTRY[kind].max_attempts
    )
    transaction.on_commit(lambda: enqueue(job.pk))
    return job


def enqueue(job_id: int, delay: float = 0) -> None:
    runner = run_job
    if delay > 0 and runner.get_backend().supports_defer:
        runner = runner.using(run_after=timezone.now() + timedelta(seconds=delay))
    result = runner.enqueue(job_id)
    Job.objects.filter(pk=job_id, task_id="").update(task_id=result.id)


class Progress:
    """The callback a job function receives: progress(done, total, message).

    With a heartbeat (a job run by a worker) the figure goes to the row from
    the heartbeat's own database connection, so it shows while the job's
    own transaction is still open (an import writes all rows or none).
    Without one (inside a transaction: tests, the immediate backend) it is
    written at once."""

    def __init__(self, job_id: int, heartbeat: Heartbeat | None = None) -> None:
        self.job_id = job_id
        self.heartbeat = heartbeat
        self._last: tuple[int, str] | None = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        percent = 0 if total <= 0 else max(0, min(100, int(done * 100 / total)))
        state = (percent, str(message)[:300])
        if state == self._last:  # a tight loop should not write the same row again
            return
        self._last = state
        if self.heartbeat is not None:
            self.heartbeat.report(*state)
        else:
            Job.objects.filter(pk=self.job_id).update(progress=percent, message=state[1])


class Heartbeat(threading.Thread):
    """Beside a running job: every ``interval`` seconds, and soon after a
    progress report, write ``heartbeat_at`` (and the latest progress) to the
    job's row on this thread's own database connection. A job whose
    heartbeat stops is found by ``recover_abandoned``. A failed write (the
    database restarting) is logged and tried again at the next beat."""

    MIN_GAP = 0.5  # seconds between two writes, however fast progress comes

    def __init__(self, job_id: int, interval: float) -> None:
        super().__init__(name=f"steerco-heartbeat-{job_id}", daemon=True)
        self.job_id = job_id
        self.interval = interval
        self.state: tuple[int, str] | None = None
        self.wake = threading.Event()
        self.stopped = threading.Event()

    def report(self, percent: int, message: str) -> None:
        self.state = (percent, message)
        self.wake.set()

    def run(self) -> None:
        try:
            while True:
                self.wake.wait(self.interval)
                self.wake.clear()
                if self.stopped.is_set():
                    return
                self.beat()
                self.stopped.wait(self.MIN_GAP)
        finally:
            connections.close_all()  # this thread's connections only

    def beat(self) -> None:
        changes: dict = {"heartbeat_at": timezone.now()}
        state = self.state
        if state is not None:
            changes.update(progress=state[0], message=state[1])
        try:
            Job.objects.filter(pk=self.job_id, status=JobStatus.RUNNING).update(**changes)
        except DatabaseError as err:
            logger.warning("job %s: heartbeat not written (%s); trying again", self.job_id, type(err).__name__)
            connections.close_all()

    def stop(self) -> None:
        self.stopped.set()
        self.wake.set()
        self.join(timeout=1)


def persist(write: Callable[[], object], *, attempts: int = 6, first_delay: float = 0.5):
    """Run a bookkeeping write, again with backoff (0.5, 1, 2, 4, 8 s) when
    the database fails it (restarting, locked): a job's outcome should not
    be lost to a database that blinks. Inside a transaction it runs once."""
    if connection.in_atomic_block:
        return write()
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return write()
        except DatabaseError as err:
            if attempt == attempts:
                raise
            logger.warning("database error (%s); trying again in %s s", type(err).__name__, delay)
            connections.close_all()
            time.sleep(delay)
            delay *= 2
    return None


@task()
def run_job(job_id: int) -> str:
    """The one django-tasks task: run a Job by its kind, with bounded retries."""
    job = persist(lambda: Job.objects.filter(pk=job_id).first())
    if job is None or job.finished:
        return "skipped"  # deleted meanwhile, or delivered twice
    spec = REGISTRY.get(job.kind)
    if spec is None:
        return _finish(job, JobStatus.FAILED, error=_("This kind of job is not known to this server."))
    now = timezone.now()
    persist(
        lambda: Job.objects.filter(pk=job_id).update(
            status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=now, heartbeat_at=now, error=""
        )
    )
    job.refresh_from_db()
    heartbeat = None
    if settings.JOBS_HEARTBEAT_SECONDS > 0 and not connection.in_atomic_block:
        heartbeat = Heartbeat(job_id, settings.JOBS_HEARTBEAT_SECONDS)
        heartbeat.start()
    summary, data = "", None
    try:
        result = spec.func(job, Progress(job_id, heartbeat), **job.params)
        if isinstance(result, JobResult):
            if result.filename:
                _save_result(job, result)
            summary, data = result.summary, result.data
    except JobFailed as err:
        return _finish(job, JobStatus.FAILED, error=str(err), result=err.data)
    except OSError as err:
        if err.errno != errno.ENOSPC:
            return _retry_or_fail(job, err)
        logger.error("job %s (%s): disk full", job.pk, job.kind)
        return _finish(
            job,
            JobStatus.FAILED,
            error=_(
                "The server's disk is full, so the result could not be written. Nothing was saved; "
                "ask the administrator to free space, then start the job again."
            ),
        )
    except Exception as err:
        return _retry_or_fail(job, err)
    finally:
        if heartbeat is not None:
            heartbeat.stop()
    return _finish(job, JobStatus.DONE, message=summary, result=data)


def abandoned_jobs(now=None):
    """Running jobs whose worker shows no sign of life: no heartbeat for
    JOBS_STALE_SECONDS (or, for a row from before heartbeats, running
    longer than JOBS_TIMEOUT)."""
    now = now or timezone.now()
    stale = Q(heartbeat_at__lt=now - timedelta(seconds=settings.JOBS_STALE_SECONDS))
    old = Q(heartbeat_at__isnull=True, started_at__lt=now - timedelta(seconds=settings.JOBS_TIMEOUT))
    return Job.objects.filter(stale | old, status=JobStatus.RUNNING)


def recover_abandoned(now=None) -> int:
    """Jobs left "running" by a worker that died (killed, machine restarted)
    are queued again, or failed once their attempts are used up, and then
    their kind's ``cleanup`` removes the files they leave (an uploaded
    workbook). Every worker calls this at start and every
    JOBS_HEARTBEAT_SECONDS; each row changes only if it is still abandoned
    when written, so two workers never recover one job twice."""
    count = 0
    for job in abandoned_jobs(now):
        still = abandoned_jobs(now).filter(pk=job.pk)
        if job.attempts < job.max_attempts:
            changed = still.update(
                status=JobStatus.QUEUED, message=_("The worker stopped during this job; trying again.")
            )
            if changed:
                transaction.on_commit(lambda pk=job.pk: enqueue(pk))
        else:
            changed = still.update(
                status=JobStatus.FAILED,
                finished_at=timezone.now(),
                error=_(
                    "The server stopped while this job was running (attempt %(n)s of %(max)s), so it did not "
                    "finish and its result was not saved. Start it again."
                )
                % {"n": job.attempts, "max": job.max_attempts},
            )
            if changed:
                _clean_up(job)
        if changed:
            logger.warning("job %s (%s): worker gone; recovered", job.pk, job.kind)
            count += 1
    return count


def _clean_up(job: Job) -> None:
    spec = REGISTRY.get(job.kind)
    if spec is None or spec.cleanup is None:
        return
    try:
        spec.cleanup(job)
    except Exception:
        logger.exception("job %s (%s): cleanup failed", job.pk, job.kind)


def _save_result(job: Job, result: JobResult) -> None:
    storage = job.result_file.storage
    name = storage.get_available_name(job.result_file.field.generate_filename(job, result.filename))
    try:
        name = storage.save(name, ContentFile(result.content))
    except OSError:
        if storage.exists(name):  # a full disk leaves a truncated file behind
            storage.delete(name)
        raise
    Job.objects.filter(pk=job.pk).update(result_file=name, result_name=result.filename)


def _retry_or_fail(job: Job, err: Exception) -> str:
    # The traceback goes to the log (ids and kind only, no parameters: they
    # may hold personal data); the user sees a short, stable sentence.
    logger.exception("job %s (%s) attempt %s of %s failed", job.pk, job.kind, job.attempts, job.max_attempts)
    if job.attempts < job.max_attempts:
        persist(
            lambda: Job.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED,
                message=_("Attempt %(n)s failed; trying again.") % {"n": job.attempts},
                error=type(err).__name__,
            )
        )
        enqueue(job.pk, delay=settings.JOBS_RETRY_DELAY * job.attempts)
        return "retrying"
    return _finish(
        job,
        JobStatus.FAILED,
        error=_("The job failed %(n)s times (%(error)s). The administrator can find the details in the server log.")
        % {"n": job.attempts, "error": type(err).__name__},
    )


def _finish(job: Job, status: str, error: str = "", message: str = "", result: dict | None = None) -> str:
    changes = {"status": status, "finished_at": timezone.now(), "error": error, "result": result or {}}
    if status == JobStatus.DONE:
        changes.update(progress=100, message=str(message)[:300])
    persist(lambda: Job.objects.filter(pk=job.pk).update(**changes))
    return status

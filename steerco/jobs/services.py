"""Start jobs and run them. The queue itself is django-tasks: the database
backend by default, RQ on Redis to scale out (settings.TASKS)."""

from __future__ import annotations

import errno
import logging
from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks import task

from .models import Job, JobStatus
from .registry import REGISTRY, JobFailed, JobResult

logger = logging.getLogger(__name__)


def start_job(kind: str, *, user=None, unit=None, params: dict | None = None) -> Job:
    """Record a job and queue it once the current transaction commits (so the
    worker never sees a job whose row is not there yet)."""
    if kind not in REGISTRY:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job.objects.create(
        kind=kind, created_by=user, unit=unit, params=params or {}, max_attempts=REGISTRY[kind].max_attempts
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
    """The callback a job function receives: progress(done, total, message)."""

    def __init__(self, job_id: int) -> None:
        self.job_id = job_id
        self._last: tuple[int, str] | None = None

    def __call__(self, done: int, total: int, message: str = "") -> None:
        percent = 0 if total <= 0 else max(0, min(100, int(done * 100 / total)))
        state = (percent, str(message)[:300])
        if state != self._last:  # a tight loop should not write the same row again
            Job.objects.filter(pk=self.job_id).update(progress=percent, message=state[1])
            self._last = state


@task()
def run_job(job_id: int) -> str:
    """The one django-tasks task: run a Job by its kind, with bounded retries."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return "skipped"  # deleted meanwhile, or delivered twice
    spec = REGISTRY.get(job.kind)
    if spec is None:
        return _finish(job, JobStatus.FAILED, error=_("This kind of job is not known to this server."))
    Job.objects.filter(pk=job_id).update(
        status=JobStatus.RUNNING, attempts=F("attempts") + 1, started_at=timezone.now(), error=""
    )
    job.refresh_from_db()
    summary = ""
    try:
        result = spec.func(job, Progress(job_id), **job.params)
        if isinstance(result, JobResult):
            _save_result(job, result)
            summary = result.summary
    except JobFailed as err:
        return _finish(job, JobStatus.FAILED, error=str(err))
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
    return _finish(job, JobStatus.DONE, message=summary)


def recover_abandoned(older_than: timedelta | None = None) -> int:
    """Jobs left "running" by a worker that died (killed, machine restarted)
    are queued again, or failed once their attempts are used up. A job
    counts as abandoned when it has run longer than the job timeout."""
    older_than = older_than or timedelta(seconds=settings.JOBS_TIMEOUT)
    abandoned = Job.objects.filter(status=JobStatus.RUNNING, started_at__lt=timezone.now() - older_than)
    count = 0
    for job in abandoned:
        count += 1
        if job.attempts < job.max_attempts:
            Job.objects.filter(pk=job.pk).update(
                status=JobStatus.QUEUED, message=_("The worker stopped during this job; trying again.")
            )
            transaction.on_commit(lambda pk=job.pk: enqueue(pk))
        else:
            _finish(job, JobStatus.FAILED, error=_("The worker stopped during this job too many times."))
    return count


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
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.QUEUED,
            message=_("Attempt %(n)s failed; trying again.") % {"n": job.attempts},
            error=type(err).__name__,
        )
        enqueue(job.pk, delay=settings.JOBS_RETRY_DELAY * job.attempts)
        return "retrying"
    return _finish(
        job,
        JobStatus.FAILED,
        error=_("The job failed %(n)s times (%(error)s). The administrator can find the details in the server log.")
        % {"n": job.attempts, "error": type(err).__name__},
    )


def _finish(job: Job, status: str, error: str = "", message: str = "") -> str:
    changes = {"status": status, "finished_at": timezone.now(), "error": error}
    if status == JobStatus.DONE:
        changes.update(progress=100, message=str(message)[:300])
    Job.objects.filter(pk=job.pk).update(**changes)
    return status

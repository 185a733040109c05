"""The scale-out queue: the same job through RQ on Redis (127.0.0.1:6379,
database 5). CI sets STEERCO_REQUIRE_REDIS=1 so a missing Redis fails the
run instead of skipping the test."""

import os
from unittest import SkipTest

from django.test import override_settings
from django_tasks import TaskResultStatus

from steerco.jobs.models import JobStatus
from steerco.jobs.services import run_job, start_job
from steerco.jobs.testing import run_queued_jobs
from steerco.testing import PersonaTestCase

from . import kinds_for_tests  # noqa: F401  (registers the test kinds)
from .media import TemporaryMedia

REDIS_TEST_URL = os.environ.get("STEERCO_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")
RQ_SETTINGS = {
    "JOBS_BACKEND": "rq",
    "JOBS_RETRY_DELAY": 0,
    "TASKS": {"default": {"BACKEND": "django_tasks_rq.RQBackend"}},
    "RQ_QUEUES": {"default": {"URL": REDIS_TEST_URL}},
}


@override_settings(**RQ_SETTINGS)
class RedisQueueTests(TemporaryMedia, PersonaTestCase):
    def setUp(self):
        import django_rq
        from redis.exceptions import ConnectionError as RedisConnectionError

        try:
            self.redis = django_rq.get_connection("default")
            self.redis.ping()
        except RedisConnectionError:
            if os.environ.get("STEERCO_REQUIRE_REDIS") == "1":
                raise
            raise SkipTest(f"no Redis at {REDIS_TEST_URL}") from None
        self.redis.flushdb()  # database 5 belongs to these tests
        self.addCleanup(self.redis.flushdb)

    def start(self, kind, **params):
        with self.captureOnCommitCallbacks(execute=True):
            return start_job(kind, acting_user=self.reporter, unit=self.district_a, params=params)

    def test_a_job_runs_through_redis(self):
        job = self.start("tests.count", upto=3)
        self.assertEqual(self.redis.llen("rq:queue:default"), 1)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress, job.result_file.read()), (JobStatus.DONE, 100, b"3"))
        self.assertEqual(run_job.get_result(job.task_id).status, TaskResultStatus.SUCCESSFUL)

    def test_a_transient_failure_is_retried_through_redis(self):
        job = self.start("tests.flaky", fail_times=1)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.DONE, 2))

    def test_a_job_whose_worker_died_is_queued_again_through_redis(self):
        from datetime import timedelta

        from django.utils import timezone

        from steerco.jobs.models import Job
        from steerco.jobs.services import recover_abandoned

        job = self.start("tests.count", upto=2)
        self.redis.flushdb()  # the worker took it and died
        stale = timezone.now() - timedelta(minutes=5)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1, started_at=stale, heartbeat_at=stale)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_abandoned(), 1)
        self.assertEqual(self.redis.llen("rq:queue:default"), 1)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.DONE, 2))

    def test_the_worker_starts_again_after_losing_redis(self):
        from unittest import mock

        from django.core.management import call_command
        from redis.exceptions import ConnectionError as RedisConnectionError

        calls = []

        def flaky(*args, **kwargs):
            calls.append(type(args[0]).__module__)  # RQ's own command, run by its class
            if len(calls) == 1:
                raise RedisConnectionError("Connection refused")

        with (
            mock.patch("steerco.jobs.management.commands.worker.call_command", side_effect=flaky),
            mock.patch("steerco.jobs.management.commands.worker.time.sleep"),
            self.assertLogs("steerco.jobs.worker", "WARNING"),
        ):
            call_command("worker", batch=True, no_schedule=True, verbosity=0)
        self.assertEqual(calls, ["django_rq.management.commands.rqworker"] * 2)

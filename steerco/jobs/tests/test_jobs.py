from datetime import timedelta
from unittest import mock

from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from steerco.indicators.jobs import EXPORT_PACK
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.services import recover_abandoned, start_job
from steerco.jobs.testing import run_queued_jobs
from steerco.testing import PersonaTestCase

from . import kinds_for_tests
from .media import TemporaryMedia


@override_settings(JOBS_RETRY_DELAY=0)
class JobRunTests(TemporaryMedia, PersonaTestCase):
    def start(self, kind, **params):
        with self.captureOnCommitCallbacks(execute=True):
            job = start_job(kind, acting_user=self.reporter, unit=self.district_a, params=params)
        return job

    def test_a_job_is_queued_until_a_worker_runs_it(self):
        job = self.start("tests.count", upto=4)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.QUEUED)
        self.assertTrue(job.task_id)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.progress, job.attempts), (JobStatus.DONE, 100, 1))
        self.assertEqual(job.result_name, "count.txt")
        self.assertEqual(job.result_file.read(), b"4")

    def test_progress_is_written_to_the_job_row_while_it_runs(self):
        kinds_for_tests.SEEN_PROGRESS.clear()
        self.start("tests.count", upto=4)
        run_queued_jobs()
        self.assertEqual(
            kinds_for_tests.SEEN_PROGRESS, [(25, "step 1"), (50, "step 2"), (75, "step 3"), (100, "step 4")]
        )

    def test_a_transient_failure_is_retried(self):
        job = self.start("tests.flaky", fail_times=1)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.error), (JobStatus.DONE, 2, ""))

    def test_retries_are_bounded(self):
        job = self.start("tests.flaky", fail_times=99)
        with self.assertLogs("steerco.jobs.services", "ERROR"):
            run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.FAILED, 3))
        self.assertIn("RuntimeError", job.error)

    def test_bad_input_fails_at_once_with_its_own_message(self):
        job = self.start("tests.bad_input")
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.error), (JobStatus.FAILED, 1, "Dòng 3: thiếu mã đơn vị"))

    def test_a_full_disk_gives_a_clear_error_and_leaves_no_file(self):
        job = self.start("tests.disk_full")
        with (
            mock.patch.object(FileSystemStorage, "_save", kinds_for_tests.raise_enospc),
            self.assertLogs("steerco.jobs.services", "ERROR"),
        ):
            run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts, job.result_name), (JobStatus.FAILED, 1, ""))
        self.assertIn("Ổ đĩa của máy chủ đã đầy", job.error)
        self.assertEqual(list(self.media_files()), [])

    def test_the_export_job_writes_the_programme_pack(self):
        job = self.start(EXPORT_PACK, programme=self.programme.code)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE)
        self.assertIn(b"99-CTr/TU", job.result_file.read())

    def test_an_unknown_kind_cannot_be_started(self):
        with self.assertRaises(ValueError):
            start_job("no.such.kind")

    def test_a_job_delivered_twice_runs_once(self):
        from steerco.jobs.services import run_job

        job = self.start("tests.count", upto=1)
        run_queued_jobs()
        self.assertEqual(run_job.call(job.pk), "skipped")
        job.refresh_from_db()
        self.assertEqual(job.attempts, 1)

    def test_a_job_abandoned_by_a_dead_worker_is_run_again(self):
        job = self.start("tests.count", upto=2)
        long_ago = timezone.now() - timedelta(days=1)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=1, started_at=long_ago)
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_abandoned(), 1)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.DONE, 2))

    def test_a_job_abandoned_too_often_fails(self):
        job = self.start("tests.count", upto=2)
        long_ago = timezone.now() - timedelta(days=1)
        Job.objects.filter(pk=job.pk).update(status=JobStatus.RUNNING, attempts=3, started_at=long_ago)
        recover_abandoned()
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.FAILED)

    def test_a_running_job_without_a_heartbeat_for_the_stale_time_is_recovered(self):
        job = self.start("tests.count", upto=2)
        now = timezone.now()
        Job.objects.filter(pk=job.pk).update(
            status=JobStatus.RUNNING, attempts=1, started_at=now, heartbeat_at=now - timedelta(seconds=5)
        )
        with override_settings(JOBS_STALE_SECONDS=10):
            self.assertEqual(recover_abandoned(), 0)  # a beat 5 s ago: alive
        with override_settings(JOBS_STALE_SECONDS=3), self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(recover_abandoned(), 1)
        run_queued_jobs()
        job.refresh_from_db()
        self.assertEqual((job.status, job.attempts), (JobStatus.DONE, 2))

    def test_by_default_a_dead_worker_is_noticed_within_a_minute(self):
        from django.conf import settings

        # the last beat is at most one interval before death; a check runs every interval
        self.assertLess(settings.JOBS_STALE_SECONDS + 2 * settings.JOBS_HEARTBEAT_SECONDS, 60)

    def test_the_worker_starts_again_after_database_errors(self):
        from django.db import OperationalError

        calls = []

        def flaky(*args, **kwargs):
            calls.append(args[0])
            if len(calls) < 3:
                raise OperationalError("server closed the connection unexpectedly")

        with (
            mock.patch("steerco.jobs.management.commands.worker.call_command", side_effect=flaky),
            mock.patch("steerco.jobs.management.commands.worker.time.sleep") as slept,
            self.assertLogs("steerco.jobs.worker", "WARNING"),
        ):
            from django.core.management import call_command

            call_command("worker", batch=True, no_schedule=True, verbosity=0)
        self.assertEqual(calls, ["db_worker"] * 3)
        self.assertEqual([c.args[0] for c in slept.call_args_list], [1.0, 2.0])

    @override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}})
    def test_the_immediate_backend_runs_the_job_on_commit(self):
        job = self.start("tests.count", upto=2)
        job.refresh_from_db()
        self.assertEqual(job.status, JobStatus.DONE)


class JobPageTests(TemporaryMedia, PersonaTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.job = Job.objects.create(kind="tests.count", created_by=cls.reporter, unit=cls.district_a)
        cls.detail = reverse("jobs:detail", args=[cls.job.pk])
        cls.download = reverse("jobs:download", args=[cls.job.pk])

    def finish_with_file(self):
        self.job.result_file.save("count.txt", ContentFile(b"4"), save=False)
        self.job.result_name = "count.txt"
        self.job.status = JobStatus.DONE
        self.job.save()

    def test_anonymous_visitors_are_sent_to_log_in(self):
        for url in (reverse("jobs:list"), self.detail, self.download):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn(reverse("login"), response["Location"])

    def test_people_without_a_role_in_the_unit_get_not_found(self):
        self.finish_with_file()
        for user in (self.nobody, self.outsider):
            self.client.force_login(user)
            self.assertEqual(self.client.get(self.detail).status_code, 404)
            self.assertEqual(self.client.get(self.download).status_code, 404)
            self.assertNotContains(self.client.get(reverse("jobs:list")), self.detail)

    def test_the_creator_and_people_above_the_unit_see_the_job_and_its_result(self):
        self.finish_with_file()
        for user in (self.reporter, self.approver, self.secretariat):
            self.client.force_login(user)
            self.assertContains(self.client.get(reverse("jobs:list")), self.detail)
            self.assertContains(self.client.get(self.detail), "count.txt")
            response = self.client.get(self.download)
            self.assertEqual(response.status_code, 200)
            self.assertEqual(b"".join(response.streaming_content), b"4")
            self.assertIn("attachment", response["Content-Disposition"])

    def test_the_status_fragment_polls_while_the_job_runs_and_stops_when_done(self):
        self.client.force_login(self.reporter)
        fragment = self.client.get(self.detail, headers={"HX-Request": "true"})
        self.assertContains(fragment, "hx-trigger")
        self.assertNotContains(fragment, "<html")
        self.finish_with_file()
        self.assertNotContains(self.client.get(self.detail, headers={"HX-Request": "true"}), "hx-trigger")

    def test_the_full_page_loads_htmx_from_the_package(self):
        self.client.force_login(self.reporter)
        self.assertContains(self.client.get(self.detail), "django_htmx/htmx")

    def test_there_is_no_download_before_there_is_a_result(self):
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.get(self.download).status_code, 404)

    def test_the_list_page_runs_a_fixed_number_of_queries(self):
        for _ in range(5):
            Job.objects.create(kind="tests.count", created_by=self.reporter, unit=self.district_a)
        self.client.force_login(self.secretariat)
        with self.assertNumQueries(7):
            self.client.get(reverse("jobs:list"))

    @override_settings(JOBS_RETRY_DELAY=0)
    def test_starting_an_export_queues_a_job_scoped_to_the_programme_owner(self):
        self.client.force_login(self.secretariat)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(reverse("jobs:list"), {"kind": EXPORT_PACK, "programme": self.programme.code})
        job = Job.objects.latest("pk")
        self.assertRedirects(response, reverse("jobs:detail", args=[job.pk]))
        self.assertEqual((job.kind, job.unit, job.created_by), (EXPORT_PACK, self.city, self.secretariat))

    def test_a_programme_outside_ones_units_cannot_be_exported(self):
        self.client.force_login(self.outsider)
        response = self.client.post(reverse("jobs:list"), {"kind": EXPORT_PACK, "programme": self.programme.code})
        self.assertEqual(response.status_code, 200)
        self.assertFalse(Job.objects.filter(kind=EXPORT_PACK).exists())

"""The periodic scheduler: a daily job is started once the day's slot has
passed, once a day, whatever the number of workers. The clock is frozen
(Hanoi time)."""

import threading
from datetime import date, datetime, time
from unittest import mock, skipUnless
from zoneinfo import ZoneInfo

import time_machine
from django.contrib.auth import get_user_model
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import connection, connections
from django.test import SimpleTestCase, TestCase, TransactionTestCase

from steerco.env import env_time
from steerco.jobs import schedule
from steerco.jobs.models import Job, JobStatus, ScheduledRun
from steerco.jobs.schedule import SCHEDULES, Ticker, daily, tick
from steerco.jobs.testing import run_queued_jobs
from steerco.testing import PASSWORD, PersonaTestCase

from . import kinds_for_tests  # noqa: F401  (registers tests.count)

HANOI = ZoneInfo("Asia/Ho_Chi_Minh")
SLOT = time(7, 0)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


class OnlyTestSchedule:
    """Replace the registered schedules (the daily reminders) by one that
    starts ``tests.count`` after 07:00 with the day in its parameters."""

    slot = SLOT

    def setUp(self):
        super().setUp()
        patcher = mock.patch.dict(SCHEDULES, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        daily("tests.count", at=lambda: self.slot, params=lambda day: {"upto": day.day})

    def tick_at(self, moment: datetime) -> list[Job]:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return tick()


class DailySlotTests(OnlyTestSchedule, TestCase):
    def test_before_the_slot_nothing_after_it_one_job_then_none_until_the_next_day(self):
        day = date(2026, 11, 26)
        assert self.tick_at(at(day, 6, 59)) == []
        assert not Job.objects.exists() and not ScheduledRun.objects.exists()

        [job] = self.tick_at(at(day, 7, 0))
        assert (job.kind, job.params, job.created_by, job.status) == ("tests.count", {"upto": 26}, None, "queued")
        assert ScheduledRun.objects.get().job == job and ScheduledRun.objects.get().day == day

        assert self.tick_at(at(day, 7, 1)) == []  # the next tick of the same worker
        assert self.tick_at(at(day, 23, 59)) == []
        assert Job.objects.count() == 1

        assert self.tick_at(at(date(2026, 11, 27), 6, 0)) == []  # the next day, before the slot
        [tomorrow] = self.tick_at(at(date(2026, 11, 27), 7, 30))
        assert tomorrow.params == {"upto": 27}
        assert list(ScheduledRun.objects.order_by("day").values_list("day", flat=True)) == [
            day,
            date(2026, 11, 27),
        ]

    def test_the_day_and_the_slot_are_hanoi_time(self):
        utc = ZoneInfo("UTC")
        # 23:30 UTC on the 25th is 06:30 on the 26th in Hanoi: before the slot
        assert self.tick_at(datetime(2026, 11, 25, 23, 30, tzinfo=utc)) == []
        # 00:00 UTC on the 26th is 07:00 in Hanoi
        [job] = self.tick_at(datetime(2026, 11, 26, 0, 0, tzinfo=utc))
        assert job.params == {"upto": 26}

    def test_the_job_is_queued_and_runs_on_the_worker(self):
        [job] = self.tick_at(at(date(2026, 11, 3), 8))
        job.refresh_from_db()
        assert job.task_id  # queued on commit
        run_queued_jobs()
        job.refresh_from_db()
        assert (job.status, job.result_file.read()) == (JobStatus.DONE, b"3")

    def test_a_second_worker_that_loses_the_race_starts_nothing(self):
        day = date(2026, 11, 26)
        self.tick_at(at(day, 7))
        # The other worker looked before the row was there; its insert is refused.
        with mock.patch.object(ScheduledRun.objects, "filter") as looked:
            looked.return_value.exists.return_value = False
            assert self.tick_at(at(day, 7)) == []
        assert Job.objects.count() == 1 and ScheduledRun.objects.count() == 1


class SwitchedOffTests(OnlyTestSchedule, TestCase):
    slot = None

    def test_a_schedule_without_a_slot_starts_nothing(self):
        assert self.tick_at(at(date(2026, 11, 26), 12)) == []
        assert not ScheduledRun.objects.exists()


class WorkerTests(OnlyTestSchedule, TestCase):
    def test_a_batch_worker_ticks_once_unless_told_not_to(self):
        with (
            mock.patch("steerco.jobs.management.commands.worker.tick") as ticked,
            mock.patch("steerco.jobs.management.commands.worker.call_command"),
        ):
            call_command("worker", batch=True, verbosity=0)
            assert ticked.call_count == 1
            call_command("worker", batch=True, no_schedule=True, verbosity=0)
            assert ticked.call_count == 1

    def test_a_running_worker_ticks_beside_the_queue_and_stops_with_it(self):
        seen = threading.Event()
        with (
            mock.patch.object(schedule, "tick", side_effect=lambda: seen.set()) as ticked,
            mock.patch(
                "steerco.jobs.management.commands.worker.call_command", side_effect=lambda *a, **k: seen.wait(5)
            ),
            mock.patch("steerco.jobs.management.commands.worker.TICK_SECONDS", 0.01),
        ):
            call_command("worker", verbosity=0)  # returns once the ticker has ticked
        assert seen.is_set() and ticked.call_count >= 1
        for thread in threading.enumerate():
            if thread.name == "steerco-schedule":
                thread.join(5)
                assert not thread.is_alive()

    def test_a_failing_tick_is_logged_and_the_ticker_goes_on(self):
        calls = []

        def flaky():
            calls.append(1)
            if len(calls) == 1:
                raise RuntimeError("database away")

        ticker = Ticker(interval=0.01)
        with mock.patch.object(schedule, "tick", side_effect=flaky), self.assertLogs("steerco.jobs.schedule", "ERROR"):
            ticker.start()
            for _ in range(200):
                if len(calls) >= 2:
                    break
                threading.Event().wait(0.01)
            ticker.stop()
            ticker.join(5)
        assert len(calls) >= 2 and not ticker.is_alive()


class SlotSettingTests(SimpleTestCase):
    def test_the_slot_is_read_from_the_environment(self):
        with mock.patch.dict("os.environ", {"STEERCO_REMIND_AT": "06:30"}):
            assert env_time("STEERCO_REMIND_AT", SLOT) == time(6, 30)
        with mock.patch.dict("os.environ", {"STEERCO_REMIND_AT": "off"}):
            assert env_time("STEERCO_REMIND_AT", SLOT) is None
        with mock.patch.dict("os.environ", {}, clear=True):
            assert env_time("STEERCO_REMIND_AT", SLOT) == SLOT
        for bad in ("7h", "25:00", "07:00:00"):
            with mock.patch.dict("os.environ", {"STEERCO_REMIND_AT": bad}), self.assertRaises(ImproperlyConfigured):
                env_time("STEERCO_REMIND_AT", SLOT)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL only")
class ConcurrentWorkerTests(TransactionTestCase):
    """Eight workers tick at the same instant: one job."""

    def test_of_several_workers_ticking_at_once_one_starts_the_job(self):
        started, errors = [], []
        barrier = threading.Barrier(8)

        def worker():
            try:
                barrier.wait()
                started.extend(tick())
            except Exception as err:  # collected, then asserted on
                errors.append(err)
            finally:
                connections.close_all()

        with (
            mock.patch.dict(SCHEDULES, clear=True),
            mock.patch("steerco.jobs.services.enqueue"),
            time_machine.travel(at(date(2026, 11, 26), 7, 5), tick=False),
        ):
            daily("tests.count", at=lambda: SLOT, params=lambda day: {"upto": 1})
            with mock.patch.object(schedule.ScheduledRun.objects, "filter") as looked:
                looked.return_value.exists.return_value = False  # all of them get as far as the insert
                threads = [threading.Thread(target=worker) for _ in range(8)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join(30)
        assert errors == [] and len(started) == 1
        assert Job.objects.count() == 1 and ScheduledRun.objects.count() == 1


class UnscopedJobTests(PersonaTestCase):
    def test_a_scheduled_job_of_no_unit_is_seen_by_superusers_only(self):
        job = Job.objects.create(kind="tests.count")
        admin = get_user_model().objects.create_superuser("root", password=PASSWORD)
        assert list(Job.objects.visible_to(admin)) == [job]
        for user in (self.secretariat, self.reporter, self.outsider):
            assert not Job.objects.visible_to(user).exists()

"""The daily reminders on the job worker, the digest weekday of each
programme, and the command's words in Vietnamese or English."""

import runpy
from datetime import date, datetime, time
from io import StringIO
from unittest import mock

import time_machine
from django.conf import settings
from django.core.management import call_command
from django.test import SimpleTestCase, override_settings
from django.urls import reverse

from steerco.findings.models import Finding, FindingSource
from steerco.jobs.models import Job, JobStatus, ScheduledRun
from steerco.jobs.schedule import tick
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia

from ..jobs import REMIND
from ..models import Notice, NoticeKind, ReminderPolicy
from .base import HANOI, FollowupTestCase

LATE = NoticeKind.REPORT_OVERDUE
WEDNESDAY = date(2023, 6, 21)  # the day after the 2023-H1 deadline


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HANOI)


@override_settings(REMIND_AT=time(7, 0), JOBS_RETRY_DELAY=0)
class DailyJobTests(TemporaryMedia, FollowupTestCase):
    def tick_at(self, moment: datetime) -> list[Job]:
        with time_machine.travel(moment, tick=False), self.captureOnCommitCallbacks(execute=True):
            return [job for job in tick() if job.kind == REMIND]

    def test_the_worker_sends_the_days_reminders_once_after_the_slot(self):
        assert self.tick_at(at(WEDNESDAY, 6, 59)) == []
        [job] = self.tick_at(at(WEDNESDAY, 7, 5))
        assert (job.params, job.unit, job.created_by) == ({"day": "2023-06-21"}, self.city, None)
        with time_machine.travel(at(WEDNESDAY, 7, 6), tick=False):
            run_queued_jobs()
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        late = [(LATE, "DIST-A"), (LATE, "DIST-A-CS01"), (LATE, "DIST-A-CS02"), (LATE, "DIST-B"), (LATE, "DIST-B-CS01")]
        assert self.received(self.secretariat) == late
        assert job.message == "5 lời nhắc cho 3 người, 0 bản tổng hợp tuần, 3 thư điện tử; 0 đã gửi từ trước."
        report = job.result_file.read().decode()
        assert "Quá hạn báo cáo: DIST-B-CS01" in report and "outsider" in report
        assert job.result_name == "nhac-viec-2023-06-21.txt"

        assert self.tick_at(at(WEDNESDAY, 12)) == []  # a later tick, or another worker: no second job
        out = StringIO()
        call_command("remind", "--today", "2023-06-21", stdout=out)  # by hand, as before: nothing twice
        assert "0 lời nhắc" in out.getvalue() and "10 đã gửi từ trước" in out.getvalue()

        [thursday] = self.tick_at(at(date(2023, 6, 22), 7))
        assert thursday.params == {"day": "2023-06-22"}
        assert ScheduledRun.objects.filter(kind=REMIND).count() == 2

    def test_the_job_shows_in_the_jobs_list_with_its_summary_to_those_who_see_the_whole_tree(self):
        [job] = self.tick_at(at(WEDNESDAY, 8))
        with time_machine.travel(at(WEDNESDAY, 8, 1), tick=False):
            run_queued_jobs()
        detail = reverse("jobs:detail", args=[job.pk])
        self.client.force_login(self.secretariat)
        page = self.client.get(reverse("jobs:list")).content.decode()
        assert detail in page and "Nhắc việc hằng ngày" in page and "5 lời nhắc cho 3 người" in page
        assert self.client.get(reverse("jobs:download", args=[job.pk])).status_code == 200
        for user in (self.outsider, self.reporter):  # district people: the report names other districts
            self.client.force_login(user)
            assert detail not in self.client.get(reverse("jobs:list")).content.decode()
            assert self.client.get(detail).status_code == 404

    @override_settings(REMIND_AT=None)
    def test_switched_off_the_worker_sends_nothing(self):
        assert self.tick_at(at(WEDNESDAY, 12)) == []
        assert not Notice.objects.exists()


class DemoSlotTests(SimpleTestCase):
    """The demo's data is of 2023: its worker must not chase for the real
    date unless asked to."""

    def remind_at(self, **env):
        import os

        clean = {k: v for k, v in os.environ.items() if k not in ("STEERCO_DEMO", "STEERCO_REMIND_AT")}
        with mock.patch.dict("os.environ", {**clean, **env}, clear=True):
            return runpy.run_path(str(settings.BASE_DIR / "settings.py"))["REMIND_AT"]

    def test_on_at_seven_by_default_off_in_the_demo_unless_set(self):
        assert self.remind_at() == time(7, 0)
        assert self.remind_at(STEERCO_REMIND_AT="05:45") == time(5, 45)
        assert self.remind_at(STEERCO_DEMO="1") is None
        assert self.remind_at(STEERCO_DEMO="1", STEERCO_REMIND_AT="07:00") == time(7, 0)


class DigestWeekdayTests(FollowupTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        with time_machine.travel(at(date(2023, 3, 1), 9), tick=False):
            Finding.objects.create(  # of no programme: on Mondays
                owner=cls.org_b1,
                title="Chưa kiện toàn chi bộ",
                source=FindingSource.SELF_ASSESSMENT,
                identified_on=date(2023, 3, 1),
                deadline=date(2023, 6, 1),
            )

    def digest_of(self, user) -> str:
        return Notice.objects.filter(user=user, kind=NoticeKind.DIGEST).latest("pk").body

    def test_a_programme_sends_its_digest_on_its_own_weekday(self):
        ReminderPolicy.objects.create(programme=self.programme, digest_weekday=3)  # Thursday
        self.remind(date(2023, 6, 21))  # Wednesday: the late reports; the reporter gets one email, two wait
        assert Notice.objects.filter(user=self.reporter, for_digest=True).count() == 2

        monday = self.remind(date(2023, 6, 26))
        body = self.digest_of(self.secretariat)
        assert "Chưa kiện toàn chi bộ" in body and "Quá hạn báo cáo" not in body  # the programme waits
        assert self.reporter not in [d.user for d in monday.digests]  # its held-back reminder waits too

        thursday = self.remind(date(2023, 6, 29))
        body = self.digest_of(self.secretariat)
        assert "Quá hạn báo cáo: Đơn vị DIST-A" in body and "Chưa kiện toàn chi bộ" not in body
        assert self.reporter in [d.user for d in thursday.digests]
        assert not Notice.objects.filter(user=self.reporter, for_digest=True).exists()
        assert self.remind(date(2023, 6, 30)).digests == []  # Friday: nothing

    def test_mondays_by_default(self):
        assert self.remind(date(2023, 6, 29)).digests == []  # Thursday
        body = [d for d in self.remind(date(2023, 7, 3)).digests if d.user == self.secretariat]
        assert body and "Quá hạn báo cáo" in self.digest_of(self.secretariat)

    def test_the_weekday_is_set_on_the_programmes_follow_up_settings_in_the_admin(self):
        from steerco.testing import make_user

        admin = make_user("admin")
        admin.is_staff = admin.is_superuser = True
        admin.save()
        self.client.force_login(admin)
        page = self.client.get(reverse("admin:followup_reminderpolicy_add")).content.decode()
        assert 'name="digest_weekday"' in page and "Thứ 5" in page


class CommandLanguageTests(FollowupTestCase):
    def remind(self, *args) -> str:
        out = StringIO()
        call_command("remind", "--today", "2023-06-21", "--dry-run", *args, stdout=out)
        return out.getvalue()

    def test_vietnamese_by_default(self):
        text = self.remind()
        assert text.splitlines()[0] == "5 lời nhắc đến hạn ngày 21/6/2023"
        assert "21/6/2023 (chạy thử: không gửi gì)" in text
        assert (
            "Quá hạn báo cáo: DIST-B Đơn vị DIST-B – 99-CTr/TU 2023-H1 → outsider (thư điện tử), secretariat\n" in text
        )
        assert text.rstrip().endswith("5 lời nhắc cho 3 người, 0 bản tổng hợp tuần, 3 thư điện tử; 0 đã gửi từ trước.")

    def test_english_with_lang_en(self):
        text = self.remind("--lang", "en")
        assert text.splitlines()[0] == "5 reminders due on 21/6/2023"
        assert "21/6/2023 (dry run: nothing sent)" in text
        assert "Report overdue: DIST-B Unit DIST-B – 99-CTr/TU 2023-H1 → outsider (email), secretariat\n" in text
        assert text.rstrip().endswith("5 reminders to 3 people, 0 digests, 3 emails; 0 already sent before.")

    @override_settings(LANGUAGE_CODE="en")
    def test_the_site_language_is_the_default(self):
        assert "5 reminders to 3 people" in self.remind()
        assert "5 lời nhắc cho 3 người" in self.remind("--lang", "vi")

    def test_the_messages_keep_their_recipients_language(self):
        call_command("remind", "--today", "2023-06-21", "--lang", "en", stdout=StringIO())
        assert Notice.objects.filter(user=self.reporter).first().subject.startswith("Quá hạn báo cáo")

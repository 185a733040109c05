"""The timeline per period: last submission → closed → signed → delivered,
with the machine time of the issue and the secretariat's actions."""

from datetime import date, timedelta

from django.test import override_settings
from django.utils import timezone

from steerco.collection.closing import close_round
from steerco.collection.models import ReportingRound, Submission
from steerco.indicators.models import ValueStatus
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia
from steerco.lib.numbers import fmt_moment

from ..models import Draft, Recipient
from ..timeline import timelines
from .base import ReportTestCase


@override_settings(JOBS_RETRY_DELAY=0, SIGNING={})
class TimelineTests(TemporaryMedia, ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.round = ReportingRound.objects.create(
            programme=cls.programme,
            period="2023-H1",
            data_from=date(2023, 1, 1),
            data_to=date(2023, 6, 30),
            deadline=date(2023, 7, 5),
        )
        Submission.objects.create(
            round=cls.round, unit=cls.district_a, status=ValueStatus.SUBMITTED, submitted_at=timezone.now()
        )
        Recipient.objects.create(programme=cls.programme, label="Thường trực", email="tt@example.org")

    def test_close_issue_and_deliver_make_one_timeline_within_the_goal(self):
        close_round(self.round, acting_user=self.secretariat)
        self.client.force_login(self.secretariat)
        data = {"programme": self.programme.code, "unit": "CITY", "period": "2023-H1", "language": "vi"}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/reports/issue/", {**data, "format": "pdf", "confirm": "1"})
        run_queued_jobs()
        [line] = timelines([self.programme])
        assert line.issued is not None and line.issued.symbol == "1-BC/BCĐ"
        assert line.last_submission <= line.closed_at <= line.issued.issued_at <= line.delivered_at
        assert timedelta(0) < line.machine < timedelta(minutes=5)
        assert line.human_steps == 2 and line.within_goal
        page = self.client.get("/reports/timeline/").content.decode()
        assert 'data-within-goal="yes"' in page and "1-BC/BCĐ" in page

    def test_each_edit_of_the_free_text_is_an_action_of_the_secretariat(self):
        from ..review import edit_free_text, make_draft

        draft = make_draft(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        edited = edit_free_text(draft, limitations="Đánh giá chung.", tasks="", acting_user=self.secretariat)
        edit_free_text(edited, limitations="Đánh giá chung, sửa lại.", tasks="", acting_user=self.secretariat)
        # not the city's report
        make_draft(self.programme, "2023-H1", "vi", unit=self.district_a, acting_user=self.secretariat)
        district = Draft.objects.get(unit=self.district_a)
        edit_free_text(district, limitations="Của quận.", tasks="", acting_user=self.secretariat)
        [line] = timelines([self.programme])
        assert line.human_steps == 2  # the city's two edits; drafts made here ran no job

    def test_a_period_not_yet_closed_has_no_total(self):
        [line] = timelines([self.programme])
        assert line.total is None and not line.within_goal and line.human_steps == 0
        self.client.force_login(self.outsider)
        assert "2023-H1" not in self.client.get("/reports/timeline/").content.decode()

    def test_the_programme_page_shows_the_timeline_of_its_periods(self):
        close_round(self.round, acting_user=self.secretariat)
        self.client.force_login(self.secretariat)
        data = {"programme": self.programme.code, "unit": "CITY", "period": "2023-H1", "language": "vi"}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/reports/issue/", {**data, "format": "pdf", "confirm": "1"})
        run_queued_jobs()
        [line] = timelines([self.programme])
        page = self.client.get("/", {"programme": self.programme.code, "period": "2023-H1"}).content.decode()
        panel = page[page.index('id="reports-timeline"') :]
        assert "Từ đóng kỳ đến gửi báo cáo" in panel and 'class="current"' in panel
        assert 'data-within-goal="yes"' in panel and "1-BC/BCĐ" in panel
        assert line.total_text in panel and line.machine_text in panel  # the durations
        assert fmt_moment(line.closed_at.astimezone(timezone.get_current_timezone())) in panel

    def test_the_programme_page_shows_no_timeline_to_those_below_its_owner(self):
        self.client.force_login(self.reporter)  # district A: sees the programme's page for its unit
        page = self.client.get("/", {"programme": self.programme.code, "period": "2023-H1"})
        assert page.status_code == 200 and 'id="reports-timeline"' not in page.content.decode()

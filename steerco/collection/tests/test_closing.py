"""Closing a round: from its completeness page, with a reason when units
still owe their report; by itself at its deadline (the daily job); a closed
round refuses writes; reopening needs a reason."""

from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.test import override_settings

from steerco.indicators.models import ValueStatus
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.schedule import SCHEDULES, tick
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia

from ..closing import close_due, close_round, reopen_round
from ..closing_job import CLOSE_DUE
from ..models import ReportingRound, RoundState, Submission
from ..services import Rejected
from .base import RoundTestCase


class CloseServiceTests(RoundTestCase):
    def test_closing_with_units_missing_needs_a_reason(self):
        with self.assertRaises(Rejected) as caught:
            close_round(self.round, acting_user=self.secretariat)
        assert "5 đơn vị chưa nộp báo cáo" in str(caught.exception)
        assert ReportingRound.objects.get().state == RoundState.OPEN

    def test_closing_when_everyone_submitted_needs_no_reason(self):
        Submission.objects.update(status=ValueStatus.SUBMITTED)
        closed = close_round(self.round, acting_user=self.secretariat)
        assert (closed.state, closed.closed_by, closed.close_reason) == (RoundState.CLOSED, self.secretariat, "")

    def test_a_closed_round_refuses_writes_and_keeps_its_reason_in_history(self):
        close_round(self.round, reason="Tổng hợp gấp", acting_user=self.secretariat)
        with self.assertRaises(Rejected) as caught:
            self.write(self.reporter, self.org_a1, {"ADMITTED": 3})
        assert caught.exception.problems[0].kind == "closed"
        latest = self.round.history.latest()
        assert latest.history_change_reason == "close: Tổng hợp gấp" and latest.history_user == self.secretariat

    def test_only_the_secretariat_closes_and_reopening_needs_a_reason(self):
        with self.assertRaises(Rejected) as caught:
            close_round(self.round, reason="x", acting_user=self.approver)
        assert caught.exception.is_forbidden
        close_round(self.round, reason="Hết hạn", acting_user=self.secretariat)
        with self.assertRaises(Rejected):
            reopen_round(self.round, reason=" ", acting_user=self.secretariat)
        opened = reopen_round(self.round, reason="Quận A nộp bổ sung", acting_user=self.secretariat)
        assert opened.state == RoundState.OPEN and opened.close_reason == ""
        assert self.round.history.latest().history_change_reason == "reopen: Quận A nộp bổ sung"

    def test_at_the_deadline_only_rounds_set_to_close_by_themselves_close(self):
        assert close_due(date(2023, 6, 21)) == []
        ReportingRound.objects.update(closes_at_deadline=True)
        assert close_due(date(2023, 6, 20)) == []  # the deadline day itself is still open
        Submission.objects.filter(unit__in=[self.district_a, self.org_a1]).update(status=ValueStatus.APPROVED)
        [closed] = close_due(date(2023, 6, 21))
        assert closed.closed_by is None
        missing = "DIST-A-CS02, DIST-B, DIST-B-CS01"
        assert closed.close_reason == f"Đóng khi hết hạn (20/6/2023); 3 đơn vị chưa nộp: {missing}."
        assert close_due(date(2023, 6, 22)) == []


@override_settings(JOBS_RETRY_DELAY=0, CLOSE_ROUNDS_AT=datetime(2000, 1, 1, 0, 30).time())
class CloseJobTests(TemporaryMedia, RoundTestCase):
    def test_the_worker_closes_due_rounds_once_a_day_after_the_slot(self):
        ReportingRound.objects.update(closes_at_deadline=True)
        schedules = {k: v for k, v in SCHEDULES.items() if k == CLOSE_DUE}
        slot = datetime(2023, 6, 21, 1, 0, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        with mock.patch.dict(SCHEDULES, schedules, clear=True), self.captureOnCommitCallbacks(execute=True):
            started = tick(slot)
            assert tick(slot) == []
        assert [j.kind for j in started] == [CLOSE_DUE]
        run_queued_jobs()
        job = Job.objects.get()
        assert job.status == JobStatus.DONE and job.message == "Đã đóng 1 kỳ báo cáo."
        assert ReportingRound.objects.get().state == RoundState.CLOSED


class ClosePageTests(RoundTestCase):
    def page(self, user):
        self.client.force_login(user)
        return self.client.get(f"/collection/rounds/{self.round.pk}/")

    def post(self, user, **data):
        self.client.force_login(user)
        return self.client.post(f"/collection/rounds/{self.round.pk}/close/", data)

    def test_the_secretariat_sees_what_is_owed_and_the_close_form(self):
        page = self.page(self.secretariat).content.decode()
        assert "5 đơn vị còn nợ báo cáo" in page and 'name="close"' in page

    def test_others_see_no_form_and_may_not_close(self):
        assert 'name="close"' not in self.page(self.approver).content.decode()
        assert self.post(self.approver, reason="x", close="1").status_code == 403
        assert self.post(self.outsider, reason="x", close="1").status_code == 403
        assert ReportingRound.objects.get().state == RoundState.OPEN

    def test_closing_without_a_reason_says_why_and_changes_nothing(self):
        response = self.post(self.secretariat, close="1")
        assert response.status_code == 400
        assert "hãy nêu lý do vẫn đóng kỳ" in response.content.decode()
        assert ReportingRound.objects.get().state == RoundState.OPEN

    def test_close_then_reopen_from_the_page(self):
        response = self.post(self.secretariat, reason="Hết hạn tổng hợp", close="1")
        assert response.status_code == 302
        page = self.page(self.secretariat).content.decode()
        assert 'data-state="closed"' in page and "Hết hạn tổng hợp" in page and 'name="reopen"' in page
        assert self.post(self.secretariat, reopen="1").status_code == 400
        assert self.post(self.secretariat, reason="Nộp bổ sung", reopen="1").status_code == 302
        assert ReportingRound.objects.get().state == RoundState.OPEN

    def test_a_get_is_refused(self):
        self.client.force_login(self.secretariat)
        assert self.client.get(f"/collection/rounds/{self.round.pk}/close/").status_code == 405

"""Issuing freezes a numbered snapshot; downloading it later returns the
same bytes whatever happened to the data."""

from datetime import date, timedelta
from unittest import mock

from django.db import connection
from django.test import override_settings

from steerco.indicators.models import DataValue
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia
from steerco.lib.numbers import fmt_day

from .. import issuing
from ..issuing import can_issue, issue_report
from ..jobs import ISSUE
from ..models import IssuedFile, IssuedReport
from .base import WHEN, ReportTestCase
from .helpers import docx_text, pdf_text


class IssuingTests(ReportTestCase):
    def issue(self, **kwargs):
        return issue_report(self.programme, "2023-H1", "vi", now=WHEN, **kwargs, acting_user=self.secretariat)

    def test_issued_reports_are_numbered_in_sequence_per_issuer_and_year(self):
        first, second = self.issue(), self.issue()
        assert (first.number, second.number) == (1, 2)
        assert (first.symbol, second.symbol) == ("1-BC/BCĐ", "2-BC/BCĐ")
        later = issue_report(
            self.programme, "2023-H1", "vi", now=WHEN + timedelta(days=365), acting_user=self.secretariat
        )
        assert later.number == 1 and later.year == 2024

    def test_the_number_is_printed_in_the_heading(self):
        report = self.issue()
        pdf = report.files.get(format="pdf")
        assert "Số 1-BC/BCĐ" in pdf_text(bytes(pdf.content))
        assert "Số 1-BC/BCĐ" in docx_text(bytes(report.files.get(format="docx").content))

    def test_docx_pdf_and_annex_are_stored_with_their_hash(self):
        report = self.issue()
        files = {f.format: f for f in report.files.all()}
        assert sorted(files) == ["docx", "pdf", "xlsx"]
        assert all(f.intact and f.size == len(bytes(f.content)) for f in files.values())

    def test_a_download_after_the_data_changed_returns_the_issued_bytes(self):
        report = self.issue()
        stored = bytes(report.files.get(format="docx").content)
        DataValue.objects.filter(indicator=self.admitted).update(value=999)
        self.client.force_login(self.secretariat)
        response = self.client.get(f"/reports/issued/{report.pk}/docx/")
        assert response.status_code == 200
        assert response.content == stored
        assert response["X-Content-SHA256"] == IssuedFile.digest(stored)
        assert "70" in docx_text(response.content) and "999" not in docx_text(response.content)

    def test_a_stored_file_that_no_longer_matches_its_hash_is_not_served(self):
        report = self.issue()
        IssuedFile.objects.filter(report=report, format="pdf").update(content=b"tampered")
        self.client.force_login(self.secretariat)
        assert self.client.get(f"/reports/issued/{report.pk}/pdf/").status_code == 404

    def test_rendering_happens_outside_any_transaction_and_the_record_in_one(self):
        depth = len(connection.atomic_blocks)  # the test case's own transactions
        seen = []
        real_render, real_record = issuing.render, issuing._record

        def render(document, fmt):
            seen.append(("render", len(connection.atomic_blocks) - depth))
            return real_render(document, fmt)

        def record(*args):
            seen.append(("record", len(connection.atomic_blocks) - depth))
            return real_record(*args)

        with mock.patch.object(issuing, "render", render), mock.patch.object(issuing, "_record", record):
            self.issue()
        assert seen == [("render", 0), ("render", 0), ("render", 0), ("record", 1)]

    def test_a_number_taken_while_rendering_is_rendered_again_with_the_next(self):
        real = issuing.next_number
        calls = []

        def stale(issuer_code, year):
            calls.append(1)
            if len(calls) == 1:
                self.issue()  # another issue lands with number 1 meanwhile
                return 1
            return real(issuer_code, year)

        with mock.patch.object(issuing, "next_number", stale):
            report = self.issue()
        assert report.number == 2 and "Số 2-BC/BCĐ" in pdf_text(bytes(report.files.get(format="pdf").content))

    def test_the_report_date_is_printed_and_kept(self):
        report = self.issue(issued_on=date(2023, 7, 10))
        assert report.report_date == date(2023, 7, 10)
        assert "ngày 10 tháng 7 năm 2023" in pdf_text(bytes(report.files.get(format="pdf").content))

    def test_only_the_secretariat_above_a_unit_may_issue_its_report(self):
        assert can_issue(self.secretariat, self.district_a)
        assert not can_issue(self.reporter, self.district_a)
        assert not can_issue(self.approver, self.city)
        assert not can_issue(self.nobody, self.city)


@override_settings(JOBS_RETRY_DELAY=0)
class IssueViewTests(TemporaryMedia, ReportTestCase):
    def post(self, user, unit="CITY", **extra):
        if user:
            self.client.force_login(user)
        data = {"programme": self.programme.code, "unit": unit, "period": "2023-H1", "format": "pdf", "language": "vi"}
        data.update(extra)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/reports/issue/", data)
        run_queued_jobs()
        return response

    def test_anonymous_is_sent_to_log_in(self):
        response = self.post(None)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert not IssuedReport.objects.exists()

    def test_a_user_without_a_role_cannot_issue(self):
        assert self.post(self.nobody).status_code == 400
        assert not IssuedReport.objects.exists()

    def test_the_secretariat_issues_as_a_job_whose_page_shows_it(self):
        response = self.post(self.secretariat, date="10/07/2023", confirm="1")
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
        assert (job.kind, job.status, job.created_by, job.unit) == (ISSUE, JobStatus.DONE, self.secretariat, self.city)
        report = IssuedReport.objects.get()
        assert report.symbol == "1-BC/BCĐ" and report.report_date == date(2023, 7, 10)
        assert job.message == "Đã ban hành báo cáo số 1-BC/BCĐ."
        page = self.client.get(f"/jobs/{job.pk}/").content.decode()
        assert "Đã ban hành báo cáo số 1-BC/BCĐ." in page and "100 %" in page
        download = b"".join(self.client.get(f"/jobs/{job.pk}/download/").streaming_content)
        assert download == bytes(report.files.get(format="pdf").content)

    def test_the_job_refuses_an_issuer_who_lost_the_role_meanwhile(self):
        self.client.force_login(self.secretariat)
        data = {"programme": self.programme.code, "unit": "CITY", "period": "2023-H1", "language": "vi"}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/reports/issue/", {**data, "format": "pdf", "confirm": "1"})
        self.secretariat.memberships.all().delete()
        run_queued_jobs()
        job = Job.objects.get()
        assert job.status == JobStatus.FAILED and "thư ký" in job.error.lower()
        assert not IssuedReport.objects.exists()

    def test_a_reporter_cannot_issue_their_districts_report(self):
        assert self.post(self.reporter, "DIST-A").status_code == 403
        assert self.post(self.reporter, "DIST-A", confirm="1").status_code == 403
        assert not IssuedReport.objects.exists()

    def test_an_outsider_cannot_issue_for_another_district(self):
        assert self.post(self.outsider, "DIST-A").status_code == 400
        assert self.post(self.outsider, "DIST-A", confirm="1").status_code == 400
        assert not IssuedReport.objects.exists()


@override_settings(JOBS_RETRY_DELAY=0)
class IssueWithCareTests(TemporaryMedia, ReportTestCase):
    """'Ban hành' numbered a report on one click and dated it today,
    whatever date the reviewed draft had: a draft dated 10/07/2023 listed 7
    overdue items, the issued copy 22 (issue 17). Now the first post only
    shows the number, the date and a summary; the confirming post issues,
    with the date that was set or the draft's."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from steerco.findings.models import Finding, FindingSource

        # overdue at 10/07/2023: one; overdue today: both
        for deadline in (date(2023, 6, 30), date(2023, 12, 31)):
            Finding.objects.create(
                owner=cls.district_a, title=f"Hạn chế hạn {fmt_day(deadline)}", source=FindingSource.SELF_ASSESSMENT,
                identified_on=date(2023, 1, 10), deadline=deadline,
            )  # fmt: skip

    def post(self, user, **extra):
        self.client.force_login(user)
        data = {
            "programme": self.programme.code,
            "unit": "CITY",
            "period": "2023-H1",
            "format": "pdf",
            "language": "vi",
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/reports/issue/", {**data, **extra})
        run_queued_jobs()
        return response

    def draft(self, report_date=date(2023, 7, 10)):
        from django.utils import timezone

        from ..models import Draft

        return Draft.objects.create(
            programme=self.programme, unit=self.city, period="2023-H1", language="vi", version=1,
            report_date=report_date, created_by=self.secretariat, created_at=timezone.now(),
        )  # fmt: skip

    def test_the_first_click_only_shows_the_number_the_date_and_a_summary(self):
        response = self.post(self.secretariat, date="10/07/2023")
        page = response.content.decode()
        assert response.status_code == 200 and not Job.objects.exists() and not IssuedReport.objects.exists()
        assert '<strong id="issue-number">1-BC/BCĐ</strong>' in page
        assert '<strong id="issue-date">10/7/2023</strong>' in page and "như đã đặt" in page
        assert "1 hạn chế quá hạn tại 10/7/2023" in page
        assert 'name="confirm" value="1"' in page and 'name="date" value="10/7/2023"' in page
        assert "Ban hành 1-BC/BCĐ" in page

    def test_without_a_date_the_reviewed_drafts_date_is_confirmed_and_issued(self):
        draft = self.draft()
        page = self.post(self.secretariat).content.decode()
        assert '<strong id="issue-date">10/7/2023</strong>' in page and "dự thảo phiên bản 1" in page
        assert "1 hạn chế quá hạn tại 10/7/2023" in page  # what the draft listed, not today's 2
        assert f'href="/reports/drafts/{draft.pk}/"' in page
        response = self.post(self.secretariat, date="10/07/2023", confirm="1")
        assert response.status_code == 302
        report = IssuedReport.objects.get()
        assert report.report_date == date(2023, 7, 10)
        text = docx_text(bytes(report.files.get(format="docx").content))
        assert "Hạn chế hạn 30/6/2023" in text and "Hạn chế hạn 31/12/2023" not in text

    def test_confirming_without_a_date_still_takes_the_drafts_date(self):
        self.draft()
        assert self.post(self.secretariat, confirm="1").status_code == 302
        assert IssuedReport.objects.get().report_date == date(2023, 7, 10)

    def test_with_neither_a_date_nor_a_draft_today_is_shown_and_counted(self):
        page = self.post(self.secretariat).content.decode()
        assert "hôm nay" in page and "2 hạn chế quá hạn" in page

    def test_the_draft_page_offers_the_secretariat_to_issue_it_with_its_date(self):
        draft = self.draft()
        self.client.force_login(self.secretariat)
        page = self.client.get(f"/reports/drafts/{draft.pk}/").content.decode()
        assert 'id="issue-draft"' in page and 'name="date" value="10/7/2023"' in page
        self.client.force_login(self.approver)  # a reviewer at best: no issue button
        page = self.client.get(f"/reports/drafts/{draft.pk}/")
        assert 'id="issue-draft"' not in page.content.decode()

    def test_the_confirmation_is_refused_to_a_reporter(self):
        assert self.post(self.reporter, unit="DIST-A").status_code == 403
        assert not Job.objects.exists()


class DownloadViewTests(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.city_report = issue_report(cls.programme, "2023-H1", "vi", now=WHEN, acting_user=cls.secretariat)
        cls.district_report = issue_report(
            cls.programme, "2023-H1", "vi", unit=cls.district_a, now=WHEN, acting_user=cls.secretariat
        )

    def get(self, user, report, fmt="pdf"):
        if user:
            self.client.force_login(user)
        return self.client.get(f"/reports/issued/{report.pk}/{fmt}/")

    def test_anonymous_is_sent_to_log_in(self):
        assert self.get(None, self.city_report).status_code == 302

    def test_a_user_without_a_role_sees_nothing(self):
        assert self.get(self.nobody, self.city_report).status_code == 404

    def test_the_secretariat_downloads_the_city_report(self):
        response = self.get(self.secretariat, self.city_report)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert "attachment" in response["Content-Disposition"]

    def test_a_district_reporter_downloads_their_districts_report_only(self):
        assert self.get(self.reporter, self.district_report, "docx").status_code == 200
        assert self.get(self.reporter, self.city_report).status_code == 404

    def test_an_outsider_cannot_download_another_districts_report(self):
        assert self.get(self.outsider, self.district_report).status_code == 404

    def test_an_unknown_format_is_not_found(self):
        assert self.get(self.secretariat, self.city_report, "exe").status_code == 404

    def test_the_file_name_survives_a_vietnamese_issuer_code(self):
        response = self.get(self.secretariat, self.city_report)
        assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''bao-cao-so-1-BC-BC%C4%90")

"""The report page: who may generate what, and what they get. Generating
starts a background job; the job's page shows progress and the download."""

from django.test import override_settings

from steerco.jobs.models import Job, JobStatus
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia

from ..jobs import GENERATE, generate_report
from ..models import IssuedReport
from .base import ReportTestCase
from .helpers import docx_text


@override_settings(JOBS_RETRY_DELAY=0)
class GenerateViewTests(TemporaryMedia, ReportTestCase):
    def post(self, user, unit="CITY", fmt="docx", period="2023-H1", language="vi", **extra):
        if user:
            self.client.force_login(user)
        data = {"programme": self.programme.code, "unit": unit, "period": period, "format": fmt, "language": language}
        data.update(extra)
        with self.captureOnCommitCallbacks(execute=True):
            return self.client.post("/reports/", data)

    def run_job(self, response) -> Job:
        assert response.status_code == 302, response.status_code
        job = Job.objects.get()
        assert response["Location"] == f"/jobs/{job.pk}/"
        run_queued_jobs()
        job.refresh_from_db()
        assert job.status == JobStatus.DONE, job.error
        return job

    def download(self, job) -> bytes:
        response = self.client.get(f"/jobs/{job.pk}/download/")
        assert response.status_code == 200
        return b"".join(response.streaming_content)

    def test_anonymous_is_sent_to_log_in(self):
        assert self.client.get("/reports/").status_code == 302
        assert self.post(None).status_code == 302
        assert not Job.objects.exists()

    def test_a_user_without_a_role_gets_no_report(self):
        response = self.post(self.nobody)
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert not Job.objects.exists()

    def test_generating_starts_a_job_scoped_to_the_unit_and_redirects_to_it(self):
        response = self.post(self.secretariat)
        job = Job.objects.get()
        assert response.status_code == 302 and response["Location"] == f"/jobs/{job.pk}/"
        assert (job.kind, job.status, job.unit, job.created_by) == (
            GENERATE,
            JobStatus.QUEUED,
            self.city,
            self.secretariat,
        )
        assert job.params == {
            "programme": self.programme.code,
            "period": "2023-H1",
            "format": "docx",
            "language": "vi",
            "unit": "CITY",
            "style": "",
            "date": "",
        }

    def test_a_report_date_reaches_the_document(self):
        job = self.run_job(self.post(self.secretariat, date="10/07/2023"))
        assert job.params["date"] == "2023-07-10"
        assert "ngày 10 tháng 7 năm 2023" in docx_text(self.download(job))

    def test_a_bad_report_date_is_refused_with_a_message_and_no_job(self):
        response = self.post(self.secretariat, date="31/02/2023")
        assert response.status_code == 200
        assert "Ngày báo cáo" in response.content.decode() and not Job.objects.exists()

    def test_a_report_date_in_the_future_is_refused_in_vietnamese(self):
        from datetime import timedelta

        from django.utils import timezone

        tomorrow = timezone.localdate() + timedelta(days=1)
        response = self.post(self.secretariat, date=tomorrow.strftime("%d/%m/%Y"))
        assert response.status_code == 200
        assert "Ngày báo cáo không được sau ngày hôm nay." in response.content.decode()
        assert not Job.objects.exists()

    def test_the_secretariat_downloads_the_city_report_as_docx(self):
        job = self.run_job(self.post(self.secretariat))
        assert job.result_name == "bao-cao-99-CTr-TU-2023-H1-CITY.docx"
        assert "ĐẢNG CỘNG SẢN VIỆT NAM" in docx_text(self.download(job))

    def test_a_district_reporter_reports_on_their_district(self):
        job = self.run_job(self.post(self.reporter, "DIST-A", language="en"))
        assert job.unit == self.district_a
        text = docx_text(self.download(job))
        assert "60" in text and "Unit DIST-A" in text

    def test_the_job_page_shows_progress_then_the_download(self):
        response = self.post(self.secretariat)
        page = self.client.get(response["Location"])
        assert page.status_code == 200
        job = self.run_job(response)
        page = self.client.get(response["Location"])
        assert f"/jobs/{job.pk}/download/" in page.content.decode()

    def test_the_builders_progress_reaches_the_job(self):
        seen = []
        params = {"programme": self.programme.code, "period": "2023-H1", "format": "html", "language": "vi"}
        result = generate_report(None, lambda done, total, msg: seen.append((done, msg)), unit="CITY", **params)
        assert result.filename.endswith(".html") and result.content
        percents = [done for done, _msg in seen]
        assert percents == sorted(percents) and percents[0] == 0 and percents[-1] == 100
        assert all(msg for _done, msg in seen)

    def test_an_outsider_cannot_report_on_another_district(self):
        response = self.post(self.outsider, "DIST-A")
        assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
        assert "DIST-A" in response.context["form"].errors["unit"][0]
        assert not Job.objects.exists()

    def test_an_outsider_cannot_see_or_download_another_districts_report(self):
        job = self.run_job(self.post(self.reporter, "DIST-A"))
        self.client.force_login(self.outsider)
        assert self.client.get(f"/jobs/{job.pk}/").status_code == 404
        assert self.client.get(f"/jobs/{job.pk}/download/").status_code == 404

    def test_a_bad_period_gets_a_clear_message_in_vietnamese(self):
        response = self.post(self.secretariat, period="2023-H3")
        assert "không phải là một kỳ" in response.context["form"].errors["period"][0]
        assert not Job.objects.exists()

    def test_the_page_lists_issued_reports_in_a_fixed_number_of_queries(self):
        from ..issuing import issue_report

        for _ in range(3):
            issue_report(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        self.client.force_login(self.secretariat)
        self.client.get("/reports/")  # warm the caches (session, content types)
        # session, user, programmes, the request's one access object
        # (memberships: scope and the right to issue), units in scope, owner
        # units, reporting rounds (the period worked on), periods with data, the
        # inbox badge, issued reports and their files
        with self.assertNumQueries(11):
            response = self.client.get("/reports/")
        assert response.status_code == 200
        assert response.content.decode().count("-BC/BCĐ</a>") == IssuedReport.objects.count() == 3

    def test_html_is_a_download_too(self):
        job = self.run_job(self.post(self.secretariat, fmt="html"))
        assert job.result_name.endswith(".html")
        assert b"<html" in self.download(job).lower()

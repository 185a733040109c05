"""Delivering an issued report: every recipient with an account gets it in
the inbox (and by email with the PDF, if they take email), every address by
email; the register records what went to whom and when, and the receipt."""

from django.core import mail
from django.test import override_settings

from steerco.followup.models import Channel, Notice, NoticeKind, Preference
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia
from steerco.testing import make_user

from ..delivery import deliver
from ..issuing import issue_report
from ..models import Delivery, Recipient
from .base import WHEN, ReportTestCase


class DeliveryTestCase(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.reporter.email = "reporter@example.org"
        cls.reporter.save()
        cls.quiet = make_user("quiet")
        cls.quiet.email = "quiet@example.org"
        cls.quiet.save()
        Preference.objects.create(user=cls.quiet, channel=Channel.INBOX)
        Recipient.objects.create(programme=cls.programme, label="Quận ủy A", user=cls.reporter, order=1)
        Recipient.objects.create(programme=cls.programme, label="Thường trực", email="tt@example.org", order=2)
        Recipient.objects.create(programme=cls.programme, label="Chỉ hộp thư", user=cls.quiet, order=3)


class DeliverTests(DeliveryTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.report = issue_report(cls.programme, "2023-H1", "vi", now=WHEN, acting_user=cls.secretariat)

    def test_accounts_get_a_notice_addresses_an_email_with_the_pdf(self):
        sent = deliver(self.report)
        assert [(d.label, d.in_inbox, d.emailed) for d in sent] == [
            ("Quận ủy A", True, True),
            ("Thường trực", False, True),
            ("Chỉ hộp thư", True, False),
        ]
        assert sorted(m.to[0] for m in mail.outbox) == ["reporter@example.org", "tt@example.org"]
        _name, content, mimetype = mail.outbox[0].attachments[0]
        assert mimetype == "application/pdf" and content == bytes(self.report.files.get(format="pdf").content)
        notice = Notice.objects.get(user=self.reporter)
        assert notice.kind == NoticeKind.REPORT_ISSUED and notice.url == f"/reports/issued/{self.report.pk}/"
        assert "1-BC/BCĐ" in notice.subject

    def test_sending_again_sends_nothing_twice(self):
        deliver(self.report)
        assert deliver(self.report) == []
        assert Delivery.objects.count() == 3 and len(mail.outbox) == 2

    def test_a_recipient_outside_the_unit_may_open_it_and_the_receipt_is_recorded(self):
        deliver(self.report)
        self.client.force_login(self.outsider)  # district B: not a recipient
        assert self.client.get(f"/reports/issued/{self.report.pk}/").status_code == 404
        self.client.force_login(self.quiet)  # no role at all, but a recipient
        page = self.client.get(f"/reports/issued/{self.report.pk}/")
        assert page.status_code == 200
        assert page.content.decode().count("<tr><td>") == 3  # the three rows of the register
        assert self.client.get(f"/reports/issued/{self.report.pk}/pdf/").status_code == 200
        assert Delivery.objects.get(user=self.quiet).opened_at is not None
        assert Delivery.objects.get(user=self.reporter).opened_at is None

    def test_the_register_lists_what_went_to_whom_in_a_fixed_number_of_queries(self):
        deliver(self.report)
        self.client.force_login(self.secretariat)
        self.client.get("/reports/register/")
        with self.assertNumQueries(5):  # session, user, memberships, deliveries, inbox badge
            self.client.get("/reports/register/")
        deliver(issue_report(self.programme, "2023-H1", "vi", now=WHEN, acting_user=self.secretariat))
        with self.assertNumQueries(5):
            page = self.client.get("/reports/register/").content.decode()
        assert page.count("1-BC/BCĐ</a>") == page.count("2-BC/BCĐ</a>") == 3 and "tt@example.org" in page
        self.client.force_login(self.outsider)
        assert "1-BC/BCĐ" not in self.client.get("/reports/register/").content.decode()


@override_settings(JOBS_RETRY_DELAY=0)
class IssueJobDeliversTests(TemporaryMedia, DeliveryTestCase):
    def test_the_issue_job_sends_to_every_recipient(self):
        self.client.force_login(self.secretariat)
        data = {"programme": self.programme.code, "unit": "CITY", "period": "2023-H1", "language": "vi"}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/reports/issue/", {**data, "format": "pdf", "confirm": "1"})
        run_queued_jobs()
        job = Job.objects.get()
        assert job.status == JobStatus.DONE and job.message.endswith("Đã gửi đến 3 nơi nhận.")
        assert Delivery.objects.count() == 3

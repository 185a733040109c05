"""The issued PDF is signed (PAdES, pyHanko) with a visible signature in
the 36-HD place; verifying it names the signer and the time, and a changed
byte breaks it."""

import io
import tempfile
from pathlib import Path

from django.core.management import CommandError, call_command
from django.test import override_settings
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext

from steerco.jobs.models import Job, JobStatus
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia

from ..issuing import issue_report
from ..models import IssuedFile, IssuedReport
from ..signing import SIGNATURE_FIELD, load_pkcs12, make_test_pkcs12, verify_pdf
from .base import WHEN, ReportTestCase
from .helpers import pdf_text

NAME = "Nguyễn Văn Ký"
PASSWORD = "mật-khẩu"


class SigningTestCase(ReportTestCase):
    @classmethod
    def setUpClass(cls):
        cls.p12, cls.pem = make_test_pkcs12(NAME, PASSWORD)
        cls.tmp = tempfile.TemporaryDirectory()
        cls.p12_path = Path(cls.tmp.name) / "signer.p12"
        cls.p12_path.write_bytes(cls.p12)
        cls.pem_path = Path(cls.tmp.name) / "signer.pem"
        cls.pem_path.write_bytes(cls.pem)
        super().setUpClass()

    @classmethod
    def tearDownClass(cls):
        cls.tmp.cleanup()
        super().tearDownClass()

    def signing_settings(self, **extra):
        conf = {"PKCS12": str(self.p12_path), "PKCS12_PASSWORD": PASSWORD, "TRUST": [str(self.pem_path)]}
        return override_settings(SIGNING={**conf, **extra})


class SignedIssueTests(SigningTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        signer = load_pkcs12(cls.p12, PASSWORD)
        cls.report = issue_report(cls.programme, "2023-H1", "vi", now=WHEN, signer=signer, acting_user=cls.secretariat)
        cls.pdf = bytes(cls.report.files.get(format="pdf").content)

    def test_the_issued_snapshot_is_the_signed_file(self):
        stored = self.report.files.get(format="pdf")
        assert stored.intact and self.report.signed_by == NAME and self.report.signed_at is not None
        result = verify_pdf(self.pdf, roots=[load_pkcs12(self.p12, PASSWORD).signing_cert])
        assert result.ok and result.trusted and result.signer == NAME and result.signed_at is not None

    def test_pyhankos_own_validator_accepts_it(self):
        reader = PdfFileReader(io.BytesIO(self.pdf))
        [embedded] = reader.embedded_signatures
        cert = load_pkcs12(self.p12, PASSWORD).signing_cert
        status = validate_pdf_signature(embedded, ValidationContext(trust_roots=[cert], allow_fetching=False))
        assert status.intact and status.valid and status.trusted and status.bottom_line
        assert embedded.sig_object["/Reason"] == "Báo cáo số 1-BC/BCĐ ngày 15/7/2023"

    def test_a_changed_byte_breaks_it(self):
        marker = self.pdf.index(b"/Length")  # inside the signed bytes, in the first stream's dictionary
        tampered = bytearray(self.pdf)
        tampered[marker + 1] = ord("M")  # /Length -> /Mength
        result = verify_pdf(bytes(tampered), roots=[load_pkcs12(self.p12, PASSWORD).signing_cert])
        assert not result.ok

    def test_the_signature_is_visible_in_the_signature_block_with_number_and_date(self):
        reader = PdfFileReader(io.BytesIO(self.pdf))
        fields = [f.get_object() for f in reader.root["/AcroForm"]["/Fields"]]
        field = next(f for f in fields if f["/T"] == SIGNATURE_FIELD)
        x1, y1, x2, y2 = (float(v) for v in field["/Rect"])
        # right half of an A4 page (595 pt wide), 25 mm high
        assert 297 < x1 < x2 <= 554 and 70 <= y2 - y1 <= 71
        text = pdf_text(self.pdf)
        assert "Số 1-BC/BCĐ" in text and "ngày 15 tháng 7 năm 2023" in text


class VerifyCommandTests(SigningTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        signer = load_pkcs12(cls.p12, PASSWORD)
        cls.report = issue_report(cls.programme, "2023-H1", "vi", now=WHEN, signer=signer, acting_user=cls.secretariat)

    def write(self, data: bytes) -> Path:
        path = Path(self.tmp.name) / "report.pdf"
        path.write_bytes(data)
        return path

    def test_the_command_reports_signer_time_and_integrity(self):
        path = self.write(bytes(self.report.files.get(format="pdf").content))
        out = io.StringIO()
        with self.signing_settings():
            call_command("report", verify=str(path), stdout=out)
        text = out.getvalue()
        assert f"signer: {NAME}" in text and "signed at: 20" in text
        assert "integrity: intact" in text and "certificate: trusted" in text

    def test_the_command_fails_on_a_changed_byte(self):
        data = bytearray(self.report.files.get(format="pdf").content)
        data[data.index(b"/Length") + 1] = ord("M")
        path = self.write(bytes(data))
        out = io.StringIO()
        with self.signing_settings(), self.assertRaises(CommandError):
            call_command("report", verify=str(path), stdout=out)
        assert "integrity: BROKEN" in out.getvalue()

    def test_an_unsigned_file_is_said_to_be_unsigned(self):
        path = self.write(bytes(self.report.files.get(format="docx").content))
        with self.assertRaises(CommandError) as caught:
            call_command("report", verify=str(path), stdout=io.StringIO())
        assert "no readable signature" in str(caught.exception)


@override_settings(JOBS_RETRY_DELAY=0)
class SignedJobAndPageTests(TemporaryMedia, SigningTestCase):
    def issue_by_job(self):
        self.client.force_login(self.secretariat)
        data = {"programme": self.programme.code, "unit": "CITY", "period": "2023-H1", "language": "vi"}
        with self.captureOnCommitCallbacks(execute=True):
            self.client.post("/reports/issue/", {**data, "format": "pdf", "date": "10/07/2023", "confirm": "1"})
        run_queued_jobs()
        return Job.objects.get(), IssuedReport.objects.first()

    def test_the_job_signs_with_the_configured_pkcs12_and_the_page_verifies_it(self):
        with self.signing_settings():
            job, report = self.issue_by_job()
            assert job.status == JobStatus.DONE, job.error
            assert report.signed_by == NAME
            page = self.client.get(f"/reports/issued/{report.pk}/").content.decode()
            assert "Kiểm tra chữ ký" in page and NAME in page
            checked = self.client.get(f"/reports/issued/{report.pk}/?verify=1").content.decode()
        assert 'data-ok="yes"' in checked and NAME in checked

    def test_a_wrong_password_fails_the_job_and_issues_nothing(self):
        with self.signing_settings(PKCS12_PASSWORD="sai"):
            job, report = self.issue_by_job()
        assert job.status == JobStatus.FAILED and "Không ký được báo cáo" in job.error
        assert report is None

    def test_without_a_key_the_report_is_issued_unsigned_and_says_so(self):
        with override_settings(SIGNING={}):
            job, report = self.issue_by_job()
        assert job.status == JobStatus.DONE and report.signed_by == ""
        assert "Chưa ký số" in self.client.get(f"/reports/issued/{report.pk}/").content.decode()

    def test_a_stored_pdf_changed_in_the_database_fails_verification_on_the_page(self):
        with self.signing_settings():
            _job, report = self.issue_by_job()
            pdf = report.files.get(format="pdf")
            data = bytearray(pdf.content)
            data[data.index(b"/Length") + 1] = ord("M")
            IssuedFile.objects.filter(pk=pdf.pk).update(content=bytes(data))
            checked = self.client.get(f"/reports/issued/{report.pk}/?verify=1").content.decode()
        assert 'data-ok="no"' in checked


class DemoSignerTests(SigningTestCase):
    def test_the_demo_makes_its_test_certificate_once_and_signs_with_it(self):
        from ..signing import configured_signer, signer_name

        with tempfile.TemporaryDirectory() as data, override_settings(DEMO_MODE=True, SIGNING={}, DATA_DIR=data):
            with configured_signer() as signer:
                first = signer_name(signer)
            made = (Path(data) / "signing" / "demo.p12").read_bytes()
            with configured_signer() as again:
                assert signer_name(again) == first == "Nguyễn Văn Demo (chứng thư thử nghiệm)"
            assert (Path(data) / "signing" / "demo.p12").read_bytes() == made
        with override_settings(DEMO_MODE=False, SIGNING={}), configured_signer() as none:
            assert none is None

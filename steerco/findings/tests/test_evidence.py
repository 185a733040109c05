from pathlib import Path

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from ..models import Evidence
from ..services.evidence import EvidenceError, attach
from .base import PNG, FindingsTestCase, pdf_upload


class EvidenceRuleTests(FindingsTestCase):
    def files_on_disk(self):
        root = Path(settings.MEDIA_ROOT)
        return {p for p in root.rglob("*") if p.is_file()}

    def test_a_pdf_is_stored_under_media_root_with_a_generated_name(self):
        evidence = attach(self.f_a1, pdf_upload("../../etc/Báo cáo.pdf"), acting_user=self.reporter)
        path = Path(evidence.file.path)
        assert path.is_relative_to(Path(settings.MEDIA_ROOT))
        assert "Báo cáo" not in path.name and ".." not in evidence.file.name
        assert evidence.file.name.startswith("evidence/") and path.suffix == ".pdf"
        assert evidence.original_name == "Báo cáo.pdf"  # the label, without the path
        assert (evidence.content_type, evidence.size) == ("application/pdf", path.stat().st_size)

    def test_a_windows_path_in_the_name_is_dropped(self):
        evidence = attach(self.f_a1, pdf_upload("C:\\Users\\me\\bien-ban.pdf"), acting_user=self.reporter)
        assert evidence.original_name == "bien-ban.pdf"

    def test_a_file_type_outside_the_allow_list_is_refused_and_nothing_is_written(self):
        before = self.files_on_disk()
        upload = SimpleUploadedFile("tool.exe", b"MZ" + b"\x00" * 100)
        with self.assertRaisesMessage(EvidenceError, "Không nhận tệp"):
            attach(self.f_a1, upload, acting_user=self.reporter)
        assert Evidence.objects.count() == 0 and self.files_on_disk() == before

    def test_content_that_does_not_match_the_extension_is_refused(self):
        for name, content in (("fake.pdf", PNG), ("script.pdf", b"<script>alert(1)</script>"), ("x.png", b"%PDF-1")):
            with self.assertRaisesMessage(EvidenceError, "không khớp"):
                attach(self.f_a1, SimpleUploadedFile(name, content), acting_user=self.reporter)
        assert Evidence.objects.count() == 0

    def test_a_png_picture_is_accepted(self):
        assert (
            attach(self.f_a1, SimpleUploadedFile("photo.PNG", PNG), acting_user=self.reporter).content_type
            == "image/png"
        )

    @override_settings(FINDINGS_EVIDENCE_MAX_BYTES=1024)
    def test_a_file_over_the_size_limit_is_refused(self):
        big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * 2048)
        with self.assertRaisesMessage(EvidenceError, "giới hạn"):
            attach(self.f_a1, big, acting_user=self.reporter)
        assert Evidence.objects.count() == 0

    def test_an_empty_file_is_refused(self):
        with self.assertRaisesMessage(EvidenceError, "Tệp rỗng"):
            attach(self.f_a1, SimpleUploadedFile("empty.pdf", b""), acting_user=self.reporter)

    def test_only_users_who_may_edit_the_unit_attach_evidence(self):
        for user in (self.outsider, self.viewer, self.inspector, self.nobody):
            with self.assertRaises(EvidenceError):
                attach(self.f_a1, pdf_upload(), acting_user=user)
        assert Evidence.objects.count() == 0

    def test_uploading_records_a_checksum_and_the_uploader(self):
        evidence = attach(self.f_a1, pdf_upload(), acting_user=self.reporter)
        assert len(evidence.sha256) == 64 and evidence.uploaded_by == self.reporter
        assert evidence.history.first().history_user == self.reporter


class EvidenceDownloadTests(FindingsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.evidence = attach(cls.f_a1, pdf_upload("bien-ban.pdf", "content of A1"), acting_user=cls.reporter)

    def download(self, user):
        if user is not None:
            self.client.force_login(user)
        return self.client.get(reverse("findings:download", args=[self.evidence.pk]))

    def test_the_reporter_downloads_the_file_as_an_attachment(self):
        response = self.download(self.reporter)
        assert response.status_code == 200
        assert b"".join(response.streaming_content).startswith(b"%PDF-")
        assert 'attachment; filename="bien-ban.pdf"' in response["Content-Disposition"]
        assert response["Content-Type"] == "application/pdf"

    def test_the_viewer_and_the_city_download_it(self):
        assert self.download(self.viewer).status_code == 200
        self.client.logout()
        assert self.download(self.secretariat).status_code == 200

    def test_the_outsider_and_a_user_without_a_role_get_not_found(self):
        assert self.download(self.outsider).status_code == 404
        self.client.logout()
        assert self.download(self.nobody).status_code == 404

    def test_anonymous_is_sent_to_login(self):
        response = self.download(None)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]

    def test_there_is_no_public_url_for_media(self):
        response = self.client.get("/media/" + self.evidence.file.name)
        assert response.status_code == 404

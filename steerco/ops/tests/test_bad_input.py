"""Input that used to give a server error: a NUL byte, ids beyond any
integer column, and a disk that fills during an upload (507, and no partial
file). Errors under /api/ are JSON. The fuzz over every URL is
``test_security_matrix.HostileInputTests``."""

import errno
import io
from pathlib import Path
from unittest import mock

from django.core.files.storage import FileSystemStorage
from django.db import OperationalError
from django.test import Client, override_settings
from django.urls import reverse

from steerco.collection.jobs import UPLOAD_DIR
from steerco.collection.tests.test_workbook import WorkbookTestCase
from steerco.findings.models import Evidence
from steerco.findings.tests.base import FindingsTestCase, pdf_upload
from steerco.jobs.models import Job
from steerco.jobs.tests.media import TemporaryMedia


def half_written_then_full(storage, name, content):
    """Write part of the file, then fail as a full disk does."""
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"%PDF-partial")
    raise OSError(errno.ENOSPC, "No space left on device")


class NulAndRangeTests(FindingsTestCase):
    def test_a_nul_byte_in_a_filter_is_a_400_and_json_on_the_api(self):
        self.client.force_login(self.reporter)
        response = self.client.get("/api/values/", {"unit": "QU\x00X"})
        assert response.status_code == 400 and "NUL" in str(response.json())
        assert self.client.get(reverse("findings:list"), {"q": "a\x00"}).status_code == 400

    def test_a_nul_byte_anywhere_in_a_json_body_is_a_400_in_the_one_error_shape(self):
        # PostgreSQL refused it inside a lookup (a programme's code): a 500 there.
        self.client.force_login(self.secretariat)
        for document in ({"programme": "P\x00"}, {"text": ["a", {"b\x00": 1}]}):
            response = self.client.post("/api/proposals/", document, content_type="application/json")
            assert response.status_code == 400, response.content
            error = response.json()["errors"][0]
            assert error["kind"] == "parse_error" and "NUL" in error["message"]
        response = self.client.get("/api/values/", {"unit": "QU\x00X"})
        assert response.json()["errors"][0]["kind"] == "invalid"

    def test_an_id_beyond_any_integer_column_is_not_found(self):
        self.client.force_login(self.secretariat)
        assert self.client.get("/reports/issued/99999999999999999999/pdf/").status_code == 404
        response = self.client.get("/api/findings/99999999999999999999/")
        assert response.status_code == 404 and response["Content-Type"] == "application/json"

    def test_a_huge_day_count_is_a_400(self):
        self.client.force_login(self.reporter)
        assert self.client.get("/api/findings/exceptions/", {"days": "1000000000"}).status_code == 400


class ApiErrorsAreJsonTests(FindingsTestCase):
    def test_an_unknown_api_path_answers_json_404(self):
        self.client.force_login(self.reporter)
        response = self.client.get("/api/no-such-thing/")
        assert response.status_code == 404 and response.json()["errors"][0]["kind"] == "not_found"

    def test_a_database_outage_on_the_api_answers_json_503(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.reporter)
        with (
            mock.patch("steerco.findings.api.views.FindingViewSet.list", side_effect=OperationalError("gone")),
            self.assertLogs("steerco.ops.views.errors", "ERROR"),
        ):
            response = client.get("/api/findings/")
        assert response.status_code == 503 and response["Content-Type"] == "application/json"
        assert response["Retry-After"] and response.json()["errors"][0]["message"]


@override_settings(AXES_ENABLED=False)
class DiskFullEvidenceTests(TemporaryMedia, FindingsTestCase):
    def test_a_full_disk_during_an_evidence_upload_is_a_507_and_leaves_nothing(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.reporter)
        with (
            mock.patch.object(FileSystemStorage, "_save", half_written_then_full),
            self.assertLogs("steerco.ops.views.errors", "ERROR"),
        ):
            response = client.post(reverse("findings:upload", args=[self.f_a1.pk]), {"file": pdf_upload()})
        assert response.status_code == 507 and "đầy" in response.content.decode()
        assert list(self.media_files()) == [] and not Evidence.objects.exists()

    def test_the_same_through_the_api_answers_json(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.reporter)
        with (
            mock.patch.object(FileSystemStorage, "_save", half_written_then_full),
            self.assertLogs("steerco.ops.views.errors", "ERROR"),
        ):
            response = client.post(f"/api/findings/{self.f_a1.pk}/evidence/", {"file": pdf_upload()})
        assert response.status_code == 507 and response.json()["errors"][0]["message"]
        assert list(self.media_files()) == [] and not Evidence.objects.exists()


class DiskFullWorkbookTests(TemporaryMedia, WorkbookTestCase):
    def test_a_full_disk_during_a_workbook_upload_is_a_507_and_leaves_nothing(self):
        real_open = open

        def open_then_fill(path, mode="r", *args, **kwargs):
            handle = real_open(path, mode, *args, **kwargs)
            if "x" in mode:
                handle.write(b"PK\x03\x04partial")
                handle.flush()
                handle.close()
                raise OSError(errno.ENOSPC, "No space left on device")
            return handle

        client = Client(raise_request_exception=False)
        client.force_login(self.reporter)
        upload = io.BytesIO(self.data(self.good()))
        upload.name = "bieu.xlsx"
        with (
            mock.patch("steerco.lib.files.open", open_then_fill, create=True),
            self.assertLogs("steerco.ops.views.errors", "ERROR"),
        ):
            response = client.post(reverse("collection:upload", args=[self.round.pk]), {"file": upload})
        assert response.status_code == 507
        assert [p for p in self.media_files() if UPLOAD_DIR in p.as_posix()] == []
        assert not Job.objects.exists()

"""The draft check through the web page, the workflow, the API and the
command, on the personas' tree (district A's reporter and approver, the
outsider of district B)."""

from __future__ import annotations

import io
import json
from unittest import mock

import docx
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings
from django.urls import reverse

from steerco.collection.models import Submission
from steerco.collection.tests.base import RoundTestCase
from steerco.drafts.models import DraftCheck
from steerco.testing import api_errors

GOOD = "Trong kỳ, Quận ủy đã kết nạp 7 đảng viên."
WRONG = "Trong kỳ, Quận ủy đã kết nạp 9 đảng viên."


def word_file(*paragraphs: str) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@override_settings(AXES_ENABLED=False)
class CheckPageTests(RoundTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")

    def post(self, user, **data):
        self.client.force_login(user)
        fields = {"programme": self.programme.code, "unit": "DIST-A", "period": "2023-H1", **data}
        return self.client.post(reverse("drafts:check"), fields)

    def test_a_pasted_draft_is_checked_and_kept(self):
        response = self.post(self.reporter, text=WRONG)
        found = DraftCheck.objects.get()
        self.assertRedirects(response, reverse("drafts:detail", args=[found.pk]))
        assert (found.checked, found.problems, found.created_by) == (1, 1, self.reporter)
        figure = found.result["figures"][0]
        assert (figure["text"], figure["verdict"], figure["indicator"], figure["expected"]) == (
            "9",
            "differs",
            "ADMITTED",
            "7",
        )
        page = self.client.get(reverse("drafts:detail", args=[found.pk])).content.decode()
        assert "1 số liệu đã kiểm tra, 1 sai khác" in page
        assert 'class="v-differs"' in page and "Số liệu ghi nhận là 7; bản thảo ghi 9." in page

    def test_an_uploaded_word_draft_gets_a_comment_on_each_figure(self):
        upload = SimpleUploadedFile("bao-cao.docx", word_file(GOOD, "Mục 2. Năm 2023 có 3 chi bộ mới."))
        self.post(self.reporter, file=upload)
        found = DraftCheck.objects.get()
        annotated = docx.Document(io.BytesIO(self.client.get(reverse("drafts:docx", args=[found.pk])).content))
        comments = [c.text for c in annotated.comments]
        assert len(comments) == found.checked == 2
        assert comments[0].startswith("KHỚP")
        data = json.loads(self.client.get(reverse("drafts:json", args=[found.pk])).content)
        assert data["format"] == "steerco-draft-check/1" and data["problems"] == 0

    def test_a_draft_that_cannot_be_read_is_refused_in_vietnamese_and_nothing_is_kept(self):
        cases = [
            ("cu.doc", b"\xd0\xcf\x11\xe0", "Bản thảo phải là tệp .docx, .txt, .md hoặc .pdf."),
            ("hong.docx", b"PK\x03\x04 not a zip", "Không mở được tệp Word"),
            ("ansi.txt", b"k\xea\xf2t n\xe3p 7", "Tệp văn bản không ở mã UTF-8"),
            ("hong.pdf", b"%PDF-1.4 broken", "Không mở được tệp PDF"),
        ]
        for name, content, message in cases:
            with self.subTest(name):
                response = self.post(self.reporter, file=SimpleUploadedFile(name, content))
                assert response.status_code == 400
                assert message in response.content.decode()
        assert DraftCheck.objects.count() == 0

    def test_a_unit_out_of_scope_and_a_user_without_a_role_are_refused(self):
        response = self.post(self.outsider, text=GOOD)
        assert response.status_code == 400
        assert "không phải là đơn vị trong phạm vi của bạn." in response.content.decode()
        self.client.force_login(self.nobody)
        assert self.client.get(reverse("drafts:check")).status_code == 403
        assert DraftCheck.objects.count() == 0

    def test_the_outsider_cannot_open_district_as_check(self):
        self.post(self.reporter, text=GOOD)
        found = DraftCheck.objects.get()
        self.client.force_login(self.outsider)
        for name in ("drafts:detail", "drafts:docx", "drafts:json"):
            assert self.client.get(reverse(name, args=[found.pk])).status_code == 404
        assert found.file_name not in self.client.get(reverse("drafts:list")).content.decode()

    def test_the_list_of_checks_costs_the_same_queries_for_many_checks(self):
        self.post(self.reporter, text=GOOD)
        self.client.force_login(self.approver)
        with self.assertNumQueries(5):  # session, user, roles, unread notices, the checks
            self.client.get(reverse("drafts:list"))
        for _n in range(5):
            self.post(self.reporter, text=WRONG)
        self.client.force_login(self.approver)
        with self.assertNumQueries(5):
            page = self.client.get(reverse("drafts:list")).content.decode()
        assert page.count("van-ban-dan.txt") == 6


@override_settings(AXES_ENABLED=False)
class SubmissionTests(RoundTestCase):
    """A draft checked from a unit's report is kept with it; the approver
    sees "1 figure checked, 1 differs" on the report before approving."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")
        cls.submission = Submission.objects.get(round=cls.round, unit=cls.district_a)

    def test_the_approver_sees_the_check_on_the_report(self):
        self.client.force_login(self.reporter)
        url = reverse("drafts:check") + f"?submission={self.submission.pk}"
        form = self.client.get(url).content.decode()
        assert 'value="DIST-A"' in form
        response = self.client.post(url, {"submission": self.submission.pk, "text": WRONG})
        found = DraftCheck.objects.get()
        self.assertRedirects(response, reverse("drafts:detail", args=[found.pk]))
        assert (found.submission, found.unit, found.period) == (self.submission, self.district_a, "2023-H1")
        self.client.force_login(self.approver)
        entry = self.client.get(reverse("collection:entry", args=[self.round.pk, "DIST-A"])).content.decode()
        assert "1 số liệu đã kiểm tra, 1 sai khác" in entry
        assert reverse("drafts:detail", args=[found.pk]) in entry

    def test_a_viewer_cannot_attach_a_draft_and_the_outsider_cannot_see_the_submission(self):
        self.client.force_login(self.viewer)
        url = reverse("drafts:check") + f"?submission={self.submission.pk}"
        assert self.client.post(url, {"text": GOOD}).status_code == 403
        self.client.force_login(self.outsider)
        assert self.client.get(url).status_code == 404
        assert DraftCheck.objects.count() == 0


@override_settings(AXES_ENABLED=False)
class ApiTests(RoundTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")

    def test_post_a_text_and_read_the_result(self):
        self.client.force_login(self.reporter)
        payload = {"programme": self.programme.code, "unit": "DIST-A", "period": "2023-H1", "text": WRONG}
        response = self.client.post(reverse("api-draft-check-list"), payload)
        assert response.status_code == 201
        body = response.json()
        assert (body["checked"], body["problems"], body["result"]["figures"][0]["verdict"]) == (1, 1, "differs")
        assert self.client.get(reverse("api-draft-check-detail", args=[body["id"]])).json()["problems"] == 1
        self.client.force_login(self.outsider)
        assert self.client.get(reverse("api-draft-check-detail", args=[body["id"]])).status_code == 404
        refused = self.client.post(reverse("api-draft-check-list"), payload)
        assert refused.status_code == 400 and "unit" in api_errors(refused)


class CommandTests(RoundTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")

    def run_command(self, tmp, text: str, *extra):
        draft = tmp / "du-thao.md"
        draft.write_text(text, encoding="utf-8")
        out = io.StringIO()
        args = [str(draft), "--programme", self.programme.code, "--period", "2023-H1", "--unit", "DIST-A", *extra]
        with mock.patch("sys.exit") as leave:
            call_command("check_draft", *args, stdout=out)
        return out.getvalue(), leave

    def test_exit_code_gates_a_workflow(self):
        import tempfile
        from pathlib import Path

        with tempfile.TemporaryDirectory() as name:
            tmp = Path(name)
            out, leave = self.run_command(tmp, "# Báo cáo\n\n" + GOOD)
            assert "1 số liệu đã kiểm tra" in out and "khớp" in out
            leave.assert_not_called()
            out, leave = self.run_command(tmp, WRONG, "--json", str(tmp / "kq.json"), "--docx", str(tmp / "kq.docx"))
            leave.assert_called_once_with(1)
            data = json.loads((tmp / "kq.json").read_text(encoding="utf-8"))
            assert data["figures"][0]["verdict"] == "differs"
            assert len(docx.Document(str(tmp / "kq.docx")).comments) == 1
            with self.assertRaises(CommandError) as refused:
                call_command("check_draft", str(tmp / "none.txt"), "--programme", "X", "--period", "2023-H1")
            assert refused.exception.returncode == 2

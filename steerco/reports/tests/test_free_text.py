"""The secretariat writes the free text of sections II and III on the
draft page; the figures and the computed text stay computed. The edit is
the draft's next version (with the diff), is kept with its history (who,
when), and the issued DOCX and PDF print it. Nobody else may write it."""

from django.core import mail

from steerco.followup.models import Notice, NoticeKind

from ..builder import build_document
from ..issuing import issue_report
from ..models import Draft, Narrative
from ..review import diff, make_draft
from .base import WHEN
from .helpers import docx_text, pdf_text
from .test_review import ReviewTestCase

ASSESSMENT = "Ban Chỉ đạo đánh giá việc kết nạp đảng viên ở Quận A còn chậm so với chỉ tiêu."
DIRECTION = "Tập trung kiểm tra, đôn đốc các đơn vị chậm tiến độ trong quý III."


class FreeTextTests(ReviewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_draft(cls.programme, "2023-H1", "vi", acting_user=cls.secretariat)
        cls.district_draft = make_draft(
            cls.programme, "2023-H1", "vi", unit=cls.district_a, acting_user=cls.secretariat
        )

    def url(self, draft=None):
        return f"/reports/drafts/{(draft or self.draft).pk}/text/"

    def post(self, limitations=ASSESSMENT, tasks=DIRECTION, draft=None):
        return self.client.post(self.url(draft), {"limitations": limitations, "tasks": tasks})

    def test_the_secretariat_edits_the_free_text_as_the_next_version(self):
        self.client.force_login(self.secretariat)
        page = self.client.get(f"/reports/drafts/{self.draft.pk}/").content.decode()
        assert 'id="free-text"' in page and "Phần viết thêm của mục II" in page
        mail.outbox.clear()
        # session, user, the draft, memberships, its visibility; in one transaction (a savepoint in the
        # test) the latest version, the text (locked), the text, its history row, the new version; then
        # per reviewer the notice (looked up, written in a savepoint) and its email flag
        with self.assertNumQueries(18):
            response = self.post()
        edited = Draft.objects.get(programme=self.programme, unit=self.city, version=2)
        assert response.status_code == 302 and response["Location"] == f"/reports/drafts/{edited.pk}/"
        sections = {s["key"]: s for s in edited.sections}
        assert sections["II"]["free"] == [ASSESSMENT] and sections["III"]["free"] == [DIRECTION]
        # figures and computed text are the previous version's, unchanged
        assert edited.figures == self.draft.figures
        assert [s["lines"] for s in edited.sections] == [s["lines"] for s in self.draft.sections]
        text, figures = diff(self.draft, edited)
        assert f"+{ASSESSMENT}" in text and f"+{DIRECTION}" in text and figures == []
        # the reviewers get the new version
        assert Notice.objects.filter(user=self.member, kind=NoticeKind.REPORT_REVIEW, key=f"draft:{edited.pk}").exists()
        assert mail.outbox[0].to == ["member@example.org"]
        page = self.client.get(f"/reports/drafts/{edited.pk}/").content.decode()
        assert ASSESSMENT in page and DIRECTION in page

    def test_the_edit_is_kept_with_who_made_it_and_each_change(self):
        self.client.force_login(self.secretariat)
        self.post()
        latest = Draft.objects.get(unit=self.city, version=2)
        self.post(limitations="Đánh giá lại.", tasks="", draft=latest)
        narrative = Narrative.objects.get(programme=self.programme, unit=self.city, period="2023-H1", language="vi")
        assert (narrative.limitations, narrative.tasks) == ("Đánh giá lại.", "")
        rows = list(narrative.history.order_by("history_date"))
        assert [r.limitations for r in rows] == [ASSESSMENT, "Đánh giá lại."]  # one row per edit
        assert all(r.history_user == self.secretariat for r in rows)
        assert rows[-1].history_change_reason == "draft v3"

    def test_the_issued_docx_and_pdf_print_the_edited_text(self):
        self.client.force_login(self.secretariat)
        self.post()
        document = build_document(self.programme, "2023-H1", "vi", generated_at=WHEN)
        two, three = document.sections[1], document.sections[2]
        assert two.blocks[0].text == ASSESSMENT and DIRECTION in [getattr(b, "text", "") for b in three.blocks]
        report = issue_report(self.programme, "2023-H1", "vi", now=WHEN, acting_user=self.secretariat)
        files = {f.format: bytes(f.content) for f in report.files.all()}
        for reading in (docx_text(files["docx"]), pdf_text(files["pdf"])):
            assert ASSESSMENT in reading and DIRECTION in reading
        # a later draft keeps it (its free text, apart from the computed text)
        later = make_draft(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        assert {s["key"]: s["free"] for s in later.sections}["II"] == [ASSESSMENT]

    def test_only_the_latest_version_is_edited(self):
        self.client.force_login(self.secretariat)
        self.post()
        response = self.post(limitations="Cũ")
        assert response.status_code == 302 and response["Location"] == f"/reports/drafts/{self.draft.pk}/"
        assert Draft.objects.filter(unit=self.city).count() == 2
        assert Narrative.objects.get(unit=self.city).limitations == ASSESSMENT
        page = self.client.get(f"/reports/drafts/{self.draft.pk}/").content.decode()
        assert 'id="free-text"' not in page  # an old version shows no form

    def test_too_long_a_text_is_refused_and_nothing_is_written(self):
        self.client.force_login(self.secretariat)
        response = self.post(limitations="x" * 5001)
        assert response.status_code == 400
        assert "tối đa 5000 kí tự" in response.content.decode()
        assert not Narrative.objects.exists() and Draft.objects.filter(unit=self.city).count() == 1

    def test_reviewers_reporters_and_outsiders_may_not_write_it(self):
        self.client.force_login(self.member)  # a reviewer: reads and comments, does not write
        page = self.client.get(f"/reports/drafts/{self.draft.pk}/").content.decode()
        assert 'id="free-text"' not in page and 'id="comment"' in page
        assert self.post().status_code == 403
        self.client.force_login(self.reporter)  # sees district A's draft, may not write it
        page = self.client.get(f"/reports/drafts/{self.district_draft.pk}/").content.decode()
        assert 'id="free-text"' not in page
        assert self.post(draft=self.district_draft).status_code == 403
        self.client.force_login(self.approver)
        assert self.post(draft=self.district_draft).status_code == 403
        self.client.force_login(self.outsider)  # district B: does not see district A's draft
        assert self.post(draft=self.district_draft).status_code == 404
        assert self.post().status_code == 404
        assert not Narrative.objects.exists() and Draft.objects.count() == 2

"""Drafts under review: one step builds the draft and sends it to the
programme's reviewers; they comment on sections and figures; every version
is kept, with what changed in the text and the figures."""

from django.core import mail
from django.test import override_settings

from steerco.followup.models import Notice, NoticeKind
from steerco.indicators.models import DataValue
from steerco.jobs.models import Job, JobStatus
from steerco.jobs.testing import run_queued_jobs
from steerco.jobs.tests.media import TemporaryMedia
from steerco.testing import make_user

from ..models import Draft, DraftComment, Reviewer
from ..review import diff, make_draft
from .base import ReportTestCase


class ReviewTestCase(ReportTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.member = make_user("member")  # a standing member: no role in the tree, a reviewer of the programme
        cls.member.email = "member@example.org"
        cls.member.save()
        Reviewer.objects.create(programme=cls.programme, user=cls.member, role="Ủy viên thường trực")


class DraftTests(ReviewTestCase):
    def test_a_draft_is_kept_as_the_next_version_and_reaches_the_reviewers(self):
        first = make_draft(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        second = make_draft(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        assert (first.version, second.version) == (1, 2)
        assert [s["key"] for s in first.sections] == ["I", "II", "III"]
        assert first.figures["ADMITTED"][1] == "70"
        assert Notice.objects.filter(user=self.member, kind=NoticeKind.REPORT_REVIEW).count() == 2
        assert mail.outbox[0].to == ["member@example.org"]

    def test_the_diff_shows_changed_figures_and_text(self):
        first = make_draft(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        DataValue.objects.filter(indicator=self.admitted, unit=self.org_a1, period="2023-H1").update(value=50)
        second = make_draft(self.programme, "2023-H1", "vi", acting_user=self.secretariat)
        text, figures = diff(first, second)
        assert [(f.code, f.before, f.after) for f in figures if f.code == "ADMITTED"] == [("ADMITTED", "70", "80")]
        assert any(line.startswith("-") for line in text) and any(line.startswith("+") for line in text)
        assert diff(second, second) == ([], [])


class DraftPageTests(ReviewTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.draft = make_draft(cls.programme, "2023-H1", "vi", acting_user=cls.secretariat)

    def test_a_reviewer_reads_it_from_the_inbox_and_comments_on_a_figure(self):
        self.client.force_login(self.member)
        notice = Notice.objects.get(user=self.member)
        assert self.client.get(f"/inbox/{notice.pk}/").url == f"/reports/drafts/{self.draft.pk}/"
        page = self.client.get(f"/reports/drafts/{self.draft.pk}/").content.decode()
        assert "Gửi góp ý" in page and 'id="figure-ADMITTED"' in page
        response = self.client.post(
            f"/reports/drafts/{self.draft.pk}/comment/", {"target": "figure:ADMITTED", "text": "Số 70 cần đối chiếu"}
        )
        assert response.status_code == 302
        comment = DraftComment.objects.get()
        assert (comment.target, comment.user) == ("figure:ADMITTED", self.member)
        assert "Số 70 cần đối chiếu" in self.client.get(f"/reports/drafts/{self.draft.pk}/").content.decode()

    def test_an_unknown_target_or_an_empty_comment_is_refused(self):
        self.client.force_login(self.member)
        url = f"/reports/drafts/{self.draft.pk}/comment/"
        assert self.client.post(url, {"target": "figure:NOPE", "text": "x"}).status_code == 400
        assert self.client.post(url, {"target": "section:II", "text": ""}).status_code == 400
        assert not DraftComment.objects.exists()

    def test_others_neither_read_nor_comment(self):
        self.client.force_login(self.outsider)
        assert self.client.get(f"/reports/drafts/{self.draft.pk}/").status_code == 404
        assert (
            self.client.post(
                f"/reports/drafts/{self.draft.pk}/comment/", {"target": "section:I", "text": "x"}
            ).status_code
            == 404
        )
        self.client.force_login(self.reporter)  # sees district A only; the draft is the city's
        assert self.client.get(f"/reports/drafts/{self.draft.pk}/").status_code == 404
        assert not DraftComment.objects.exists()


@override_settings(JOBS_RETRY_DELAY=0)
class DraftJobTests(TemporaryMedia, ReviewTestCase):
    def test_the_secretariat_starts_the_draft_in_one_step(self):
        self.client.force_login(self.secretariat)
        data = {"programme": self.programme.code, "unit": "CITY", "period": "2023-H1", "language": "vi"}
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/reports/drafts/new/", {**data, "format": "pdf"})
        run_queued_jobs()
        job = Job.objects.get()
        assert response["Location"] == f"/jobs/{job.pk}/" and job.status == JobStatus.DONE, job.error
        draft = Draft.objects.get()
        assert f"/reports/drafts/{draft.pk}/" in job.message

    def test_a_reporter_cannot_start_a_draft(self):
        self.client.force_login(self.reporter)
        data = {"programme": self.programme.code, "unit": "DIST-A", "period": "2023-H1", "language": "vi"}
        assert self.client.post("/reports/drafts/new/", {**data, "format": "pdf"}).status_code == 403
        assert not Job.objects.exists()

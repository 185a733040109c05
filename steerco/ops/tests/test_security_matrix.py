"""XSS, SQL injection, CSRF and IDOR over every URL the project serves.

The table ``URLS`` names each URL pattern (walked from Django's resolver) and
says how it is covered:

- ``PUBLIC``: no record behind it (log-in, language, schema, token);
- ``SCOPED``: a page or list that everyone logged in may open; it must
  show the outsider (a reporter of district B) nothing of district A;
- ``RECORD``: one record of district A (or of a district-A person): the
  outsider gets 403 or 404 (405 where the method does not exist), by GET
  and by POST, and nothing changes.

``test_every_url_pattern_is_in_the_table`` fails when a new URL is added
without saying how it is covered. The district-A records all carry a
script payload (``SCRIPT``) in their free text: the IDOR checks look for its
marker in what the outsider gets, the XSS checks that the people who may
see it get it escaped.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.html import escape

from steerco.accounts.models import ApiToken, Role
from steerco.audit.models import ChangeReason, StatedReason
from steerco.collection.models import Submission
from steerco.collection.tests.base import RoundTestCase
from steerco.drafts.models import DraftCheck
from steerco.findings.models import (
    DeepReviewSuggestion,
    Evidence,
    ParArea,
    ParCriterion,
    ParIndex,
    ParScore,
    ParSubCriterion,
    RemediationAction,
    RemediationPlan,
    WeakOrganisation,
)
from steerco.findings.tests.base import make_finding, pdf_upload
from steerco.followup.models import Notice
from steerco.indicators.models import Target
from steerco.inspection import services as inspection
from steerco.inspection.stages import Subject
from steerco.jobs.models import Job
from steerco.jobs.tests.media import TemporaryMedia
from steerco.proposals.models import Attachment, Conclusion, Item, Meeting
from steerco.reports.models import Draft, IssuedFile, IssuedReport
from steerco.testing import make_user

MARKER = "MARKER-A"
SCRIPT = f'<script>alert("{MARKER}")</script>'
ESCAPED = escape(SCRIPT)

PUBLIC, SCOPED, RECORD = "public", "scoped", "record"

# name -> (coverage, URL arguments from the fixture, query string for GETs).
# Arguments are attribute names of the test class (or literals).
URLS: dict[str, tuple[str, tuple, dict]] = {
    "login": (PUBLIC, (), {}),
    "logout": (PUBLIC, (), {}),
    "set_language": (PUBLIC, (), {}),
    "api-schema": (PUBLIC, (), {}),
    "api-token": (PUBLIC, (), {}),
    "api-change-reason-list": (PUBLIC, (), {}),
    "api-change-reason-detail": (PUBLIC, ("@reason_code",), {}),
    # dashboard
    "home": (SCOPED, (), {"unit": "DIST-A", "period": "2023-H1"}),
    "dashboard:drill": (SCOPED, (), {"indicator": "ADMITTED", "unit": "DIST-A", "period": "2023-H1"}),
    "dashboard:heat": (SCOPED, (), {"unit": "DIST-A", "period": "2023-H1"}),
    "dashboard:values": (SCOPED, (), {"indicator": "ADMITTED", "unit": "DIST-A-CS01", "period": "2023-H1"}),
    "dashboard:chart-trend": (SCOPED, (), {"indicator": "ADMITTED", "unit": "DIST-A"}),
    "dashboard:chart-completeness": (SCOPED, (), {"unit": "DIST-A", "period": "2023-H1"}),
    "dashboard:chart-burndown": (SCOPED, (), {"unit": "DIST-A", "period": "2023-H1"}),
    # collection
    "collection:rounds": (SCOPED, (), {}),
    "collection:open-round": (SCOPED, (), {}),
    "collection:completeness": (SCOPED, ("@round.pk",), {"unit": "DIST-A"}),
    "collection:upload": (SCOPED, ("@round.pk",), {}),
    "collection:warnings": (SCOPED, ("@round.pk",), {}),
    "collection:close-round": (RECORD, ("@round.pk",), {}),
    "collection:entry": (RECORD, ("@round.pk", "DIST-A"), {}),
    "collection:template": (RECORD, ("@round.pk", "DIST-A"), {"subtree": "1"}),
    "collection:value-history": (RECORD, ("@value_a.pk",), {}),
    "collection:submission-history": (RECORD, ("@submission_a.pk",), {}),
    "unit-list": (SCOPED, (), {}),
    "unit-detail": (RECORD, ("DIST-A",), {}),
    "value-list": (SCOPED, (), {"unit": "DIST-A-CS01"}),
    "value-detail": (RECORD, ("@value_a.pk",), {}),
    "target-list": (SCOPED, (), {"unit": "DIST-A"}),
    "target-detail": (RECORD, ("@target_a.pk",), {}),
    "period-list": (SCOPED, (), {}),
    "period-detail": (SCOPED, ("@round.pk",), {}),
    "submission-list": (SCOPED, (), {}),
    "submission-detail": (RECORD, ("@submission_a.pk",), {}),
    "submission-submit": (RECORD, ("@submission_a.pk",), {}),
    "submission-approve": (RECORD, ("@submission_a.pk",), {}),
    "submission-return-": (RECORD, ("@submission_a.pk",), {}),
    "submission-reopen": (RECORD, ("@submission_a.pk",), {}),
    # inspection
    "inspection:cases": (SCOPED, (), {}),
    "inspection:open": (SCOPED, (), {}),
    "inspection:statistics": (SCOPED, (), {"unit": "DIST-A"}),
    "inspection:statistics-xlsx": (SCOPED, (), {"unit": "DIST-A"}),
    "inspection:case": (RECORD, ("@case_a.code",), {}),
    "inspection:conclude": (RECORD, ("@case_a.code",), {}),
    "inspection:decide": (RECORD, ("@case_a.code",), {}),
    "inspection:person": (RECORD, ("@case_a.code",), {}),
    "inspection-statistics": (SCOPED, (), {"unit": "DIST-A"}),
    "inspection-case-list": (SCOPED, (), {}),
    "inspection-case-detail": (RECORD, ("@case_a.code",), {}),
    "inspection-case-conclude": (RECORD, ("@case_a.code",), {}),
    "inspection-case-decide": (RECORD, ("@case_a.code",), {}),
    "inspection-case-person": (RECORD, ("@case_a.code",), {}),
    # findings
    "findings:list": (SCOPED, (), {"unit": "DIST-A"}),
    "findings:create": (SCOPED, (), {}),
    "findings:export": (SCOPED, (), {"unit": "DIST-A"}),
    "findings:exceptions": (SCOPED, (), {"unit": "DIST-A"}),
    "findings:summary": (SCOPED, (), {"unit": "DIST-A"}),
    "findings:detail": (RECORD, ("@finding_a.pk",), {}),
    "findings:edit": (RECORD, ("@finding_a.pk",), {}),
    "findings:transition": (RECORD, ("@finding_a.pk",), {}),
    "findings:upload": (RECORD, ("@finding_a.pk",), {}),
    "findings:action-create": (RECORD, ("@finding_a.pk",), {}),
    "findings:deadline": (RECORD, ("@finding_a.pk",), {}),
    "findings:action-transition": (RECORD, ("@finding_a.pk", "@action_a.pk"), {}),
    "findings:download": (RECORD, ("@evidence_a.pk",), {}),
    "findings:weak": (SCOPED, (), {"unit": "DIST-A"}),
    "findings:weak-add": (SCOPED, (), {}),
    "findings:weak-export": (SCOPED, (), {"year": "2023"}),
    "findings:suggestions-export": (SCOPED, (), {}),
    "findings:weak-consolidate": (RECORD, ("@weak_a.pk",), {}),
    "findings:close-year": (SCOPED, (), {}),
    "findings:suggestions": (SCOPED, (), {"unit": "DIST-A"}),
    "findings:par": (RECORD, ("DIST-A", 2023), {}),
    "findings:cause-add": (RECORD, ("@finding_a.pk",), {}),
    "findings:suggestion-add": (SCOPED, (), {}),
    "findings:plan-add": (SCOPED, (), {}),
    # the PAR index's structure is the city's, the same for everyone; the
    # scores are each unit's own
    "findings:par-indexes": (SCOPED, (), {}),
    "findings:par-index": (SCOPED, ("@par_index.code",), {}),
    "findings:par-scores": (SCOPED, ("@par_index.code",), {"unit": "DIST-A", "year": "2023"}),
    "api-finding-list": (SCOPED, (), {"owner": "DIST-A"}),
    "api-figure-list": (SCOPED, (), {"programme": "99-CTr/TU", "unit": "DIST-A", "period": "2023-H1"}),
    "api-finding-exceptions": (SCOPED, (), {}),
    "api-finding-detail": (RECORD, ("@finding_a.pk",), {}),
    "api-finding-deadline": (RECORD, ("@finding_a.pk",), {}),
    "api-finding-evidence": (RECORD, ("@finding_a.pk",), {}),
    "api-finding-transition": (RECORD, ("@finding_a.pk",), {}),
    "api-finding-causes": (RECORD, ("@finding_a.pk",), {}),
    "api-remediation-plan-list": (SCOPED, (), {}),
    "api-remediation-plan-detail": (RECORD, ("@plan_a.pk",), {}),
    "api-par-index-list": (SCOPED, (), {}),
    "api-par-index-detail": (SCOPED, ("@par_index.code",), {}),
    "api-par-index-nodes": (SCOPED, ("@par_index.code",), {}),
    "api-par-score-list": (SCOPED, (), {"unit": "DIST-A", "year": "2023"}),
    "api-par-score-detail": (RECORD, ("@par_score_a.pk",), {}),
    "api-evidence-list": (SCOPED, (), {}),
    "api-evidence-detail": (RECORD, ("@evidence_a.pk",), {}),
    "api-evidence-download": (RECORD, ("@evidence_a.pk",), {}),
    "api-weak-organisation-list": (SCOPED, (), {}),
    "api-weak-organisation-detail": (RECORD, ("@weak_a.pk",), {}),
    "api-weak-organisation-consolidated": (RECORD, ("@weak_a.pk",), {}),
    "api-weak-organisation-close-year": (SCOPED, (), {}),
    "api-deep-review-list": (SCOPED, (), {}),
    "api-deep-review-detail": (RECORD, ("@suggestion_a.pk",), {}),
    # reports
    "reports:generate": (SCOPED, (), {"unit": "DIST-A", "period": "2023-H1"}),
    "reports:issue": (SCOPED, (), {}),
    "reports:download": (RECORD, ("@issued_a.pk", "pdf"), {}),
    "reports:issued": (RECORD, ("@issued_a.pk",), {"verify": "1"}),
    "reports:register": (SCOPED, (), {}),
    "reports:timeline": (SCOPED, (), {}),
    "reports:draft-start": (SCOPED, (), {}),
    "reports:draft": (RECORD, ("@draft_a.pk",), {}),
    "reports:draft-comment": (RECORD, ("@draft_a.pk",), {}),
    "reports:draft-text": (RECORD, ("@draft_a.pk",), {}),
    # follow-up
    "followup:inbox": (SCOPED, (), {}),
    "followup:open": (RECORD, ("@notice_a.pk",), {}),
    "followup:mark-read": (SCOPED, (), {}),
    "followup:preferences": (SCOPED, (), {}),
    "api-notice-list": (SCOPED, (), {}),
    "api-notice-detail": (RECORD, ("@notice_a.pk",), {}),
    "api-notice-read": (RECORD, ("@notice_a.pk",), {}),
    # difficulties and proposals, meetings
    "proposals:list": (SCOPED, (), {"unit": "DIST-A"}),
    "proposals:create": (SCOPED, (), {"unit": "DIST-A"}),
    "proposals:detail": (RECORD, ("@item_a.pk",), {}),
    "proposals:move": (RECORD, ("@item_a.pk",), {}),
    "proposals:attach": (RECORD, ("@item_a.pk",), {}),
    "proposals:convert": (RECORD, ("@item_a.pk",), {}),
    "proposals:download": (RECORD, ("@attachment_a.pk",), {}),
    "proposals:meetings": (SCOPED, (), {}),
    "proposals:meeting": (RECORD, ("@meeting_a.pk",), {}),
    "proposals:brief": (RECORD, ("@meeting_a.pk", "pdf"), {}),
    "proposals:notice": (RECORD, ("@meeting_a.pk", "docx"), {}),
    "proposals:conclusion-add": (RECORD, ("@meeting_a.pk",), {}),
    "proposals:send-notice": (RECORD, ("@meeting_a.pk",), {}),
    "proposals:conclusion-move": (RECORD, ("@conclusion_a.pk",), {}),
    "api-proposal-list": (SCOPED, (), {"unit": "DIST-A"}),
    "api-proposal-detail": (RECORD, ("@item_a.pk",), {}),
    "api-proposal-move": (RECORD, ("@item_a.pk",), {}),
    "api-proposal-files": (RECORD, ("@item_a.pk",), {}),
    "api-meeting-list": (SCOPED, (), {}),
    "api-meeting-detail": (RECORD, ("@meeting_a.pk",), {}),
    # jobs
    "jobs:list": (SCOPED, (), {}),
    "jobs:detail": (RECORD, ("@job_a.pk",), {}),
    "jobs:download": (RECORD, ("@job_a.pk",), {}),
    # the user's own account: API tokens, password
    "accounts:tokens": (SCOPED, (), {}),
    "accounts:revoke-token": (RECORD, ("@token_a.pk",), {}),
    "accounts:password": (SCOPED, (), {}),
    "accounts:password-done": (SCOPED, (), {}),
    "api-tokens-list": (SCOPED, (), {}),
    "api-tokens-detail": (RECORD, ("@token_a.pk",), {}),
    # draft checks
    "drafts:list": (SCOPED, (), {}),
    "drafts:check": (SCOPED, (), {}),
    "drafts:detail": (RECORD, ("@draft_a.pk",), {}),
    "drafts:docx": (RECORD, ("@draft_a.pk",), {}),
    "drafts:json": (RECORD, ("@draft_a.pk",), {}),
    "api-draft-check-list": (SCOPED, (), {}),
    "api-draft-check-detail": (RECORD, ("@draft_a.pk",), {}),
}
# The admin has its own login (staff only; test_security.AccessControlTests).
NOT_IN_TABLE = ("admin:",)
# POSTs that need no CSRF token by design: the token endpoint takes the
# credentials themselves, never a cookie.
CSRF_EXEMPT = {"api-token"}
# A bare POST is the whole request (a button, no fields to refuse): the
# secretariat's POST acts, whatever else the form carries.
ACTS_WITHOUT_INPUT = {"proposals:send-notice"}

# Input that once gave a server error: a NUL byte (PostgreSQL refuses it in
# text), integers beyond 64 bits, overflowing dates and periods, values of 1e16.
HOSTILE = ["QU\x00X", "\x00", "99999999999999999999", "-99999999999999999999", "1000000000", "99999-H1",
           "9999-12", "2023-H9", "0", "-1", "1e16", "NaN", "１２"]  # fmt: skip
HUGE_ID = 99999999999999999999
SQL = ["' OR '1'='1", "1; DROP TABLE units_unit; --", "DIST-A' UNION SELECT password FROM auth_user --", "%' --"]
FILTERS = ["unit", "period", "programme", "indicator", "status", "owner", "q", "search", "kind", "year", "page"]


def url_names() -> set[str]:
    def walk(patterns, namespace=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(
                    pattern.url_patterns, namespace + (f"{pattern.namespace}:" if pattern.namespace else "")
                )
            elif isinstance(pattern, URLPattern):
                yield namespace + (pattern.name or repr(pattern.pattern))

    return {name for name in walk(get_resolver().url_patterns) if not name.startswith(NOT_IN_TABLE)}


def text_of(response) -> str:
    """What a response shows, including the cells of an xlsx download."""
    content = response.content if not getattr(response, "streaming", False) else b"".join(response.streaming_content)
    if content[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(content)) as book:
            return " ".join(book.read(n).decode("utf-8", "replace") for n in book.namelist() if n.endswith(".xml"))
    return content.decode("utf-8", "replace")


class MatrixTestCase(TemporaryMedia, RoundTestCase):
    """District A's records, each with the script payload in its free text."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # District A's own names carry the payload too: any page that shows
        # district A (a dashboard, a list, a chart) to the outsider is caught
        # by the marker, and the pages that may show them must escape them.
        for unit in (cls.district_a, cls.org_a1):
            unit.name_vi = f"{unit.name_vi} {SCRIPT}"
            unit.name_en = f"{unit.name_en} {SCRIPT}"
            unit.save()
        cls.inspector_a = make_user("inspector_a", Role.INSPECTOR, cls.district_a)
        cls.value_a = cls.enter(cls.admitted, cls.org_a1, "2023-H1", "7")
        cls.value_a.note = SCRIPT
        cls.value_a.save()
        cls.target_a = Target.objects.create(indicator=cls.admitted, unit=cls.district_a, period="2023", value=10)
        cls.submission_a = Submission.objects.get(round=cls.round, unit=cls.district_a)
        cls.submission_a.comment = SCRIPT
        cls.submission_a.save()

        cls.finding_a = make_finding(cls.district_a, SCRIPT, description=SCRIPT, deadline=date(2023, 6, 30))
        cls.action_a = RemediationAction.objects.create(finding=cls.finding_a, owner=cls.district_a, description=SCRIPT)
        cls.weak_a = WeakOrganisation.objects.create(organisation=cls.org_a1, year=2023, reason=SCRIPT)
        cls.suggestion_a = DeepReviewSuggestion.objects.create(
            suggested_by=cls.city, addressed_to=cls.district_a, review_year=2023, suggested_on=date(2023, 1, 5),
            subject=SCRIPT,
        )  # fmt: skip
        cls.plan_a = RemediationPlan.objects.create(
            unit=cls.district_a, title=SCRIPT, period="2023-H2", adopted_on=date(2023, 7, 1)
        )
        cls.par_index = ParIndex.objects.create(code="PAR-T", name_vi="Chỉ số thử")
        area = ParArea.objects.create(index=cls.par_index, code="1", name_vi="Lĩnh vực")
        criterion = ParCriterion.objects.create(area=area, code="1.1", name_vi="Tiêu chí")
        sub = ParSubCriterion.objects.create(
            criterion=criterion, code="1.1.1", name_vi="Tiêu chí thành phần", maximum=2
        )
        cls.par_score_a = ParScore.objects.create(
            unit=cls.district_a, year=2023, sub_criterion=sub, score=Decimal(1), note=SCRIPT
        )
        cls.reason = ChangeReason.objects.first() or ChangeReason.objects.create(code="OTHER", label_vi="Khác")
        cls.reason_code = cls.reason.code
        StatedReason.objects.create(
            kind=StatedReason._meta.get_field("kind").choices[0][0], reason=cls.reason, text=SCRIPT,
            user=cls.reporter, at=timezone.now(), unit=cls.district_a, record_type="findings.finding",
            record_id=cls.finding_a.pk, record_label=SCRIPT,
        )  # fmt: skip

        cls.case_a = inspection.open_case(
            commission=cls.district_a, subject=Subject.FULL_MEMBER, opened_on=date(2023, 2, 1),
            full_name=SCRIPT, identity_number="001234567890", acting_user=cls.inspector_a,
        )  # fmt: skip
        cls.issued_a = IssuedReport.objects.create(
            programme=cls.programme, unit=cls.district_a, period="2023-H1", language="vi", issuer_code="QU-A",
            year=2023, number=1, symbol=SCRIPT, issued_at=timezone.now(), issued_by=cls.approver,
        )  # fmt: skip
        IssuedFile.objects.create(report=cls.issued_a, format="pdf", content=MARKER.encode(), sha256="0" * 64, size=8)
        cls.draft_a = Draft.objects.create(
            programme=cls.programme, unit=cls.district_a, period="2023-H1", language="vi", version=1,
            report_date=date(2023, 7, 10), sections=[{"key": "I", "title": SCRIPT, "lines": [SCRIPT]}],
            figures={"X": [SCRIPT, "1"]}, created_by=cls.approver, created_at=timezone.now(),
        )  # fmt: skip
        cls.notice_a = Notice.objects.create(
            user=cls.reporter, kind=Notice._meta.get_field("kind").choices[0][0], key="submission:1",
            unit=cls.district_a, subject=SCRIPT, body=SCRIPT, url="/collection/", sent_on=date(2023, 6, 1),
        )  # fmt: skip
        cls.draft_a = DraftCheck.objects.create(
            programme=cls.programme, unit=cls.district_a, period="2023-H1", submission=cls.submission_a,
            file_name=SCRIPT, format="txt", content=SCRIPT.encode(), annotated=MARKER.encode(),
            result={"draft": {"name": SCRIPT, "format": "txt", "blocks": [{"index": 0, "text": SCRIPT}]},
                    "figures": [], "checked": 0, "problems": 0, "counts": {}},
        )  # fmt: skip
        cls.item_a = Item.objects.create(
            raised_by=cls.district_a, addressed_to=cls.city, programme=cls.programme, period="2023-H1",
            subject=SCRIPT, text=SCRIPT, raised_on=date(2023, 3, 1), body_unit=cls.district_a, status="assigned",
            deadline=date(2023, 4, 1), dispute_reason=SCRIPT,
        )  # fmt: skip
        cls.meeting_a = Meeting.objects.create(
            programme=cls.programme, convened_by=cls.city, held_on=date(2023, 7, 10), title=SCRIPT, decisions=SCRIPT
        )
        cls.meeting_a.attending.set([cls.district_a])
        cls.conclusion_a = Conclusion.objects.create(
            meeting=cls.meeting_a, text=SCRIPT, body_unit=cls.district_a, deadline=date(2023, 9, 30)
        )
        cls.job_a = Job.objects.create(
            kind="jobs.export_pack", created_by=cls.reporter, unit=cls.district_a, message=SCRIPT
        )
        cls.token_a, _key = ApiToken.issue(cls.reporter, SCRIPT)

    def setUp(self):
        super().setUp()
        from steerco.findings.services import evidence
        from steerco.proposals.services import attachments

        self.evidence_a = evidence.attach(self.finding_a, pdf_upload(), description=SCRIPT, acting_user=self.reporter)
        self.attachment_a = attachments.store(self.item_a, pdf_upload(f"{MARKER}.pdf"), acting_user=self.reporter)

    def resolve(self, arg):
        if isinstance(arg, str) and arg.startswith("@"):
            value = self
            for part in arg[1:].split("."):
                value = getattr(value, part)
            return value
        return arg

    def url(self, name: str) -> str:
        _coverage, args, _query = URLS[name]
        return reverse(name, args=[self.resolve(a) for a in args])

    def fingerprint(self):
        """District A's records as they stand; the outsider must change none."""
        from steerco.findings.models import Finding
        from steerco.indicators.models import DataValue
        from steerco.inspection.models import Case

        return (
            list(DataValue.objects.order_by("pk").values_list("pk", "value", "version", "status")),
            list(Submission.objects.order_by("pk").values_list("pk", "status", "comment")),
            list(Finding.objects.order_by("pk").values_list("pk", "status", "deadline", "title")),
            list(RemediationAction.objects.order_by("pk").values_list("pk", "status", "deadline")),
            list(Evidence.objects.order_by("pk").values_list("pk")),
            list(WeakOrganisation.objects.order_by("pk").values_list("pk", "consolidated_on")),
            list(Case.objects.order_by("pk").values_list("pk", "stage", "concluded_on", "decided_on")),
            list(Notice.objects.order_by("pk").values_list("pk", "read_at")),
            list(Target.objects.order_by("pk").values_list("pk", "value")),
            list(Item.objects.order_by("pk").values_list("pk", "status", "deadline", "finding", "task")),
            list(Conclusion.objects.order_by("pk").values_list("pk", "status", "text")),
            list(Meeting.objects.order_by("pk").values_list("pk", "notice_sent_on")),
            Attachment.objects.count(),
            Job.objects.count(),
            DraftCheck.objects.count(),
            list(get_user_model().objects.order_by("pk").values_list("pk", "password")),
            list(ApiToken.objects.order_by("pk").values_list("pk", "name")),
        )


@override_settings(AXES_ENABLED=False)
class SecurityMatrixTests(MatrixTestCase):
    def test_every_url_pattern_is_in_the_table(self):
        missing = sorted(url_names() - set(URLS))
        self.assertEqual(missing, [], "add these URL patterns to URLS in this module, saying how they are covered")
        stale = sorted(set(URLS) - url_names())
        self.assertEqual(stale, [])

    def test_the_outsider_cannot_reach_district_as_records(self):
        self.client.force_login(self.outsider)
        before = self.fingerprint()
        for name, (coverage, _args, query) in URLS.items():
            if coverage != RECORD:
                continue
            url = self.url(name)
            with self.subTest(name, method="GET"):
                response = self.client.get(url, query)
                self.assertIn(response.status_code, (403, 404, 405), url)
                self.assertNotIn(MARKER, text_of(response))
            for method in ("post", "put", "patch"):
                if method != "post" and not name.startswith(("api-", "unit-", "value-", "target-", "submission-")):
                    continue
                with self.subTest(name, method=method):
                    response = getattr(self.client, method)(url, {"status": "closed"}, content_type="application/json")
                    self.assertIn(response.status_code, (403, 404, 405), f"{method} {url}")
                    self.assertNotIn(MARKER, text_of(response))
                response = self.client.post(url, {"status": "closed", "comment": "x", "reason": "x"})
                self.assertIn(response.status_code, (403, 404, 405), f"form POST {url}")
        self.assertEqual(self.fingerprint(), before)

    def test_the_outsider_sees_nothing_of_district_a_on_shared_pages(self):
        self.client.force_login(self.outsider)
        for name, (coverage, _args, query) in URLS.items():
            if coverage == RECORD:
                continue
            with self.subTest(name):
                response = self.client.get(self.url(name), query)
                self.assertLess(response.status_code, 500)
                self.assertNotIn(MARKER, text_of(response))

    def test_hostile_query_parameters_give_no_error_and_no_leak(self):
        self.client.force_login(self.outsider)
        before = self.fingerprint()
        for name in URLS:
            if name in ("logout", "set_language"):
                continue
            for payload in SQL:
                with self.subTest(name, payload=payload):
                    response = self.client.get(self.url(name), {f: payload for f in FILTERS})
                    self.assertLess(response.status_code, 500)
                    self.assertNotIn(MARKER, text_of(response))
        self.assertEqual(self.fingerprint(), before)

    def test_every_post_without_the_csrf_token_is_refused(self):
        client = Client(enforce_csrf_checks=True)
        client.force_login(self.secretariat)
        before = self.fingerprint()
        for name in sorted(URLS):
            if name in CSRF_EXEMPT:
                continue
            with self.subTest(name):
                response = client.post(self.url(name), {"status": "closed", "comment": "x"})
                self.assertEqual(response.status_code, 403, self.url(name))
        self.assertEqual(self.fingerprint(), before)


@override_settings(AXES_ENABLED=False)
class HostileInputTests(MatrixTestCase):
    """No input gives a server error: every URL, every usual filter, with
    each hostile value, for a user who sees everything and for the
    outsider; every record URL with an id far beyond any integer column."""

    def test_hostile_filter_values_give_no_server_error(self):
        for persona in ("secretariat", "outsider"):
            self.client.force_login(getattr(self, persona))
            for name in URLS:
                if name in ("logout", "set_language"):
                    continue
                url = self.url(name)
                for payload in HOSTILE:
                    with self.subTest(name, persona=persona, payload=payload):
                        response = self.client.get(url, {f: payload for f in [*FILTERS, "days", "date", "on"]})
                        self.assertLess(response.status_code, 500, f"{url} {payload!r}")

    def test_ids_out_of_range_answer_not_found(self):
        self.client.force_login(self.secretariat)
        for name, (_coverage, args, _query) in URLS.items():
            values = [self.resolve(a) for a in args]
            if not any(isinstance(v, int) for v in values):
                continue
            huge = [HUGE_ID if isinstance(v, int) else v for v in values]
            url = reverse(name, args=huge)
            with self.subTest(name):
                self.assertIn(self.client.get(url).status_code, (404, 405), url)  # 405: a POST-only URL
                self.assertIn(self.client.post(url, {"x": "1"}).status_code, (404, 405), url)

    def test_a_nul_byte_in_a_form_or_json_field_is_refused_without_a_server_error(self):
        self.client.force_login(self.secretariat)  # may write: what a POST does is its own business, no 500
        for name in URLS:
            if name in ("logout", "set_language"):
                continue
            url = self.url(name)
            with self.subTest(name):
                response = self.client.post(url, {"title": "A\x00B", "name": "\x00", "comment": "\x00"})
                self.assertLess(response.status_code, 500, url)
                if name.startswith("api-"):
                    response = self.client.post(url, {"title": "A\x00B"}, content_type="application/json")
                    self.assertLess(response.status_code, 500, url)


@override_settings(AXES_ENABLED=False)
class StoredScriptTests(MatrixTestCase):
    """Text people typed is shown escaped wherever it is shown."""

    PAGES = [
        # (persona, URL name, query): each page must show the payload, escaped
        ("reporter", "findings:detail", {}),
        ("reporter", "findings:list", {}),
        ("reporter", "findings:weak", {}),
        ("reporter", "collection:rounds", {}),
        ("reporter", "collection:entry", {}),
        ("reporter", "collection:submission-history", {}),
        ("reporter", "followup:inbox", {}),
        ("reporter", "jobs:detail", {}),
        ("reporter", "accounts:tokens", {}),
        ("approver", "drafts:detail", {}),
        ("reporter", "proposals:detail", {}),
        ("reporter", "proposals:list", {}),
        ("reporter", "proposals:meeting", {}),
        ("secretariat", "proposals:meeting", {}),
        ("secretariat", "reports:generate", {}),
        ("inspector_a", "inspection:person", {}),
    ]

    def test_stored_scripts_are_escaped(self):
        for persona, name, query in self.PAGES:
            with self.subTest(name, persona=persona):
                self.client.force_login(getattr(self, persona))
                response = self.client.get(self.url(name), query)
                self.assertEqual(response.status_code, 200)
                page = response.content.decode()
                self.assertNotIn(SCRIPT, page)
                self.assertIn(ESCAPED, page)

    def test_the_api_returns_text_as_data_not_markup(self):
        self.client.force_login(self.reporter)
        response = self.client.get(self.url("api-finding-detail"))
        self.assertEqual(response["Content-Type"], "application/json")
        self.assertEqual(response.json()["title"], SCRIPT)
        self.assertEqual(Decimal(self.client.get(self.url("value-detail")).json()["value"]), Decimal(7))


@override_settings(AXES_ENABLED=False)
class UnitNameScriptTests(MatrixTestCase):
    """District A's names carry the payload: every page that shows them to
    someone who may see them shows them escaped."""

    MARKUP = ("text/html", "image/svg+xml", "application/xhtml+xml")

    def test_no_page_shows_a_unit_name_unescaped(self):
        for persona in ("secretariat", "reporter", "approver", "inspector_a"):
            self.client.force_login(getattr(self, persona))
            for name, (_coverage, _args, query) in URLS.items():
                if name in ("logout", "set_language"):
                    continue
                with self.subTest(name, persona=persona):
                    response = self.client.get(self.url(name), query)
                    self.assertLess(response.status_code, 500)
                    if response.get("Content-Type", "").split(";")[0] in self.MARKUP:
                        self.assertNotIn(SCRIPT, text_of(response))

    def test_the_dashboard_pages_below_home_refuse_an_invisible_unit(self):
        self.client.force_login(self.outsider)
        for name in (
            "dashboard:drill", "dashboard:heat", "dashboard:values",
            "dashboard:chart-trend", "dashboard:chart-completeness", "dashboard:chart-burndown",
        ):  # fmt: skip
            with self.subTest(name):
                response = self.client.get(self.url(name), URLS[name][2])
                self.assertEqual(response.status_code, 404)
                self.assertNotIn(MARKER, text_of(response))

    def test_the_dashboard_shows_the_names_escaped(self):
        self.client.force_login(self.secretariat)
        for name in ("home", "dashboard:drill", "dashboard:heat", "dashboard:values"):
            with self.subTest(name):
                response = self.client.get(self.url(name), URLS[name][2])
                self.assertEqual(response.status_code, 200)
                page = response.content.decode()
                self.assertIn(escape(self.org_a1.name_vi) if name == "dashboard:values" else ESCAPED, page)
                self.assertNotIn(SCRIPT, page)

"""The meeting brief (DOCX and PDF, difficulties and proposals first), the
conclusions, the conclusion notice in the inbox, and conclusions tracked
like answers."""

import io
from datetime import date

from django.test import override_settings
from django.urls import reverse

from steerco.followup.delivery import run
from steerco.followup.models import Notice, NoticeKind

from ..models import Status
from ..services import items, meetings
from ..services.errors import Refused
from .base import ProposalsTestCase


@override_settings(AXES_ENABLED=False)
class MeetingTests(ProposalsTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.earlier = meetings.create_meeting(
            programme=cls.programme, convened_by=cls.city, held_on=date(2023, 1, 10),
            attending=[cls.district_a, cls.district_b], acting_user=cls.secretariat,
        )  # fmt: skip
        cls.meeting = meetings.create_meeting(
            programme=cls.programme, convened_by=cls.city, held_on=date(2023, 7, 10),
            attending=[cls.district_a, cls.district_b], decisions="Approve the plan for 2023-H2",
            acting_user=cls.secretariat,
        )  # fmt: skip

    def raise_all(self):
        self.raise_one(subject="Guidance on weak organisations", on=date(2023, 3, 1))
        self.raise_one(
            subject="guidance on  weak organisations", unit=self.district_b, user=self.outsider, on=date(2023, 3, 2)
        )
        self.raise_one(subject="Staff for the one-stop shop", kind="difficulty", unit=self.org_a1, on=date(2023, 4, 2))
        self.raise_one(subject="Before the last meeting", on=date(2023, 1, 5))

    def test_only_the_secretariat_records_a_meeting_of_units_below(self):
        with self.assertRaises(Refused):
            meetings.create_meeting(programme=self.programme, convened_by=self.city,
                                    held_on=date(2023, 7, 10), attending=[self.district_a],
                                    acting_user=self.reporter)  # fmt: skip
        with self.assertRaises(Refused):
            meetings.create_meeting(programme=self.programme, convened_by=self.district_a,
                                    held_on=date(2023, 7, 10), attending=[self.district_b],
                                    acting_user=self.secretariat)  # fmt: skip

    def test_the_brief_puts_what_was_raised_since_the_last_meeting_first_grouped_by_subject(self):
        self.raise_all()
        doc = meetings.brief_document(self.meeting, "en")
        titles = [s.title for s in doc.sections]
        self.assertEqual(titles[0], "I. RESULTS IN BRIEF")
        self.assertEqual(len(titles), 4)
        text = doc.text()
        self.assertEqual(text.count("Guidance on weak organisations"), 2)  # the group, and the decision asked
        self.assertNotIn("Before the last meeting", text)
        self.assertIn("Unit DIST-A proposes", text)
        self.assertIn("Unit DIST-B proposes", text)
        self.assertIn("Unit DIST-A-CS01 reports", text)
        self.assertLess(text.index("Guidance on weak organisations"), text.index("Staff for the one-stop shop"))
        self.assertIn("Approve the plan for 2023-H2", text)
        self.assertLess(text.index("II. DIFFICULTIES"), text.index("III. OVERDUE"))
        self.assertLess(text.index("III. OVERDUE"), text.index("IV. DECISIONS"))

    def test_the_brief_downloads_as_docx_and_pdf_from_one_to_two_pages(self):
        from docx import Document as Docx
        from pypdf import PdfReader

        self.raise_all()
        self.client.force_login(self.secretariat)
        pdf = self.client.get(reverse("proposals:brief", args=[self.meeting.pk, "pdf"]))
        self.assertEqual(pdf["Content-Type"], "application/pdf")
        self.assertIn(len(PdfReader(io.BytesIO(pdf.content)).pages), (1, 2))
        docx = self.client.get(reverse("proposals:brief", args=[self.meeting.pk, "docx"]))
        words = "\n".join(p.text for p in Docx(io.BytesIO(docx.content)).paragraphs)
        self.assertIn("II. KHÓ KHĂN, VƯỚNG MẮC VÀ KIẾN NGHỊ, ĐỀ XUẤT", words)
        self.client.force_login(self.nobody)
        self.assertEqual(self.client.get(reverse("proposals:brief", args=[self.meeting.pk, "pdf"])).status_code, 404)

    def test_conclusions_go_out_as_a_notice_once_and_are_tracked_like_answers(self):
        c = meetings.add_conclusion(self.meeting, text="Issue the guidance by September",
                                    deadline=date(2023, 9, 30), body_unit=self.district_a,
                                    acting_user=self.secretariat)  # fmt: skip
        with self.assertRaises(Refused):
            meetings.add_conclusion(
                self.meeting, text="x", deadline=date(2023, 9, 30), body_name="VP", acting_user=self.reporter
            )
        meeting, _outcome = meetings.send_notice(self.meeting, today=date(2023, 7, 12), acting_user=self.secretariat)
        self.assertEqual(meeting.notice_number, 1)
        notices = Notice.objects.filter(kind=NoticeKind.CONCLUSION_NOTICE)
        self.assertEqual(sorted(n.user.username for n in notices), ["approver", "outsider", "reporter", "secretariat"])
        meetings.send_notice(self.meeting, today=date(2023, 7, 13), acting_user=self.secretariat)
        self.assertEqual(notices.count(), 4)
        # overdue: reminded once
        run(date(2023, 10, 2), digest=False)
        run(date(2023, 10, 3), digest=False)
        self.assertEqual(
            sorted(Notice.objects.filter(kind=NoticeKind.CONCLUSION_OVERDUE).values_list("user__username", flat=True)),
            ["reporter", "secretariat"],
        )
        c = items.answer(c, text="Guidance issued", on=date(2023, 10, 5), acting_user=self.reporter)
        self.assertEqual(c.timeliness, "late")
        with self.assertRaises(Refused):
            items.accept(c, on=date(2023, 10, 6), acting_user=self.reporter)
        c = items.dispute(c, reason="Not yet sent to the wards", on=date(2023, 10, 6), acting_user=self.secretariat)
        c = items.answer(c, text="Sent", on=date(2023, 10, 9), acting_user=self.reporter)
        c = items.accept(c, on=date(2023, 10, 10), acting_user=self.secretariat)
        self.assertEqual(c.status, Status.RESOLVED)

    def test_the_meeting_page_through_the_roles(self):
        self.client.force_login(self.secretariat)
        url = reverse("proposals:meeting", args=[self.meeting.pk])
        self.client.post(
            reverse("proposals:conclusion-add", args=[self.meeting.pk]),
            {"text": "Consolidate the weak organisations", "body_unit": self.district_a.pk, "deadline": "2023-12-31"},
        )
        self.assertContains(self.client.get(url), "Consolidate the weak organisations")
        self.client.post(reverse("proposals:send-notice", args=[self.meeting.pk]))
        self.assertEqual(self.client.get(reverse("proposals:notice", args=[self.meeting.pk, "docx"])).status_code, 200)
        self.client.force_login(self.nobody)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_conclusion_is_answered_disputed_and_accepted_on_the_meeting_page(self):
        c = meetings.add_conclusion(self.meeting, text="Issue the guidance", deadline=date(2099, 9, 30),
                                    body_unit=self.district_a, acting_user=self.secretariat)  # fmt: skip
        meetings.send_notice(self.meeting, today=date(2023, 7, 12), acting_user=self.secretariat)
        move = reverse("proposals:conclusion-move", args=[c.pk])
        page = reverse("proposals:meeting", args=[self.meeting.pk])
        self.client.force_login(self.reporter)
        self.assertEqual(self.client.post(move, {"action": "answer", "text": ""}).status_code, 302)
        c.refresh_from_db()
        self.assertNotEqual(c.status, Status.ANSWERED)  # an empty answer is refused by the form
        self.assertRedirects(self.client.post(move, {"action": "answer", "text": "Issued"}), page)
        self.assertEqual(self.client.post(move, {"action": "assign"}).status_code, 404)  # not a conclusion's move
        self.client.force_login(self.secretariat)
        self.client.post(move, {"action": "dispute", "reason": "Not sent to the wards"})
        c.refresh_from_db()
        self.assertEqual(c.status, Status.DISPUTED)
        self.client.force_login(self.reporter)
        self.client.post(move, {"action": "answer", "text": "Sent"})
        self.client.force_login(self.secretariat)
        self.client.post(move, {"action": "accept"})
        c.refresh_from_db()
        self.assertEqual(c.status, Status.RESOLVED)
        self.client.force_login(self.nobody)
        self.assertEqual(self.client.post(move, {"action": "accept"}).status_code, 404)

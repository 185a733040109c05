"""Through the roles: the district raises, the city assigns, the body
answers, the district disputes, the item is resolved; an overdue item is
reminded once; an outsider sees nothing."""

from datetime import date

from django.test import override_settings
from django.urls import reverse

from steerco.followup.delivery import run
from steerco.followup.models import Notice, NoticeKind

from ..models import Attachment, Item, Status
from ..services import items
from ..services.errors import Refused
from .base import ProposalsTestCase, pdf_upload


@override_settings(AXES_ENABLED=False)
class RolesTests(ProposalsTestCase):
    def test_the_district_raises_from_the_page_with_an_attachment(self):
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("proposals:create"), {"unit": "DIST-A", "period": "2023-H1"})
        self.assertEqual(page.status_code, 200)
        response = self.client.post(
            reverse("proposals:create"),
            {
                "kind": "difficulty",
                "raised_by": self.district_a.pk,
                "addressed_to": self.city.pk,
                "programme": self.programme.pk,
                "period": "2023-H1",
                "subject": "Staff for the one-stop shop",
                "text": "Two posts are vacant.",
                "task_group": self.group.pk,
                "files": [pdf_upload("list.pdf")],
            },
        )
        item = Item.objects.get()
        self.assertRedirects(response, reverse("proposals:detail", args=[item.pk]))
        self.assertEqual(
            (item.status, item.raised_by, item.raised_by_user), (Status.RAISED, self.district_a, self.reporter)
        )
        self.assertEqual(item.attachments.get().original_name, "list.pdf")
        self.assertEqual(item.history.first().history_user, self.reporter)

    def test_a_bad_file_refuses_the_whole_item(self):
        bad = pdf_upload("list.docx")
        with self.assertRaisesMessage(Refused, ".docx"):
            self.raise_one(files=[bad])
        self.assertEqual((Item.objects.count(), Attachment.objects.count()), (0, 0))

    def test_a_unit_cannot_address_itself_or_a_level_beside_it(self):
        with self.assertRaises(Refused):
            self.raise_one(addressed_to=self.district_a)
        with self.assertRaises(Refused):
            self.raise_one(addressed_to=self.district_b)

    def test_the_way_through_the_roles(self):
        item = self.raise_one()
        # the district cannot assign its own item; the city secretariat does
        with self.assertRaises(Refused):
            items.assign(
                item,
                deadline=date(2023, 4, 30),
                body_unit=self.commission,
                on=date(2023, 3, 5),
                acting_user=self.reporter,
            )
        item = items.assign(
            item,
            deadline=date(2023, 4, 30),
            body_unit=self.commission,
            on=date(2023, 3, 5),
            acting_user=self.secretariat,
        )
        self.assertEqual(item.status, Status.ASSIGNED)
        # the district cannot answer for the body; the body answers
        with self.assertRaises(Refused):
            items.answer(item, text="Done", on=date(2023, 4, 1), acting_user=self.reporter)
        item = items.answer(
            item, text="Guidance 12-HD is in preparation.", on=date(2023, 4, 20), acting_user=self.body_reporter
        )
        self.assertEqual((item.status, item.timeliness), (Status.ANSWERED, "on_time"))
        # the district says it is still unresolved, with a reason
        with self.assertRaisesMessage(Refused, "lý do"):
            items.dispute(item, reason=" ", on=date(2023, 4, 25), acting_user=self.reporter)
        item = items.dispute(
            item, reason="No date is given for the guidance.", on=date(2023, 4, 25), acting_user=self.reporter
        )
        self.assertEqual(item.status, Status.DISPUTED)
        item = items.answer(item, text="Issued on 15/05/2023.", on=date(2023, 5, 15), acting_user=self.body_reporter)
        # the body cannot accept its own answer; the district does
        with self.assertRaises(Refused):
            items.accept(item, on=date(2023, 5, 16), acting_user=self.body_reporter)
        item = items.accept(item, on=date(2023, 5, 16), acting_user=self.reporter)
        self.assertEqual(
            (item.status, item.resolved_on, item.first_answered_on),
            (Status.RESOLVED, date(2023, 5, 16), date(2023, 4, 20)),
        )
        with self.assertRaises(Refused):
            items.dispute(item, reason="again", on=date(2023, 5, 17), acting_user=self.reporter)
        states = list(item.history.order_by("history_date").values_list("status", flat=True))
        self.assertEqual(states, ["raised", "assigned", "answered", "disputed", "answered", "resolved"])

    def test_the_same_way_through_the_pages(self):
        item = self.raise_one()
        move = reverse("proposals:move", args=[item.pk])
        self.client.force_login(self.secretariat)
        self.client.post(move, {"action": "assign", "body_unit": self.commission.pk, "deadline": "2099-01-01"})
        self.client.force_login(self.body_reporter)
        self.client.post(move, {"action": "answer", "text": "Answered."})
        self.client.force_login(self.reporter)
        self.client.post(move, {"action": "dispute", "reason": "Not enough."})
        self.client.force_login(self.body_reporter)
        self.client.post(move, {"action": "answer", "text": "Answered again."})
        self.client.force_login(self.reporter)
        self.client.post(move, {"action": "accept"})
        self.assertEqual(Item.objects.get().status, Status.RESOLVED)

    def test_an_overdue_item_is_reminded_once(self):
        item = self.raise_one()
        items.assign(
            item,
            deadline=date(2023, 4, 30),
            body_unit=self.commission,
            on=date(2023, 3, 5),
            acting_user=self.secretariat,
        )
        run(date(2023, 4, 30), digest=False)
        self.assertFalse(Notice.objects.filter(kind=NoticeKind.PROPOSAL_OVERDUE).exists())
        run(date(2023, 5, 2), digest=False)
        run(date(2023, 5, 3), digest=False)
        notices = Notice.objects.filter(kind=NoticeKind.PROPOSAL_OVERDUE)
        self.assertEqual(sorted(n.user.username for n in notices), ["body_reporter", "secretariat"])
        self.assertIn(reverse("proposals:detail", args=[item.pk]), notices[0].url)
        self.assertIn("2", notices.get(user=self.secretariat).body)

    def test_an_outsider_sees_nothing_of_it(self):
        item = self.raise_one(files=[pdf_upload()])
        self.client.force_login(self.outsider)
        for url in (
            reverse("proposals:detail", args=[item.pk]),
            reverse("proposals:download", args=[item.attachments.get().pk]),
            reverse("api-proposal-detail", args=[item.pk]),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        listing = self.client.get(reverse("proposals:list"))
        self.assertNotContains(listing, item.subject)
        self.assertEqual(self.client.get(reverse("api-proposal-list")).json()["count"], 0)
        response = self.client.post(reverse("proposals:move", args=[item.pk]), {"action": "accept"})
        self.assertEqual(response.status_code, 404)
        with self.assertRaises(Refused):
            self.raise_one(user=self.outsider)

    def test_the_list_rolls_up_per_level_oldest_first_in_fixed_queries(self):
        for n in range(3):
            self.raise_one(subject=f"Item {n}", on=date(2023, 3, 3 - n))
        self.raise_one(unit=self.org_a1, subject="From below", on=date(2023, 3, 5))
        self.client.force_login(self.secretariat)
        with self.assertNumQueries(8):  # the roles once per request (accounts.access), the unit picker
            page = self.client.get(reverse("proposals:list"))
        body = page.content.decode()
        self.assertLess(body.index("Item 2"), body.index("Item 0"))
        rows = {r.level: (r.raised, r.open) for r in page.context["levels"]}
        self.assertEqual(rows, {"district": (3, 3), "grassroots": (1, 1)})

    def test_through_the_api(self):
        self.client.force_login(self.reporter)
        response = self.client.post(
            reverse("api-proposal-list"),
            {"kind": "proposal", "raised_by": "DIST-A", "addressed_to": "CITY", "programme": self.programme.code,
             "period": "2023-H1", "subject": "Staff", "text": "Two posts."},
            content_type="application/json",
        )  # fmt: skip
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        move = reverse("api-proposal-move", args=[pk])
        refused = self.client.post(move, {"action": "assign", "body_name": "Sở Nội vụ", "deadline": "2099-01-01"})
        self.assertEqual(refused.status_code, 400)
        self.client.force_login(self.secretariat)
        done = self.client.post(move, {"action": "assign", "body_name": "Sở Nội vụ", "deadline": "2099-01-01"})
        self.assertEqual(done.json()["status"], "assigned")
        self.assertEqual(done.json()["body_name"], "Sở Nội vụ")

    def test_an_item_becomes_a_finding_and_a_task_keeping_the_link(self):
        item = self.raise_one(task_group=self.group)
        with self.assertRaises(Refused):
            items.to_finding(item, acting_user=self.reporter)
        finding = items.to_finding(item, acting_user=self.secretariat)
        task = items.to_task(item, acting_user=self.secretariat)
        item.refresh_from_db()
        self.assertEqual((item.finding, item.task), (finding, task))
        self.assertEqual((finding.owner, finding.source), (self.district_a, "steering"))
        self.assertEqual((task.due, task.group), ("2023-H2", self.group))
        with self.assertRaises(Refused):
            items.to_finding(item, acting_user=self.secretariat)

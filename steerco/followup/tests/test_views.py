"""The inbox, its badge, the preferences page and the API: a user only
ever sees their own notices."""

from datetime import date

from django.urls import reverse
from rest_framework.test import APIClient

from ..models import Channel, Notice, NoticeKind, Preference
from .base import FollowupTestCase


class InboxTests(FollowupTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for unit in (cls.district_a, cls.org_a1):
            Notice.objects.create(
                user=cls.reporter,
                kind=NoticeKind.REPORT_DUE,
                key=f"test:{unit.code}",
                unit=unit,
                subject=f"Sắp đến hạn báo cáo: {unit.code}",
                body="…",
                url=reverse("collection:entry", args=[cls.round.pk, unit.code]),
                sent_on=date(2023, 6, 14),
            )

    def test_the_inbox_shows_ones_own_notices_and_the_badge_counts_the_unread(self):
        self.client.force_login(self.reporter)
        page = self.client.get(reverse("followup:inbox")).content.decode()
        assert "Sắp đến hạn báo cáo: DIST-A-CS01" in page and '<span class="badge"' in page and ">2</span>" in page
        self.client.force_login(self.outsider)
        page = self.client.get(reverse("followup:inbox")).content.decode()
        assert "DIST-A" not in page and '<span class="badge"' not in page

    def test_opening_a_notice_marks_it_read_and_goes_to_the_form(self):
        notice = Notice.objects.get(unit=self.org_a1)
        self.client.force_login(self.outsider)
        assert self.client.get(reverse("followup:open", args=[notice.pk])).status_code == 404
        self.client.force_login(self.reporter)
        response = self.client.get(reverse("followup:open", args=[notice.pk]))
        assert response.status_code == 302 and response["Location"] == notice.url
        assert Notice.objects.get(pk=notice.pk).read_at is not None
        assert ">1</span>" in self.client.get(reverse("followup:inbox")).content.decode()
        self.client.post(reverse("followup:mark-read"))
        assert not Notice.objects.filter(read_at__isnull=True).exists()

    def test_pages_need_a_login(self):
        for url in (reverse("followup:inbox"), reverse("followup:preferences")):
            response = self.client.get(url)
            assert response.status_code == 302 and "/accounts/login/" in response["Location"]
        assert self.client.post(reverse("followup:mark-read")).status_code == 302
        self.client.force_login(self.nobody)  # no role: an empty inbox, nothing else
        assert self.client.get(reverse("followup:inbox")).status_code == 200

    def test_the_inbox_takes_a_fixed_number_of_queries(self):
        self.client.force_login(self.reporter)
        with self.assertNumQueries(5):  # session, user, count, page, unread badge
            self.client.get(reverse("followup:inbox"))
        for n in range(20):
            Notice.objects.create(
                user=self.reporter,
                kind=NoticeKind.APPROVAL,
                key=f"k{n}",
                unit=self.org_a2,
                subject="s",
                body="b",
                sent_on=date(2023, 6, 18),
            )
        with self.assertNumQueries(5):
            self.client.get(reverse("followup:inbox"))

    def test_preferences_choose_the_language_and_the_channel(self):
        self.client.force_login(self.reporter)
        assert self.client.get(reverse("followup:preferences")).status_code == 200
        response = self.client.post(reverse("followup:preferences"), {"language": "en", "channel": Channel.INBOX})
        assert response.status_code == 302
        pref = Preference.objects.get(user=self.reporter)
        assert (pref.language, pref.channel) == ("en", Channel.INBOX)

    def test_the_api_lists_ones_own_notices_and_marks_them_read(self):
        client = APIClient()
        client.force_authenticate(self.outsider)
        assert client.get("/api/notices/").json()["results"] == []
        notice = Notice.objects.get(unit=self.org_a1)
        assert client.post(f"/api/notices/{notice.pk}/read/").status_code == 404
        client.force_authenticate(self.reporter)
        assert len(client.get("/api/notices/?unread=1").json()["results"]) == 2
        assert client.post(f"/api/notices/{notice.pk}/read/").json()["read_at"]
        assert APIClient().get("/api/notices/").status_code == 401

    def test_the_api_lists_the_reasons_for_a_kind_of_change(self):
        client = APIClient()
        client.force_authenticate(self.reporter)
        codes = [r["code"] for r in client.get("/api/change-reasons/?kind=not_relevant").json()["results"]]
        assert "duplicate" in codes and "data-error" not in codes
        assert APIClient().get("/api/change-reasons/").status_code == 401

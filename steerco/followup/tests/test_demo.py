"""The issue's "done when", on the demo: after moving the clock past the
2023-H1 deadline, `steerco remind` reports which units were reminded of
what, and the inbox shows the same."""

import re
from io import StringIO

from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.urls import reverse

from steerco.collection.models import RoundState, Submission
from steerco.demo.loader import load_demo
from steerco.indicators.models import ValueStatus
from steerco.jobs.schedule import tick

from ..models import Notice, NoticeKind

LINE = re.compile(r"^  Quá hạn báo cáo: (\S+) .* → (.+)$")


class DemoReminderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        load_demo(progress=lambda _msg: None)

    def remind(self, *args) -> str:
        out = StringIO()
        call_command("remind", "--today", "2023-07-20", *args, stdout=out)
        return out.getvalue()

    def test_past_the_deadline_the_units_that_did_not_report_are_chased_and_the_inbox_shows_the_same(self):
        text = self.remind()
        reported = {m[1]: m[2] for line in text.splitlines() if (m := LINE.match(line))}
        owing = Submission.objects.filter(round__period="2023-H1", round__state=RoundState.OPEN).exclude(
            status__in=[ValueStatus.SUBMITTED, ValueStatus.APPROVED]
        )
        not_submitted = set(owing.values_list("unit__code", flat=True))
        assert reported and set(reported) == not_submitted, text
        assert all("demo" in who for who in reported.values())  # the city secretariat, above each of them

        demo = get_user_model().objects.get(username="demo")
        notices = Notice.objects.filter(user=demo, kind=NoticeKind.REPORT_OVERDUE)
        assert set(notices.values_list("unit__code", flat=True)) == set(reported)
        self.client.force_login(demo)
        inbox = self.client.get(reverse("followup:inbox")).content.decode()
        for notice in notices:
            assert notice.subject in inbox
        assert f">{notices.count()}</span>" in inbox  # the unread badge

        again = self.remind("--lang", "en")
        assert f"0 reminders to 0 people, 0 digests, 0 emails; {len(reported)} already sent before." in again

    @override_settings(REMIND_AT=None, CLOSE_ROUNDS_AT=None)  # the demo's worker: STEERCO_DEMO=1, no schedule set
    def test_the_demo_worker_chases_nobody_by_itself(self):
        assert tick() == []
        assert not Notice.objects.exists()

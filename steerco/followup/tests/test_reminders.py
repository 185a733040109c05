"""Reminders across a reporting round, with the clock frozen on each day."""

from datetime import date
from decimal import Decimal
from io import StringIO

from django.core import mail
from django.core.management import call_command

from steerco.accounts.models import Role
from steerco.collection.services import Entry, record
from steerco.collection.workflow import Action
from steerco.findings.models import Finding, FindingSource, RemediationAction
from steerco.testing import make_user
from steerco.units.models import Unit

from ..models import Channel, Notice, NoticeKind, Preference, ReminderPolicy
from .base import FollowupTestCase, on

DUE, LATE, APPROVAL = NoticeKind.REPORT_DUE, NoticeKind.REPORT_OVERDUE, NoticeKind.APPROVAL


class RoundReminderTests(FollowupTestCase):
    def submit(self, unit, day):
        with on(day):
            record(self.programme, unit, "2023-H1", entries=[Entry("ADMITTED", Decimal(3))], acting_user=self.reporter)
            record(self.programme, unit, "2023-H1", action=Action.SUBMIT, acting_user=self.reporter)

    def test_the_right_people_get_the_right_reminders_once_each(self):
        assert self.remind(date(2023, 6, 1)).sent == []  # 19 days before the deadline: quiet

        self.remind(date(2023, 6, 14))  # 6 days before: the reporters
        assert self.received(self.reporter) == [(DUE, "DIST-A"), (DUE, "DIST-A-CS01"), (DUE, "DIST-A-CS02")]
        assert self.received(self.outsider) == [(DUE, "DIST-B"), (DUE, "DIST-B-CS01")]
        assert self.received(self.secretariat) == self.received(self.approver) == []
        again = self.remind(date(2023, 6, 14))
        assert again.sent == [] and again.skipped == 5  # the same day twice: nothing twice

        self.submit(self.org_a1, date(2023, 6, 15))
        self.remind(date(2023, 6, 18))  # submitted three days ago: the approver
        assert self.received(self.approver) == [(APPROVAL, "DIST-A-CS01")]
        assert len(self.received(self.reporter)) == 3

        self.remind(date(2023, 6, 21))  # past the deadline: the reporters and the superior secretariat
        late = [(LATE, "DIST-A"), (LATE, "DIST-A-CS02"), (LATE, "DIST-B"), (LATE, "DIST-B-CS01")]
        assert self.received(self.secretariat) == late
        assert self.received(self.reporter, kind=LATE) == late[:2]  # A1 was submitted
        assert self.received(self.outsider, kind=LATE) == late[2:]
        assert self.remind(date(2023, 6, 22)).sent == []
        assert self.received(self.viewer) == self.received(self.inspector) == []

    def test_a_reminder_links_straight_to_the_form(self):
        self.remind(date(2023, 6, 14))
        notice = Notice.objects.get(user=self.reporter, unit=self.org_a1)
        assert notice.url == f"/collection/rounds/{self.round.pk}/units/DIST-A-CS01/"
        assert f"http://127.0.0.1:8000{notice.url}" in notice.body
        emailed = Notice.objects.get(user=self.reporter, emailed=True)
        assert emailed.url in next(m.body for m in mail.outbox if m.to == ["reporter@example.org"])

    def test_intervals_are_configured_per_programme(self):
        ReminderPolicy.objects.create(programme=self.programme, report_days_before=2)
        assert self.remind(date(2023, 6, 14)).sent == []
        assert len(self.remind(date(2023, 6, 18)).sent) == 5

    def test_messages_follow_the_language_preference(self):
        Preference.objects.create(user=self.outsider, language="en")
        self.remind(date(2023, 6, 14))
        assert Notice.objects.filter(user=self.reporter).first().subject.startswith("Sắp đến hạn báo cáo")
        assert Notice.objects.filter(user=self.outsider).first().subject.startswith("Report due on")


class RateLimitAndOptOutTests(FollowupTestCase):
    def test_one_email_per_day_per_kind_the_rest_wait_for_the_digest(self):
        self.remind(date(2023, 6, 14))
        to_reporter = [m for m in mail.outbox if m.to == ["reporter@example.org"]]
        assert len(to_reporter) == 1
        assert Notice.objects.filter(user=self.reporter, emailed=True).count() == 1
        assert Notice.objects.filter(user=self.reporter, for_digest=True).count() == 2
        mail.outbox.clear()
        self.remind(date(2023, 6, 21))  # another kind, another day: one more email
        assert [m.to for m in mail.outbox].count(["reporter@example.org"]) == 1

        mail.outbox.clear()
        outcome = self.remind(date(2023, 6, 26), digest=True)  # a Monday
        digest = next(m for m in mail.outbox if m.to == ["reporter@example.org"])
        assert "Đơn vị DIST-A-CS02" in digest.body and len(outcome.digests) >= 3
        assert not Notice.objects.filter(user=self.reporter, for_digest=True).exists()
        assert self.remind(date(2023, 6, 26), digest=True).digests == []  # once a week

    def test_the_digest_comes_on_mondays(self):
        assert self.remind(date(2023, 6, 21)).digests == []  # a Wednesday
        assert self.remind(date(2023, 6, 26)).digests != []  # a Monday

    def test_a_user_who_chose_the_inbox_gets_no_email(self):
        Preference.objects.create(user=self.reporter, channel=Channel.INBOX)
        self.remind(date(2023, 6, 14))
        assert len(self.received(self.reporter)) == 3
        assert not [m for m in mail.outbox if m.to == ["reporter@example.org"]]
        assert not Notice.objects.filter(user=self.reporter, for_digest=True).exists()

    def test_a_dry_run_sends_and_keeps_nothing(self):
        outcome = self.remind(date(2023, 6, 14), dry_run=True)
        assert len(outcome.sent) == 5 and not Notice.objects.exists() and mail.outbox == []


class ScopeTests(FollowupTestCase):
    def test_no_reminder_names_a_record_outside_its_readers_scope(self):
        b_secretariat = make_user("b.secretariat", Role.SECRETARIAT, self.district_b)
        b_secretariat.email = "b@example.org"
        b_secretariat.save()
        self.remind(date(2023, 6, 14))
        self.remind(date(2023, 6, 21))
        self.remind(date(2023, 6, 26), digest=True)
        for notice in Notice.objects.exclude(unit=None).select_related("user", "unit"):
            assert Unit.objects.visible_to(notice.user).filter(pk=notice.unit_id).exists(), notice
        # B's secretariat is the superior of B's organisation only, and its digest shows B alone
        assert self.received(b_secretariat, kind=LATE) == [(LATE, "DIST-B-CS01")]
        digest = Notice.objects.get(user=b_secretariat, kind=NoticeKind.DIGEST)
        assert "DIST-B-CS01" in digest.body and "DIST-A" not in digest.body
        assert "Đơn vị DIST-A" not in Notice.objects.get(user=self.outsider, kind=NoticeKind.DIGEST).body

    def test_a_user_who_lost_the_role_hears_nothing(self):
        self.reporter.memberships.all().delete()
        self.remind(date(2023, 6, 14))
        assert self.received(self.reporter) == []


class RemediationReminderTests(FollowupTestCase):
    def test_actions_due_and_overdue_and_stale_findings(self):
        with on(date(2023, 4, 1)):
            finding = Finding.objects.create(
                owner=self.org_a1,
                title="Chậm kết nạp",
                source=FindingSource.SELF_ASSESSMENT,
                identified_on=date(2023, 4, 1),
                programme=self.programme,
            )
            action = RemediationAction.objects.create(
                finding=finding, owner=self.org_a1, description="Rà soát hồ sơ", deadline=date(2023, 5, 10)
            )
        self.remind(date(2023, 5, 5))
        assert self.received(self.reporter) == [(NoticeKind.ACTION_DUE, "DIST-A-CS01")]
        self.remind(date(2023, 5, 11))
        assert self.received(self.reporter)[-1] == (NoticeKind.ACTION_OVERDUE, "DIST-A-CS01")
        assert self.received(self.secretariat) == [(NoticeKind.ACTION_OVERDUE, "DIST-A-CS01")]
        assert self.received(self.outsider) == []
        self.remind(date(2023, 5, 30))  # 59 days without an update
        assert (NoticeKind.FINDING_STALE, "DIST-A-CS01") not in self.received(self.reporter)
        self.remind(date(2023, 5, 31))  # 60
        assert self.received(self.reporter)[-1] == (NoticeKind.FINDING_STALE, "DIST-A-CS01")
        notice = Notice.objects.get(user=self.reporter, kind=NoticeKind.ACTION_OVERDUE)
        assert notice.url == f"/findings/{finding.pk}/" and action.description in notice.body


class CommandTests(FollowupTestCase):
    def test_steerco_remind_reports_which_units_were_reminded_of_what(self):
        out = StringIO()
        call_command("remind", "--today", "2023-06-21", "--dry-run", stdout=out)
        text = out.getvalue()
        assert "Quá hạn báo cáo: DIST-B-CS01" in text and "outsider" in text and "secretariat" in text
        assert not Notice.objects.exists()
        call_command("remind", "--today", "2023-06-21", stdout=StringIO())
        out = StringIO()
        call_command("remind", "--today", "2023-06-21", stdout=out)
        assert "0 lời nhắc" in out.getvalue() or "0 reminders" in out.getvalue()

    def test_a_bad_date_is_refused(self):
        from django.core.management.base import CommandError

        with self.assertRaisesMessage(CommandError, "YYYY-MM-DD"):
            call_command("remind", "--today", "20/07/2023", stdout=StringIO())


class BrokenMail:
    """An email backend whose server is down."""

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("SMTP down")


class DeliveryFailureTests(FollowupTestCase):
    def test_when_mail_fails_the_notice_stays_in_the_inbox_for_the_digest(self):
        with self.settings(EMAIL_BACKEND=f"{__name__}.BrokenMail"), self.assertLogs("steerco.followup", "ERROR"):
            self.remind(date(2023, 6, 14))
        assert len(self.received(self.reporter)) == 3
        assert not Notice.objects.filter(emailed=True).exists()
        assert Notice.objects.filter(user=self.reporter, for_digest=True).count() == 3


class DigestContentTests(FollowupTestCase):
    def test_the_secretariat_digest_lists_the_exceptions_of_its_subtree(self):
        with on(date(2023, 3, 1)):
            Finding.objects.create(
                owner=self.org_b1,
                title="Chưa kiện toàn chi bộ",
                source=FindingSource.SELF_ASSESSMENT,
                identified_on=date(2023, 3, 1),
                deadline=date(2023, 6, 1),
            )
        self.remind(date(2023, 6, 26), digest=True)
        digest = Notice.objects.get(user=self.secretariat, kind=NoticeKind.DIGEST).body
        assert "Quá hạn báo cáo: Đơn vị DIST-A" in digest and "Chưa kiện toàn chi bộ" in digest
        assert "/inbox/" in digest


class ConcurrentRunTests(FollowupTestCase):
    def test_a_notice_kept_by_another_run_meanwhile_is_not_sent_again(self):
        from ..delivery import _send
        from ..reminders import due_reminders

        with on(date(2023, 6, 14)):
            reminder = next(r for r in due_reminders(date(2023, 6, 14)) if r.unit == self.org_a1)
            pref = Preference(user=self.reporter)
            assert _send(reminder, self.reporter, pref, True, date(2023, 6, 14), for_digest=False) is True
            assert _send(reminder, self.reporter, pref, True, date(2023, 6, 14), for_digest=False) is None
        assert Notice.objects.filter(user=self.reporter).count() == 1 and len(mail.outbox) == 1

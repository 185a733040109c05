"""Reminders: the intervals per programme, each user's preferences, and
the notices sent. A ``Notice`` is both the inbox message and the sent-log:
one row per (user, kind, record key), so sending again changes nothing."""

from django.conf import settings
from django.db import models
from django.utils.dates import WEEKDAYS
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

MONDAY = 0


class ReminderPolicy(models.Model):
    programme = models.OneToOneField(
        "programmes.Programme", verbose_name=_("programme"), on_delete=models.CASCADE, related_name="reminder_policy"
    )
    report_days_before = models.PositiveSmallIntegerField(_("remind of a report (days before the deadline)"), default=7)
    approval_after_days = models.PositiveSmallIntegerField(_("remind the approver (days after submission)"), default=3)
    action_days_before = models.PositiveSmallIntegerField(
        _("remind of a remediation action (days before its deadline)"), default=7
    )
    finding_stale_days = models.PositiveSmallIntegerField(_("remind of a finding with no update (days)"), default=60)
    digest_weekday = models.PositiveSmallIntegerField(
        _("weekly digest on"),
        choices=sorted(WEEKDAYS.items()),
        default=MONDAY,
        help_text=_("The day of the week on which the secretariats get this programme's exceptions."),
    )

    class Meta:
        verbose_name = _("reminder intervals")
        verbose_name_plural = _("reminder intervals")

    def __str__(self) -> str:
        return str(self.programme)


class Channel(models.TextChoices):
    EMAIL = "email", _("Email and inbox")
    INBOX = "inbox", _("Inbox only")


class Preference(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="followup_preference"
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES, default="vi")
    channel = models.CharField(_("reminders by"), max_length=8, choices=Channel.choices, default=Channel.EMAIL)

    class Meta:
        verbose_name = _("reminder preference")
        verbose_name_plural = _("reminder preferences")

    def __str__(self) -> str:
        return f"{self.user}: {self.get_channel_display()}, {self.language}"


class NoticeKind(models.TextChoices):
    REPORT_DUE = "report_due", _("Report due soon")
    REPORT_OVERDUE = "report_overdue", _("Report overdue")
    APPROVAL = "approval", _("Submission waiting for approval")
    ACTION_DUE = "action_due", _("Remediation action due soon")
    ACTION_OVERDUE = "action_overdue", _("Remediation action overdue")
    FINDING_STALE = "finding_stale", _("Finding with no update")
    DIGEST = "digest", _("Weekly digest")
    PROPOSAL_OVERDUE = "proposal_overdue", _("Answer to a difficulty or proposal overdue")
    CONCLUSION_OVERDUE = "conclusion_late", _("Meeting conclusion overdue")
    CONCLUSION_NOTICE = "conclusion", _("Conclusion notice")


class Notice(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=NoticeKind.choices)
    key = models.CharField(_("record"), max_length=80, help_text=_("What the notice is about, e.g. submission:12"))
    unit = models.ForeignKey(
        "units.Unit", verbose_name=_("unit"), null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Its digest weekday applies to a notice held back for the digest"),
    )
    subject = models.CharField(pgettext_lazy("notice", "subject"), max_length=200)
    body = models.TextField(pgettext_lazy("notice", "message"))
    url = models.CharField(_("link"), max_length=300, blank=True)
    sent_on = models.DateField(_("sent on"))
    emailed = models.BooleanField(_("emailed"), default=False)
    for_digest = models.BooleanField(
        _("waiting for the digest"), default=False, help_text=_("Not emailed because of the daily limit")
    )
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-sent_on", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "kind", "key"], name="notice_once_per_record")]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self) -> str:
        return self.subject

"""The words of a reminder, in the recipient's language (call under
``translation.override``)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from steerco.lib.numbers import fmt_day

from .models import NoticeKind

SUBJECTS = {
    NoticeKind.REPORT_DUE: lambda: _("Report due on %(day)s: %(unit)s"),
    NoticeKind.REPORT_OVERDUE: lambda: _("Report overdue: %(unit)s"),
    NoticeKind.APPROVAL: lambda: _("Waiting for approval: %(unit)s"),
    NoticeKind.ACTION_DUE: lambda: _("Remediation action due on %(day)s: %(unit)s"),
    NoticeKind.ACTION_OVERDUE: lambda: _("Remediation action overdue: %(unit)s"),
    NoticeKind.FINDING_STALE: lambda: _("Finding with no update: %(unit)s"),
}
BODIES = {
    NoticeKind.REPORT_DUE: lambda: _(
        "The report of %(unit)s for %(what)s is due on %(day)s (in %(days)s days). Enter and submit it here:"
    ),
    NoticeKind.REPORT_OVERDUE: lambda: _(
        "The report of %(unit)s for %(what)s was due on %(day)s and has not been submitted (%(days)s days late). "
        "Enter and submit it here:"
    ),
    NoticeKind.APPROVAL: lambda: _(
        "The report of %(unit)s for %(what)s was submitted on %(day)s and has waited %(days)s days for approval. "
        "Review it here:"
    ),
    NoticeKind.ACTION_DUE: lambda: _(
        "The remediation action “%(what)s” of %(unit)s is due on %(day)s (in %(days)s days). Record progress here:"
    ),
    NoticeKind.ACTION_OVERDUE: lambda: _(
        "The remediation action “%(what)s” of %(unit)s was due on %(day)s and is not done (%(days)s days late). "
        "Record progress here:"
    ),
    NoticeKind.FINDING_STALE: lambda: _(
        "The finding “%(what)s” of %(unit)s has had no update since %(day)s (%(days)s days). Update it here:"
    ),
}


def words(reminder) -> dict:
    return {
        "unit": reminder.unit.name() if reminder.unit else "",
        "what": reminder.what,
        "day": words_day(reminder.day),
        "days": reminder.days,
    }


def subject(reminder) -> str:
    if reminder.kind == NoticeKind.DIGEST:
        return _("Weekly digest of %(day)s") % words(reminder)
    if getattr(reminder, "texts", None):
        return reminder.texts[0](words(reminder))[:200]
    return (SUBJECTS[reminder.kind]() % words(reminder))[:200]


def body(reminder, link: str) -> str:
    if reminder.kind == NoticeKind.DIGEST:
        return digest_body(reminder, link)
    if getattr(reminder, "texts", None):
        return f"{reminder.texts[1](words(reminder))}\n{link}"
    return f"{BODIES[reminder.kind]() % words(reminder)}\n{link}"


def digest_body(digest, link: str) -> str:
    base = link.removesuffix(digest.url)
    parts = []
    if digest.lines:
        parts.append(_("Exceptions in your units:"))
        parts += [f"- {subject(r)} ({r.what}): {base}{r.url}" for r in digest.lines]
    if digest.findings:
        parts.append(_("Findings past their deadline:"))
        parts += [
            f"- {e.finding.owner.name()}: {e.finding.title[:120]} ({words_day(e.finding.deadline)}): "
            f"{base}{reverse('findings:detail', kwargs={'pk': e.finding.pk})}"
            for e in digest.findings
        ]
    if digest.pending:
        parts.append(_("Reminders not emailed this week (one email per day per kind):"))
        parts += [f"- {s}" for s in digest.pending]
    parts.append(_("Your inbox: %(link)s") % {"link": link})
    return "\n".join(parts)


def words_day(day) -> str:
    return fmt_day(day)

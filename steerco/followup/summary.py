"""What a reminder run did, in words: the lines ``steerco remind`` prints
and the daily job keeps as its result, in the active language (call under
``translation.override``)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.lib.numbers import fmt_day

from .models import NoticeKind


def report(outcome) -> str:
    """A heading, one line per record reminded of (the unit, what, to whom),
    one per digest, and the totals."""
    day = fmt_day(outcome.today)
    lines = [_("%(day)s (dry run: nothing sent)") % {"day": day} if outcome.dry_run else day]
    by_record: dict[tuple, list] = {}
    for d in outcome.sent:
        by_record.setdefault((d.reminder.kind, d.reminder.key), []).append(d)
    for deliveries in by_record.values():
        r = deliveries[0].reminder
        who = ", ".join(_recipient(d) for d in deliveries)
        lines.append(f"  {NoticeKind(r.kind).label}: {r.unit.code} {r.unit.name()} – {r.what} → {who}")
    for d in outcome.digests:
        lines.append(f"  {NoticeKind.DIGEST.label} → {_recipient(d)}")
    lines.append(totals(outcome))
    return "\n".join(lines)


def totals(outcome) -> str:
    """One line: how many reminders to how many people, digests, emails,
    and how many had been sent before."""
    records = len({(d.reminder.kind, d.reminder.key) for d in outcome.sent})
    people = len({d.user.pk for d in outcome.sent})
    digests = len(outcome.digests)
    return _("%(reminders)s %(people)s, %(digests)s, %(emails)s; %(skipped)s.") % {
        "reminders": ngettext("%(n)s reminder", "%(n)s reminders", records) % {"n": records},
        "people": ngettext("to %(n)s person", "to %(n)s people", people) % {"n": people},
        "digests": ngettext("%(n)s digest", "%(n)s digests", digests) % {"n": digests},
        "emails": ngettext("%(n)s email", "%(n)s emails", outcome.emails) % {"n": outcome.emails},
        "skipped": ngettext("%(n)s already sent before", "%(n)s already sent before", outcome.skipped)
        % {"n": outcome.skipped},
    }


def due(count: int, day) -> str:
    return ngettext("%(n)s reminder due on %(day)s", "%(n)s reminders due on %(day)s", count) % {
        "n": count,
        "day": fmt_day(day),
    }


def _recipient(delivery) -> str:
    name = delivery.user.get_username()
    return f"{name} {_('(email)')}" if delivery.emailed else name

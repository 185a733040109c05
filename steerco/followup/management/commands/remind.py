"""steerco remind [--today YYYY-MM-DD] [--dry-run] [--digest]: send the
reminders due today (idempotent: a second run sends nothing twice) and
print which units were reminded of what. The core is
``steerco.followup.delivery.run``, which a scheduled job can call."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from steerco.followup.delivery import run
from steerco.followup.models import NoticeKind


class Command(BaseCommand):
    help = "Send the reminders due today (report, approval, remediation, stale findings) and the weekly digest."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to act as (YYYY-MM-DD); default: today")
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
        parser.add_argument(
            "--digest", action="store_true", help="send the weekly digest now (otherwise only on Mondays)"
        )

    def handle(self, *args, today=None, dry_run=False, digest=False, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r}: expected YYYY-MM-DD") from None
        with translation.override("vi"):
            outcome = run(day, dry_run=dry_run, digest=True if digest else None, progress=self.stdout.write)
            self.stdout.write(self.report(outcome))

    def report(self, outcome) -> str:
        head = f"{outcome.today.isoformat()}{' (dry run: nothing sent)' if outcome.dry_run else ''}"
        lines = [head]
        by_record: dict[tuple, list] = {}
        for d in outcome.sent:
            by_record.setdefault((d.reminder.kind, d.reminder.key), []).append(d)
        for deliveries in by_record.values():
            r = deliveries[0].reminder
            who = ", ".join(f"{d.user.get_username()}{' (email)' if d.emailed else ''}" for d in deliveries)
            lines.append(f"  {NoticeKind(r.kind).label}: {r.unit.code} {r.unit.name()} – {r.what} → {who}")
        for d in outcome.digests:
            lines.append(f"  {NoticeKind.DIGEST.label} → {d.user.get_username()}{' (email)' if d.emailed else ''}")
        lines.append(
            f"{len(by_record)} reminders to {len({d.user.pk for d in outcome.sent})} people, "
            f"{len(outcome.digests)} digests, {outcome.emails} emails; {outcome.skipped} already sent before."
        )
        return "\n".join(lines)

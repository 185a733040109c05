"""steerco remind [--today YYYY-MM-DD] [--dry-run] [--digest] [--lang vi|en]:
send the reminders due today (idempotent: a second run sends nothing twice)
and print which units were reminded of what, in Vietnamese (the site's
language) or English. The core is ``steerco.followup.delivery.run``, which
the daily job (``followup.remind``) calls too."""

from datetime import date

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from steerco.followup.delivery import run
from steerco.followup.summary import report


class Command(BaseCommand):
    help = "Send the reminders due today (report, approval, remediation, stale findings) and the weekly digest."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="the day to act as (YYYY-MM-DD); default: today")
        parser.add_argument("--dry-run", action="store_true", help="print what would be sent; send nothing")
        parser.add_argument(
            "--digest",
            action="store_true",
            help="send the weekly digest now (otherwise on each programme's digest weekday, Monday by default)",
        )
        parser.add_argument(
            "--lang",
            choices=[code for code, _name in settings.LANGUAGES],
            help=f"language of this command's output (default: {settings.LANGUAGE_CODE}); "
            "each message is written in its recipient's language",
        )

    def handle(self, *args, today=None, dry_run=False, digest=False, lang=None, **options):
        try:
            day = date.fromisoformat(today) if today else timezone.localdate()
        except ValueError:
            raise CommandError(f"--today {today!r}: expected YYYY-MM-DD") from None
        with translation.override(lang or settings.LANGUAGE_CODE):
            outcome = run(day, dry_run=dry_run, digest=True if digest else None, progress=self.stdout.write)
            self.stdout.write(report(outcome))

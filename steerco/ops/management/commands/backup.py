"""steerco backup: a consistent online backup of the database and the
media files (evidence, uploads, job results), with a checksum manifest."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steerco.ops.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite backup API, or pg_dump) and the media files while the site runs."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", type=Path, help="file to write (default: DATA_DIR/backups/...)")

    def handle(self, *args, output=None, **options):
        if output is None:
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            output = settings.DATA_DIR / "backups" / f"steerco-{stamp}.tar"
        try:
            written = backup(output)
        except (BackupError, OSError) as err:
            raise CommandError(f"backup failed, nothing kept: {err}") from None
        self.stdout.write(f"Backup written: {written} ({written.stat().st_size} bytes)")

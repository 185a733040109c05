"""steerco restore FILE: replace the database's content with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from steerco.ops.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by 'steerco backup' (replaces the current data)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--into", metavar="DATABASE_URL", help="restore into this database instead")
        parser.add_argument("--media-into", metavar="DIR", type=Path, help="restore the files here, not MEDIA_ROOT")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")

    def handle(self, *args, file: Path, into=None, media_into=None, interactive=True, **options):
        where = into or connection.settings_dict["NAME"]
        if interactive:
            answer = input(f"This replaces every record in {where}, and the files, with {file}. Type 'yes' to go on: ")
            if answer.strip().lower() != "yes":
                raise CommandError("restore cancelled; nothing changed")
        try:
            restore(file, into, media_into)
        except (BackupError, OSError) as err:
            raise CommandError(f"restore failed: {err}") from None
        self.stdout.write(f"Restored {file} into {where}.")

"""steerco check FILE…: check programme packs and unit files without
writing anything; without files, Django's system checks as usual.

The files are loaded in order, in one transaction that is always rolled
back, so a new province's unit file and its pack can be checked together
before either is imported: every problem is listed with its place.
"""

from io import StringIO
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands.check import Command as SystemCheckCommand
from django.db import transaction

YAML_SUFFIXES = (".yaml", ".yml")


def _is_file_argument(name: str) -> bool:
    # App labels never hold a dot or a slash; file names do.
    return "." in name or "/" in name or Path(name).is_file()


class Command(SystemCheckCommand):
    help = (
        "Check programme packs and unit files (YAML) without writing anything: "
        "steerco check UNITS.yaml PACK.yaml. Without files: Django's system checks."
    )

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.epilog = "Arguments that name files (with a '.' or '/') are checked as steerco files."

    def handle(self, *app_labels, **options):
        files = [name for name in app_labels if _is_file_argument(name)]
        if not files:
            return super().handle(*app_labels, **options)
        if len(files) != len(app_labels):
            raise CommandError("give either files to check or app labels, not both")
        failed = check_files([Path(name) for name in files], self.stdout.write)
        if failed:
            raise CommandError(f"{failed} of {len(files)} files have problems; nothing was written.")


def check_files(paths: list[Path], write) -> int:
    """Import each file with ``steerco import`` in one transaction that is
    always rolled back; returns the number of files with problems."""
    failed = 0
    with transaction.atomic():
        for path in paths:
            out = StringIO()
            try:
                if path.suffix.lower() not in YAML_SUFFIXES:
                    raise CommandError(f"{path}: steerco check reads programme packs and unit files (.yaml)")
                call_command("import", path, stdout=out)
            except CommandError as err:
                failed += 1
                write(str(err))
            else:
                write(f"{path}: sound, nothing written ({out.getvalue().strip()})")
        transaction.set_rollback(True)
    return failed

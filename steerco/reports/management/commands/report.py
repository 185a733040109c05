"""steerco report --programme 01-CTr/TU --period 2023-H1 --format pdf -o FILE
steerco report --verify FILE.pdf

Writes the periodic steering report of a programme for a period, in the
Party document format (or the State format with --style state); or checks
the digital signature of an issued report's PDF (signer, time, integrity;
exit status 1 when it does not hold)."""

import argparse
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from ...builder import build_report
from ...document import Style
from ...models import ReportFormat


def _iso_date(text: str) -> date:
    try:
        day = date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date; use YYYY-MM-DD, e.g. 2023-07-10") from None
    if day > timezone.localdate():
        raise argparse.ArgumentTypeError(f"{text} is in the future; a report is dated today or earlier")
    return day


class Command(BaseCommand):
    help = "Write the steering report of a programme for a period as DOCX, PDF, XLSX (annex) or HTML."
    # Reading only; the checks (URLs, templates, admin) would add a second
    # to every run and are run by migrate, runserver and the tests anyway.
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("--verify", metavar="FILE", help="check the signature of an issued report's PDF, and stop")
        parser.add_argument("--programme", help="programme code, e.g. 01-CTr/TU (required unless --verify)")
        parser.add_argument("--period", help="period code, e.g. 2023-H1 (required unless --verify)")
        parser.add_argument("--format", dest="fmt", choices=[f.value for f in ReportFormat], default="pdf")
        parser.add_argument("--language", choices=[code for code, _name in settings.LANGUAGES], default="vi")
        parser.add_argument("--unit", help="report on this unit's subtree (default: the programme's owner)")
        parser.add_argument("--style", choices=[s.value for s in Style], help="document format (default: profile)")
        parser.add_argument(
            "--date",
            type=_iso_date,
            help="the report's date (YYYY-MM-DD) for the heading's date line and what is overdue (default: today)",
        )
        parser.add_argument("-o", "--output", help="file to write ('-' for standard output; required unless --verify)")

    def handle(self, *args, programme, period, fmt, language, unit, style, date, output, verify=None, **options):
        if verify:
            return self.verify(Path(verify))
        given = (("--programme", programme), ("--period", period), ("-o", output))
        missing = [name for name, value in given if not value]
        if missing:
            raise CommandError(f"the following arguments are required: {', '.join(missing)}")
        found = Programme.objects.select_related("owner").filter(code=programme).first()
        if found is None:
            known = ", ".join(Programme.objects.values_list("code", flat=True)) or "none"
            raise CommandError(f"no programme {programme!r}; known: {known}")
        try:
            parsed = Period.parse(period)
        except PeriodError as err:
            raise CommandError(str(err)) from None
        scope = None
        if unit:
            scope = Unit.objects.filter(code=unit).first()
            if scope is None:
                raise CommandError(f"no unit {unit!r}")
        verbose = options.get("verbosity", 1) > 1
        data = build_report(
            found,
            parsed,
            fmt,
            language,
            progress=(lambda msg: self.stderr.write(msg)) if verbose else None,
            unit=scope,
            style=style,
            issued_on=date,
        )
        if output == "-":
            self.stdout.buffer.write(data) if hasattr(self.stdout, "buffer") else self.stdout.write(data.decode())
            return
        path = Path(output)
        path.write_bytes(data)
        self.stderr.write(f"{path} ({len(data):,} bytes)")

    def verify(self, path: Path) -> None:
        from ...signing import verify_pdf

        try:
            data = path.read_bytes()
        except OSError as err:
            raise CommandError(f"cannot read {path}: {err.strerror}") from None
        result = verify_pdf(data)
        self.stdout.write(f"file: {path}")
        if not result.signed:
            raise CommandError(f"{path} carries no readable signature{': ' + result.problem if result.problem else ''}")
        when = timezone.localtime(result.signed_at).strftime("%Y-%m-%d %H:%M:%S %z") if result.signed_at else "-"
        self.stdout.write(f"signer: {result.signer or '-'}")
        self.stdout.write(f"signed at: {when}")
        if result.ok:
            self.stdout.write("integrity: intact (the signed bytes are unchanged and cover the whole file)")
        else:
            detail = result.problem or ("changed after signing" if not result.intact or not result.valid else "")
            detail = detail or "something was added after the signature"
            self.stdout.write(f"integrity: BROKEN ({detail})")
        self.stdout.write(
            "certificate: trusted" if result.trusted else "certificate: not trusted (not in STEERCO_SIGN_TRUST)"
        )
        if not result.ok:
            raise CommandError("the signature does not hold")

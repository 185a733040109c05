"""steerco check-draft FILE --programme P --period X [--unit U]

Checks every figure of a hand-written draft (.docx, .txt, .md, .pdf)
against the records: a summary table, problems first; --json for the
machine-readable result, --docx for a copy with a comment on each figure.
Exits 1 when a figure differs, contradicts the draft or is stale (so a
workflow can be gated on it), 2 when the draft or the options are wrong.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext as _

from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from ... import services
from ...core.reading import ReadError
from ...views.messages import read_error


class Command(BaseCommand):
    help = "Check the figures of a hand-written draft report against the records."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the draft: .docx, .txt, .md or .pdf")
        parser.add_argument("--programme", required=True, help="programme code, e.g. 01-CTr/TU")
        parser.add_argument("--period", required=True, help="period code, e.g. 2023-H1")
        parser.add_argument("--unit", help="unit code the draft speaks for (default: the programme's owner)")
        parser.add_argument(
            "--json", dest="json_out", help="write the result as JSON to this file ('-': standard output)"
        )
        parser.add_argument("--docx", dest="docx_out", help="write the annotated copy (Word, with comments) here")
        parser.add_argument("--language", default="vi", choices=["vi", "en"])

    def handle(self, *args, **opts):
        with translation.override(opts["language"]):
            return self._handle(opts)

    def _handle(self, opts):
        programme = Programme.objects.filter(code=opts["programme"]).select_related("owner").first()
        if programme is None:
            raise CommandError(f"unknown programme '{opts['programme']}'", returncode=2)
        try:
            period = Period.parse(opts["period"])
        except PeriodError as err:
            raise CommandError(str(err), returncode=2) from None
        unit = Unit.objects.filter(code=opts["unit"]).first() if opts["unit"] else programme.owner
        if unit is None:
            raise CommandError(f"unknown unit '{opts['unit']}'", returncode=2)
        path = Path(opts["file"])
        if not path.is_file():
            raise CommandError(f"no such file: {path}", returncode=2)
        try:
            checked = services.run(programme, unit, period, path.name, path.read_bytes(), opts["language"])
        except ReadError as err:
            raise CommandError(read_error(err), returncode=2) from None
        data = checked.data
        if opts["json_out"] == "-":
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(table(data))
            if opts["json_out"]:
                Path(opts["json_out"]).write_text(json.dumps(data, ensure_ascii=False, indent=2), encoding="utf-8")
        if opts["docx_out"]:
            Path(opts["docx_out"]).write_bytes(checked.annotated)
        if data["problems"]:
            sys.exit(1)


def table(data: dict) -> str:
    """The summary: one line per figure, problems first."""
    head = f"{data['draft']['name']} · {data['unit_name']} ({data['unit']}) · {data['period']}"
    rows = [("#", _("In the draft"), _("Verdict"), _("Indicator"), _("Records"), _("Why"))]
    for f in data["figures"]:
        rows.append(
            (
                f"{f['block'] + 1}:{f['start'] + 1}",
                f["text"],
                f["verdict_label"],
                f["indicator"] or "",
                f["expected"] or "",
                f["message"],
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(5)]
    lines = [head, services.summary_line(data), ""]
    for r in rows:
        lines.append("  ".join(c.ljust(w) for c, w in zip(r[:5], widths, strict=True)) + "  " + r[5])
    return "\n".join(lines)

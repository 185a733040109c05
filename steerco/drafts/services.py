"""Checking a draft: read it, judge every figure against the records, keep
the result (JSON and an annotated Word copy). The command, the page and
the API all come here."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation

from steerco.lib.periods import Period

from .core.annotate import annotated_docx
from .core.check import PROBLEMS, Report, Result, check
from .core.reading import ReadError, read
from .explain import comment, explain, verdict_label
from .figures import RecordsBook
from .models import DraftCheck

RESULT_FORMAT = "steerco-draft-check/1"


def max_bytes() -> int:
    return getattr(settings, "DRAFTS_MAX_BYTES", 10 * 1024 * 1024)


class TooLarge(ReadError):
    def __init__(self):
        super().__init__("size", str(max_bytes()))


@dataclass
class Checked:
    report: Report
    data: dict  # the machine-readable result
    annotated: bytes  # the annotated copy, DOCX


def run(programme, unit, period: Period, name: str, content: bytes, language: str = "vi") -> Checked:
    """Check one draft; raises ReadError when it cannot be read."""
    if len(content) > max_bytes():
        raise TooLarge
    draft = read(name, content)
    with translation.override(language):
        report = check(draft, RecordsBook(programme, unit, period, language))
        data = as_json(report, programme, unit)
        title = f"{name} – {unit.name(language)} – {period.code}"
        docx = annotated_docx(draft, content, report.results, comment, title=title)
    return Checked(report, data, docx)


@transaction.atomic
def keep(checked: Checked, programme, unit, period: Period, name: str, content: bytes, submission=None, *, acting_user):
    """Store a check (all or nothing)."""
    return DraftCheck.objects.create(
        programme=programme,
        unit=unit,
        period=period.code,
        submission=submission,
        file_name=name[:255],
        format=checked.data["draft"]["format"],
        content=content,
        annotated=checked.annotated,
        result=checked.data,
        checked=checked.data["checked"],
        problems=checked.data["problems"],
        created_by=acting_user if getattr(acting_user, "is_authenticated", False) else None,
    )


def figure_json(r: Result) -> dict:
    f = r.figure
    rec = r.record
    return {
        "index": f.index,
        "text": f.text,
        "kind": f.kind.value,
        "block": f.block,
        "start": f.start,
        "end": f.end,
        "sentence": f.sentence,
        "value": str(f.value),
        "readings": [str(v) for v in f.alternatives],
        "verdict": r.verdict.value,
        "verdict_label": verdict_label(r.verdict),
        "problem": r.verdict in PROBLEMS,
        "reason": r.reason,
        "message": explain(r),
        "unit": r.unit,
        "indicator": rec.indicator if rec else None,
        "indicator_name": (rec.label or rec.name) if rec else None,
        "record_period": rec.period if rec else None,
        "record_unit": rec.unit_name if rec else None,
        "expected": r.params.get("expected"),
        "found": r.params.get("found", f.text),
        "provenance": rec.provenance if rec else None,
        "url": rec.url if rec else None,
        "candidates": [
            {"indicator": c.record.indicator, "name": c.record.label or c.record.name, "score": round(c.score, 2)}
            for c in r.candidates[:5]
        ],
        "notes": [{"verdict": n.verdict.value, "reason": n.reason} for n in r.notes],
    }


def as_json(report: Report, programme, unit) -> dict:
    counts = report.counts()
    return {
        "format": RESULT_FORMAT,
        "checked_at": timezone.now().isoformat(timespec="seconds"),
        "programme": programme.code,
        "unit": unit.code,
        "unit_name": unit.name(),
        "period": report.period,
        "draft": {
            "name": report.draft.name,
            "format": report.draft.format,
            "blocks": [{"index": b.index, "text": b.text, "kind": b.kind, "page": b.page} for b in report.draft.blocks],
        },
        "checked": len(report.results),
        "problems": len(report.problems),
        "counts": counts,
        "figures": [figure_json(r) for r in report.sorted()],
    }


def summary_line(data: dict) -> str:
    """ "7 figures checked, 1 differs" in the reader's language."""
    from django.utils.translation import ngettext

    parts = [
        ngettext("%(n)s figure checked", "%(n)s figures checked", data.get("checked", 0))
        % {"n": data.get("checked", 0)}
    ]
    for verdict in ("inconsistent", "differs", "stale"):
        n = data.get("counts", {}).get(verdict, 0)
        if n:
            parts.append(f"{n} {verdict_label(verdict)}")
    return ", ".join(parts)

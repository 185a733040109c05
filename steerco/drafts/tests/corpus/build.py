"""The test corpus: drafts written for the tests, in Vietnamese, against the
demo programme (01-CTr/TU, 2023-H1). Each ``NAME.yaml`` says which unit the
draft speaks for, the file it becomes and, in order, every figure it holds
with the verdict the check must give (the planted errors say which kind).

The .txt draft is used as it is; the Word draft is built from its source
(lines starting with "|" become a table) and the PDF draft is printed from
its source with WeasyPrint, so the corpus needs no binary fixture.
"""

from __future__ import annotations

import html
import io
from pathlib import Path

import yaml

HERE = Path(__file__).parent


def cases() -> list[dict]:
    out = []
    for path in sorted(HERE.glob("*.yaml")):
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
        case["name"] = path.stem
        out.append(case)
    return out


def content(case: dict) -> tuple[str, bytes]:
    """(file name, bytes) of the draft of ``case``."""
    source = (HERE / case["source"]).read_text(encoding="utf-8")
    name = case["file"]
    if name.endswith(".docx"):
        return name, docx_from(source)
    if name.endswith(".pdf"):
        return name, pdf_from(source)
    return name, source.encode("utf-8")


def docx_from(source: str) -> bytes:
    import docx

    document = docx.Document()
    rows: list[list[str]] = []

    def flush():
        if rows:
            table = document.add_table(rows=len(rows), cols=len(rows[0]))
            for r, cells in enumerate(rows):
                for c, text in enumerate(cells):
                    table.cell(r, c).text = text
            rows.clear()

    for line in source.splitlines():
        if line.startswith("|"):
            rows.append([cell.strip() for cell in line.strip().strip("|").split("|")])
            continue
        flush()
        paragraph = document.add_paragraph()
        # several runs per paragraph, as Word makes them, so that the
        # annotated copy has to split runs to comment on one figure
        for n, piece in enumerate(line.split(", ")):
            paragraph.add_run(("" if n == 0 else ", ") + piece)
    flush()
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def pdf_from(source: str) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{html.escape(line)}</p>" for line in source.splitlines() if line.strip())
    page = (
        "<html><head><meta charset='utf-8'><style>@page { size: A4; margin: 20mm 15mm 20mm 30mm }"
        "body { font-family: 'Liberation Serif', serif; font-size: 14pt } p { margin: 0 0 6pt }</style>"
        f"</head><body>{body}</body></html>"
    )
    return HTML(string=page).write_pdf()


def evaluate(case: dict, report) -> dict:
    """Compare a check's report with the case's expectations.

    Returns the figures found and expected side by side, and the counts for
    precision and recall of problem finding: a *problem* is a verdict of
    differs, inconsistent or stale; the planted errors are the expected
    problems.
    """
    from steerco.drafts.core.check import PROBLEMS

    expected = case["figures"]
    found = report.results
    rows = []
    for n in range(max(len(expected), len(found))):
        want = expected[n] if n < len(expected) else None
        got = found[n] if n < len(found) else None
        rows.append((want, got))
    tp = fp = fn = 0
    for want, got in rows:
        flagged = got is not None and got.verdict in PROBLEMS
        planted = want is not None and "planted" in want
        tp += flagged and planted
        fp += flagged and not planted
        fn += planted and not flagged
    return {"rows": rows, "tp": tp, "fp": fp, "fn": fn}


def mismatches(case: dict, report) -> list[str]:
    """What differs from the expectations, one line each (empty when all is as expected)."""
    out = []
    for n, (want, got) in enumerate(evaluate(case, report)["rows"]):
        if want is None:
            out.append(f"#{n}: unexpected figure {got.figure.text!r} ({got.verdict})")
            continue
        if got is None:
            out.append(f"#{n}: missing figure {want['text']!r}")
            continue
        seen = {
            "text": got.figure.text,
            "verdict": got.verdict.value,
            "indicator": got.record.indicator if got.record else None,
            "unit": got.unit,
        }
        wanted = {"text": want["text"], "verdict": want["verdict"]}
        if "indicator" in want:
            wanted["indicator"] = want["indicator"]
        wanted["unit"] = want.get("unit", case["unit"])
        diff = {k: (v, seen[k]) for k, v in wanted.items() if seen[k] != v}
        if diff:
            out.append(
                f"#{n} {want['text']!r}: " + ", ".join(f"{k} expected {a!r}, got {b!r}" for k, (a, b) in diff.items())
            )
    return out

"""The annotated copy of a draft: a Word document with a comment on each
figure (python-docx's comments), and the pieces of an HTML view with the
figures highlighted.

A Word draft keeps its own formatting: the runs around a figure are split
so that the comment covers exactly the figure. A draft that came as text
or PDF is written into a new Word document, one paragraph per block.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from dataclasses import dataclass

from .check import PROBLEMS, Result, Verdict
from .document import Draft
from .reading import docx_paragraphs

HIGHLIGHT = {  # WD_COLOR_INDEX names
    Verdict.INCONSISTENT: "YELLOW",
    Verdict.DIFFERS: "YELLOW",
    Verdict.STALE: "YELLOW",
    Verdict.AMBIGUOUS: "TURQUOISE",
    Verdict.NO_RECORD: "GRAY_25",
    Verdict.MATCHES: "BRIGHT_GREEN",
}


@dataclass(frozen=True)
class Piece:
    text: str
    result: Result | None = None


def pieces(draft: Draft, results: list[Result]) -> list[tuple[int, list[Piece]]]:
    """Each block as plain text and figures, for an HTML view."""
    by_block: dict[int, list[Result]] = {}
    for r in results:
        by_block.setdefault(r.figure.block, []).append(r)
    out = []
    for block in draft.blocks:
        found = sorted(by_block.get(block.index, []), key=lambda r: r.figure.start)
        parts, at = [], 0
        for r in found:
            if r.figure.start < at:
                continue
            parts.append(Piece(block.text[at : r.figure.start]))
            parts.append(Piece(block.text[r.figure.start : r.figure.end], r))
            at = r.figure.end
        parts.append(Piece(block.text[at:]))
        out.append((block.index, [p for p in parts if p.text]))
    return out


def annotated_docx(
    draft: Draft,
    content: bytes | None,
    results: list[Result],
    comment_for: Callable[[Result], str],
    author: str = "steerco",
    title: str = "",
) -> bytes:
    """A .docx with a comment on every figure (problems first in the
    reader's eye: they are highlighted)."""
    import docx

    if draft.format == "docx" and content:
        document = docx.Document(io.BytesIO(content))
        locate = {index: parts for index, _text, parts in docx_paragraphs(document)}
    else:
        document = docx.Document()
        if title:
            document.add_heading(title, level=1)
        locate = {}
        for block in draft.blocks:
            paragraph = document.add_paragraph()
            paragraph.add_run(block.text)
            locate[block.index] = [(0, paragraph)]
    for r in sorted(results, key=lambda r: (r.figure.block, r.figure.start)):
        parts = locate.get(r.figure.block)
        if not parts:
            continue
        offset, paragraph = max((p for p in parts if p[0] <= r.figure.start), key=lambda p: p[0], default=parts[0])
        runs = _isolate(paragraph, r.figure.start - offset, r.figure.end - offset)
        if not runs:
            continue
        color = HIGHLIGHT.get(r.verdict)
        if color and (r.verdict in PROBLEMS or r.verdict == Verdict.MATCHES or r.verdict == Verdict.AMBIGUOUS):
            from docx.enum.text import WD_COLOR_INDEX

            for run in runs:
                run.font.highlight_color = getattr(WD_COLOR_INDEX, color)
        document.add_comment(runs, text=comment_for(r), author=author, initials="SC")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _isolate(paragraph, start: int, end: int) -> list:
    """Split the paragraph's runs at ``start`` and ``end`` (offsets in the
    text of its runs) and return the runs that make up [start, end)."""
    from docx.text.run import Run

    if start >= end:
        return []
    for cut in (start, end):
        at = 0
        for run in paragraph.runs:
            text = run.text
            if at < cut < at + len(text):
                before = copy.deepcopy(run._r)
                run._r.addprevious(before)
                Run(before, paragraph).text = text[: cut - at]
                run.text = text[cut - at :]
                break
            at += len(text)
    out, at = [], 0
    for run in paragraph.runs:
        text = run.text
        if text and at >= start and at + len(text) <= end:
            out.append(run)
        at += len(text)
    return out

"""A draft as blocks of text: a paragraph, a table cell, a PDF page. A
figure's position is (block, offset) in the block's text, which is what the
annotated copy needs to put a comment back on the right characters."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Block:
    index: int
    text: str
    kind: str = "paragraph"  # paragraph, cell, page, line
    page: int | None = None


@dataclass
class Draft:
    blocks: list[Block] = field(default_factory=list)
    name: str = ""
    format: str = "txt"

    @classmethod
    def from_text(cls, text: str, name: str = "", format: str = "txt") -> Draft:
        """Plain text: one block per paragraph (a line; blank lines and
        wrapped lines are both common in pasted text, so each line is kept
        as written)."""
        lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        blocks = [Block(n, unicodedata.normalize("NFC", line)) for n, line in enumerate(lines)]
        return cls(blocks=blocks, name=name, format=format)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


# A sentence ends at . ! ? followed by a space and a capital (or an opening
# bracket or quote), or at the end of the block. A dot between digits
# (5.155) or after a section number at the start ("1.") does not end one.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[\"”')]*\s+(?=[\"“(\[]?[A-ZĐÀ-Ỹ0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences of ``text``."""
    spans = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        before = text[start : m.start()].strip()
        # "1." or "2.1." at the start of a paragraph is a section number
        if re.fullmatch(r"[\dIVXivx]+(\.\d+)*\.?", before):
            continue
        spans.append((start, m.start()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def fold(text: str) -> str:
    """Lower case without diacritics ("Kết nạp" -> "ket nap"), for matching
    text typed with or without its accents."""
    text = unicodedata.normalize("NFD", text.lower().replace("đ", "d").replace("Đ", "d"))
    return "".join(c for c in text if not unicodedata.combining(c))


WORD = re.compile(r"[^\W_]+", re.UNICODE)


def words(text: str) -> list[tuple[str, int, int]]:
    """(lower-case word, start, end) for each word (a Vietnamese syllable) of ``text``."""
    return [(m.group().lower(), m.start(), m.end()) for m in WORD.finditer(text)]

"""Vietnamese names in any Unicode form.

The same name reaches steerco in several spellings: composed (NFC) or
decomposed (NFD, as some Mac and PDF tools write it), with the tone mark
on the old or the new vowel ("Thanh Hoá" / "Thanh Hóa", "Thuỷ" / "Thủy"),
in any case. Text is stored in NFC (``nfc``, ``nfc_document``); names are
compared and searched by a key (``name_key``) that ignores the placement
of tone marks and case, and, when asked, every diacritic.

Django-free: the loaders, the workbook, the API and the admin share it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

# The five Vietnamese tone marks, as combining characters: grave (huyền),
# acute (sắc), hook above (hỏi), tilde (ngã), dot below (nặng). The other
# marks (circumflex, breve, horn) belong to their vowel and stay in place.
TONES = {"\u0300", "\u0301", "\u0309", "\u0303", "\u0323"}
_WORD = re.compile(r"\w+")


def nfc(text: str) -> str:
    """``text`` in Unicode NFC."""
    return unicodedata.normalize("NFC", text)


def nfc_document(node: Any) -> Any:
    """Every text in a parsed document (mapping keys included) in NFC; the
    rest left as it is."""
    if isinstance(node, str):
        return nfc(node)
    if isinstance(node, dict):
        return {nfc_document(key): nfc_document(value) for key, value in node.items()}
    if isinstance(node, list):
        return [nfc_document(value) for value in node]
    return node


def _syllable_key(word: str, diacritics: bool) -> str:
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", word):
        if char in TONES:
            tones.append(char)
        elif unicodedata.combining(char):
            if diacritics:
                letters.append(char)
        else:
            letters.append(char)
    # One place for the tone whatever the spelling: after the syllable.
    key = "".join(letters) + ("".join(sorted(tones)) if diacritics else "")
    if not diacritics:
        key = key.replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", key)


def name_key(text: str, *, diacritics: bool = True) -> str:
    """The key two spellings of one name share: case, spacing, Unicode form
    and the placement of tone marks do not count ("Thanh Hoá" and "thanh
    hóa" have one key); with ``diacritics=False`` no mark counts ("Thanh
    Hoa" too)."""
    words = _WORD.findall(unicodedata.normalize("NFC", str(text)).casefold())
    return " ".join(_syllable_key(word, diacritics) for word in words)


def same_name(a: str, b: str, *, diacritics: bool = True) -> bool:
    return name_key(a, diacritics=diacritics) == name_key(b, diacritics=diacritics)

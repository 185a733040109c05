"""Bilingual model text: each record keeps a Vietnamese and an English
version; the active language picks one, Vietnamese when English is empty."""

from django.utils.translation import get_language


def language() -> str:
    """The active language as the documents and number formats know it:
    "en" for any English, else "vi"."""
    return "en" if (get_language() or "vi").startswith("en") else "vi"


def pick(vi: str, en: str, language: str | None = None) -> str:
    language = language or get_language() or "vi"
    return en if language.startswith("en") and en else vi

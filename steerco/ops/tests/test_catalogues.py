"""One msgid, one meaning. Django merges every app's catalogue into one: the
project's LOCALE_PATHS first, then the apps in INSTALLED_APPS order, so when
two catalogues translate the same msgid (in the same context) differently,
one of them silently loses. That is how a finding "in progress" came to read
"Đang nhập" (a submission being entered) and case history "Bản ghi nhớ" (the
admin's "History"). A word whose meaning depends on the app carries a
pgettext context; a word with one meaning has one translation."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings

# Deliberate overrides of a third-party translation by the project's own
# catalogue (LOCALE_PATHS wins): msgid -> why.
OVERRIDES = {
    "History": "the admin's vi catalogue says 'Bản ghi nhớ' (memo); ours says 'Lịch sử'",
    "Log out": "'Đăng xuất', the usual word, where the admin says 'Thoát' (quit)",
    "Administration": "'Quản trị', where the admin says 'Quản trị website'",
    "version": "auth leaves it untranslated",
    "user": "lower case in the middle of a sentence",
}


def _catalogues(lang: str) -> list[tuple[str, Path, bool]]:
    """(owner, path, ours) in Django's precedence order."""
    found = [("LOCALE_PATHS", Path(p) / lang / "LC_MESSAGES" / "django.po", True) for p in settings.LOCALE_PATHS]
    for config in apps.get_app_configs():
        path = Path(config.path) / "locale" / lang / "LC_MESSAGES" / "django.po"
        found.append((config.label, path, config.name.startswith("steerco.")))
    return [(owner, path, ours) for owner, path, ours in found if path.exists()]


def _translations(path: Path) -> dict[tuple[str | None, str], str]:
    with path.open("rb") as f:
        catalogue = read_po(f)
    out = {}
    for message in catalogue:
        if not message.id or message.fuzzy:
            continue
        msgid = message.id if isinstance(message.id, str) else message.id[0]
        text = message.string if isinstance(message.string, str) else message.string[0]
        if text:
            out[(message.context, msgid)] = text
    return out


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_msgid_is_translated_two_ways(lang):
    seen: dict[tuple[str | None, str], dict[str, str]] = defaultdict(dict)
    ours: set[str] = set()
    for owner, path, mine in _catalogues(lang):
        if mine:
            ours.add(owner)
        for key, text in _translations(path).items():
            seen[key].setdefault(owner, text)
    clashes = []
    for (context, msgid), by_owner in sorted(seen.items(), key=lambda kv: (kv[0][0] or "", kv[0][1])):
        if len(set(by_owner.values())) < 2 or not ours & by_owner.keys():
            continue
        if msgid in OVERRIDES and context is None and next(iter(by_owner)) == "LOCALE_PATHS":
            continue
        where = "; ".join(f"{owner}: {text!r}" for owner, text in by_owner.items())
        clashes.append(f"{context + ' | ' if context else ''}{msgid!r} -> {where}")
    assert not clashes, f"{len(clashes)} msgids translated differently ({lang}):\n" + "\n".join(clashes)

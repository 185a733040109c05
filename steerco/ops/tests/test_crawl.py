"""Every page of the demo, as every persona, in both languages and at a
phone's and a laptop's width, in a real browser (Debian's Chromium driven by
Playwright, as in dashboard/tests/test_browser.py).

The pages are found by following the links of each persona's pages from the
home page with Django's test client (fast, in-process), one page per URL
pattern; then each is opened in the browser, once per language, and measured
at 390 px and at 1366 px. A page fails on:

- horizontal overflow (the document wider than the window), or a header
  taller than one line of links on a phone;
- a console error, a Content-Security-Policy violation included, or an
  uncaught script error;
- a number in a machine format ("1.5E+2", "150.0000"), a date not written
  by the one rule (15/7/2023, 03/02/2025);
- on a Vietnamese page, a text that is an English msgid of our catalogues
  left untranslated, or that holds a piece of one (``english_phrases``:
  two English words or more, or one long word, none of which a Vietnamese
  translation uses itself), a raw status code (a choice's stored value, like
  ``in_progress``) or a dotted internal name (``inspection.members_violation``).

All failures are collected and reported together.
"""

from __future__ import annotations

import os
import re
from collections import deque
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from babel.messages.pofile import read_po
from django.apps import apps
from django.conf import settings
from django.test import Client

from steerco.demo.loader import PERSONAS, load_demo

CHROMIUM = Path(os.environ.get("STEERCO_CHROMIUM", "/usr/bin/chromium"))
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WIDTHS = (390, 1366)
LANGUAGES = ("vi", "en")
# The secretariat, a district reporter and approver, the inspector and a
# viewer of another district (the outsider).
# STEERCO_CRAWL_USERS=demo,ubkt.inspector narrows the crawl while fixing.
USERNAMES = [u for u, *_ in PERSONAS if u in os.environ.get("STEERCO_CRAWL_USERS", u).split(",")]
MAX_PAGES = 80  # per persona: URL patterns, not URLs
PHONE_HEADER = 80  # px: the header on a phone is one line of links (it took 193)

# Not pages: files, the API, the admin (Django's own), actions.
SKIP = re.compile(
    r"^/(api|admin|static|media|accounts/logout|i18n)/|\.(xlsx|docx|pdf|json|csv|png|zip)$|/(download|export)\b"
)
HREF = re.compile(r'href="([^"#]+)"')

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# What the browser reads from a page: its width, and its visible texts (text
# nodes, titles, placeholders, labels) outside code shown on purpose and
# outside parts marked as another language.
MEASURE = """() => {
  const texts = [];
  const skip = (el) => !el || el.closest('code, kbd, samp, pre, .code, script, style, [lang="en"], .who');
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const t = n.nodeValue.trim();
    if (t && !skip(n.parentElement) && n.parentElement.offsetParent !== null) texts.push(t);
  }
  for (const el of document.querySelectorAll('[title], [placeholder], [aria-label]')) {
    if (skip(el)) continue;
    for (const a of ['title', 'placeholder', 'aria-label']) {
      const v = el.getAttribute(a);
      if (v && v.trim()) texts.push(v.trim());
    }
  }
  const header = document.querySelector('header.top');
  return {scroll: document.documentElement.scrollWidth, inner: window.innerWidth, texts,
          header: header ? header.offsetHeight : 0};
}"""

MACHINE_NUMBER = re.compile(r"\d\.?\d*E[+-]\d|\d\.0000\b")
# One date rule (steerco.lib.numbers.fmt_day, the Party's): 15/7/2023, 06/7/2022,
# 03/02/2025; never 15-07-2023 or 2023-07-15, nor 15/07/2023 (a month from
# March padded) or 6/7/2022 (a day below 10 not padded).
OTHER_DATE = re.compile(
    r"\b\d{1,2}-\d{1,2}-\d{4}\b|\b\d{4}-\d{2}-\d{2}\b"  # 15-07-2023, 2023-07-15
    r"|(?<![\d/])(?:\d{1,2}/0[3-9]|[1-9]/\d{1,2}|\d{1,2}/[12])/\d{4}\b"  # 15/07/2023, 6/7/2022, 3/2/2025
)
SNAKE = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")
DOTTED = re.compile(r"\b[a-z_]+\.[a-z_]+(?:\.[a-z_]+)*\b")
FILE_OR_HOST = re.compile(r"\.(pdf|docx|xlsx|txt|md|csv|png|json|html|vn|org|com|net|local)\b")


def _english_msgids() -> set[str]:
    """Our catalogues' msgids whose Vietnamese differs: seen as they are on a
    Vietnamese page, they were left untranslated."""
    paths = [Path(p) / "vi" / "LC_MESSAGES" / "django.po" for p in settings.LOCALE_PATHS]
    paths += [
        Path(c.path) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
        for c in apps.get_app_configs()
        if c.name.startswith("steerco.")
    ]
    found = set()
    for path in paths:
        if not path.exists():
            continue
        with path.open("rb") as f:
            for message in read_po(f):
                msgid = message.id if isinstance(message.id, str) else (message.id or ("",))[0]
                text = message.string if isinstance(message.string, str) else (message.string or ("",))[0]
                if msgid and text and text != msgid and "%" not in msgid and "{" not in msgid and len(msgid) > 2:
                    found.add(msgid)
    return found


PLACEHOLDER = re.compile(r"%\(\w+\)[sdf]|%[sdf]|\{[^}]*\}|<[^>]*>")
ENGLISH_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")
PHRASE_WORDS = 2  # an English phrase of two words or more inside a Vietnamese text
LONE_WORD = 7  # or one English word this long (shorter ones: names, codes, units)


def _catalogue_pairs():
    """(msgid, Vietnamese) of every message of our catalogues."""
    paths = [Path(p) / "vi" / "LC_MESSAGES" / "django.po" for p in settings.LOCALE_PATHS]
    paths += [
        Path(c.path) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
        for c in apps.get_app_configs()
        if c.name.startswith("steerco.")
    ]
    for path in paths:
        if not path.exists():
            continue
        with path.open("rb") as f:
            for message in read_po(f):
                ids = [message.id] if isinstance(message.id, str) else list(message.id or ())
                texts = [message.string] if isinstance(message.string, str) else list(message.string or ())
                for msgid in ids:
                    yield msgid, " ".join(t for t in texts if t)


def english_phrases(pairs) -> re.Pattern | None:
    """What of our English msgids, seen inside a longer Vietnamese text,
    shows that a piece of it was left untranslated: each msgid cut at its
    placeholders and markup, each piece kept when it has two English words
    or more, or is one word of seven letters or more. A piece that a
    Vietnamese translation itself contains (a product's name, a code:
    "Excel", "API") never counts, nor does a msgid translated as itself."""
    pieces, vietnamese = set(), []
    for msgid, text in pairs:
        if not msgid or not text or text == msgid:
            continue
        vietnamese.append(text)
        for piece in PLACEHOLDER.split(msgid):
            for part in re.split(r"[.:;!?()\[\]\"“”«»–—]|\s-\s|\n", piece):
                part = part.strip(" ,'’/")
                words = ENGLISH_WORD.findall(part)
                if not words or not re.fullmatch(r"[A-Za-z0-9 ,'’/&-]+", part):
                    continue
                if len(words) >= PHRASE_WORDS or len(words[0]) >= LONE_WORD:
                    pieces.add(part)
    joined = "\n".join(vietnamese)
    pieces = {p for p in pieces if p not in joined}
    if not pieces:
        return None
    alternatives = "|".join(re.escape(p) for p in sorted(pieces, key=len, reverse=True))
    return re.compile(rf"(?<![A-Za-z])(?:{alternatives})(?![A-Za-z])")


def _status_codes() -> set[str]:
    """The stored values of our models' choices that read as words or
    codes (``in_progress``, ``remediated``), where the label differs."""
    found = set()
    for model in apps.get_models():
        if not model.__module__.startswith("steerco."):
            continue
        for field in model._meta.get_fields():
            for value, label in getattr(field, "choices", None) or ():
                if isinstance(value, str) and re.fullmatch(r"[a-z][a-z_]+", value) and str(label) != value:
                    found.add(value)
    return found


def _pattern(url: str) -> str:
    return re.sub(r"/\d+(?=/|$)", "/N", urlsplit(url).path)


def discover(username: str) -> list[str]:
    """One URL per pattern reachable from the home page's links, for the user."""
    from django.contrib.auth import get_user_model

    client = Client(HTTP_ACCEPT_LANGUAGE="vi")
    client.force_login(get_user_model().objects.get(username=username))
    queue, seen_patterns, pages = deque(["/"]), set(), []
    while queue and len(pages) < MAX_PAGES:
        url = queue.popleft()
        pattern = _pattern(url)
        if pattern in seen_patterns:
            continue
        seen_patterns.add(pattern)
        response = client.get(url)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
            continue
        pages.append(url)
        for href in HREF.findall(response.content.decode()):
            href = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(href)
            if parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
                continue
            if _pattern(href) not in seen_patterns:
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return pages


def _text_failures(
    texts: list[str],
    lang: str,
    msgids: set[str],
    codes: set[str],
    usernames: set[str],
    phrases: re.Pattern | None = None,
) -> list[str]:
    found = []
    for text in texts:
        if MACHINE_NUMBER.search(text):
            found.append(f"machine number in {text[:80]!r}")
        if OTHER_DATE.search(text):
            found.append(f"date not as 15/7/2023 in {text[:80]!r}")
        if lang != "vi":
            continue
        if text in msgids:
            found.append(f"untranslated {text[:80]!r}")
        elif phrases is not None:
            for match in dict.fromkeys(phrases.findall(text)):
                found.append(f"untranslated {match!r} in {text[:80]!r}")
        if text in codes and text not in usernames:
            found.append(f"raw status code {text!r}")
        for match in SNAKE.findall(text):
            found.append(f"internal name {match!r} in {text[:80]!r}")
        for match in DOTTED.findall(text):
            if match not in usernames and not FILE_OR_HOST.search(match) and "@" not in text:
                found.append(f"dotted internal name {match!r} in {text[:80]!r}")
    return found


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    assert CHROMIUM.exists(), f"{CHROMIUM} is missing: run `make test`, which installs Debian's chromium"
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def test_every_page_as_every_persona_in_both_languages_at_both_widths(live_server, browser):
    load_demo(progress=lambda _msg: None)
    from django.contrib.auth import get_user_model

    msgids, codes, phrases = _english_msgids(), _status_codes(), english_phrases(_catalogue_pairs())
    usernames = set(get_user_model().objects.values_list("username", flat=True))
    failures: list[str] = []
    visited = 0
    for username in USERNAMES:
        pages = discover(username)
        assert len(pages) > 5, f"{username} reaches only {pages}"
        client = Client()
        client.force_login(get_user_model().objects.get(username=username))
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        for lang in LANGUAGES:
            context = browser.new_context(locale="vi-VN" if lang == "vi" else "en-GB")
            context.add_cookies(
                [
                    {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url},
                    {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": live_server.url},
                ]
            )
            page = context.new_page()
            errors: list[str] = []
            page.on("console", lambda m, errors=errors: m.type == "error" and errors.append(m.text))
            page.on("pageerror", lambda e, errors=errors: errors.append(str(e)))
            for url in pages:
                errors.clear()
                page.set_viewport_size({"width": WIDTHS[0], "height": 800})
                page.goto(live_server.url + url, wait_until="load")
                visited += 1
                where = f"{username} {lang} {url}"
                measured = page.evaluate(MEASURE)
                if measured["header"] > PHONE_HEADER:
                    failures.append(f"{where} @{WIDTHS[0]}: the header takes {measured['header']} px")
                for width in WIDTHS:
                    if width != WIDTHS[0]:
                        page.set_viewport_size({"width": width, "height": 800})
                        measured = {**page.evaluate(MEASURE), "texts": measured["texts"]}
                    if measured["scroll"] > measured["inner"]:
                        failures.append(f"{where} @{width}: {measured['scroll'] - measured['inner']} px too wide")
                failures += [f"{where}: console error {e[:160]}" for e in errors]
                failures += [
                    f"{where}: {f}" for f in _text_failures(measured["texts"], lang, msgids, codes, usernames, phrases)
                ]
            context.close()
    unique = sorted(set(failures))
    assert not unique, f"{len(unique)} problems on {visited} page loads:\n" + "\n".join(unique)


def test_a_unit_is_found_by_typing_part_of_its_name_without_diacritics(live_server, browser):
    from django.contrib.auth import get_user_model

    load_demo(progress=lambda _msg: None)
    client = Client()
    client.force_login(get_user_model().objects.get(username="demo"))
    context = browser.new_context(locale="vi-VN")
    context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
          "url": live_server.url}]
    )  # fmt: skip
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    page.goto(live_server.url + "/findings/")
    box = page.locator("input.picker-filter")
    assert box.get_attribute("placeholder") == "Gõ để tìm đơn vị"
    box.fill("ba dinh")
    shown = page.locator("select[name=unit] option:not([hidden])").all_inner_texts()
    named = [t.strip() for t in shown if t.strip() and t.strip() != "—"]
    assert named and all("Ba Đình" in t for t in named), named
    assert page.locator("select[name=unit] option[hidden]").count() > 10
    assert page.locator("select[name=unit]").input_value() != ""  # the first match is chosen
    assert not errors, errors
    context.close()


def test_english_left_inside_a_vietnamese_text_is_found_and_names_and_codes_are_not():
    pairs = [
        ("Overdue limitations", "Hạn chế quá hạn"),
        ("%(n)s limitations overdue at %(date)s", "%(n)s hạn chế quá hạn tại %(date)s"),
        ("Save", "Lưu"),  # one short word: could be a name or a code
        ("Remediated", "Đã khắc phục"),  # one long word: counts
        ("Excel template", "Mẫu Excel template"),  # the translation itself uses it
        ("Same", "Same"),  # translated as itself
    ]
    phrases = english_phrases(pairs)

    def found(text):
        return _text_failures([text], "vi", set(), set(), set(), phrases)

    assert found("Báo cáo: Overdue limitations (3)") == [
        "untranslated 'Overdue limitations' in 'Báo cáo: Overdue limitations (3)'"
    ]
    assert found("3 limitations overdue at 10/7/2023") == [
        "untranslated 'limitations overdue at' in '3 limitations overdue at 10/7/2023'"
    ]
    assert found("Trạng thái: Remediated") and not found("Trạng thái: Remediatedness")
    assert not found("Save biểu mẫu Excel template của Ba Đình")
    assert not found("Hạn chế quá hạn: 3")
    assert not _text_failures(["Overdue limitations here"], "en", set(), set(), set(), phrases)

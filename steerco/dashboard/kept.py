"""The costly part of a page, kept under the data version.

The home page's body (what went well, what needs attention, the
scorecard, the burndown, the panels) and the drill-down's table take tens
of milliseconds of queries and template; the rest of the page (the
selection, the header) takes a few. ``kept`` renders the body once per

- data version (``audit.version``: every write behind a figure advances it
  in its own transaction, so a write makes the next page compute again; no
  timer decides),
- page and selection (programme, unit, period, indicator),
- language and today's date (overdue and late items, the burndown's last
  month, "up to" dates),
- scope: what the user may see and do (``Access.fingerprint``), so two
  users share a body only when their memberships make the same page,

and keeps the HTML in Django's cache (``CACHES``: local memory per process
by default, Redis when ``STEERCO_CACHE=redis``). With no version row (a
database not migrated) nothing is kept.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from steerco.audit import version

# Old versions' entries are not served (their key is never asked again);
# they leave the cache as it culls. The limit is for memory only.
KEEP_SECONDS = 24 * 3600


def key(page: str, version_now: str, scope: str, *parts) -> str:
    """The cache key of one page body (hashed: keys have a length limit)."""
    whole = (
        page,
        version_now,
        translation.get_language(),
        timezone.localdate().isoformat(),
        scope,
        *parts,
    )
    return "steerco:kept:" + page + ":" + hashlib.sha256(repr(whole).encode()).hexdigest()


def kept(page: str, scope: str, parts: tuple, build: Callable[[], str]) -> SafeString:
    """``build()``'s HTML for ``parts`` under the current data version, for
    users of ``scope`` (``Access.fingerprint()`` of the user the page is
    for), from the cache when it is there. The version is read first, so
    what ``build`` reads is at least as new as the key it is kept under."""
    version_now = version.current()
    if version_now is None:
        return mark_safe(build())
    name = key(page, version_now, scope, *parts)
    html = cache.get(name)
    if html is None:
        # One thread of the process computes a body; the others asking for
        # it meanwhile wait and take it (after a write, 20 requests at once
        # would otherwise compute it 20 times on two cores).
        with _computing(name):
            html = cache.get(name)
            if html is None:
                html = str(build())
                cache.set(name, html, KEEP_SECONDS)
    return mark_safe(html)


_locks: dict[str, threading.Lock] = {}
_locks_lock = threading.Lock()


@contextmanager
def _computing(name: str):
    with _locks_lock:
        lock = _locks.setdefault(name, threading.Lock())
    try:
        with lock:
            yield
    finally:
        with _locks_lock:
            if not lock.locked():
                _locks.pop(name, None)

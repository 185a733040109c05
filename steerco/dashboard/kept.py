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

The same rule keeps two smaller things every dashboard page reads before
its body (``kept_value``): the selection (``views.selection.select``: the
programmes, the user's units, the unit, the periods with data, the working
period, the indicator, the units above; keyed by the query string's
selection) and the user's scope itself (``scope_of``: the fingerprint,
keyed by user and superuser flag). The version is read once per request,
first, and the selection, the scope and the body are all kept under that
one reading. A warm page then reads only the session, the user, the
version and the header's unread notices.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import contextmanager
from typing import Any

from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

from steerco.audit import version

# Old versions' entries are not served (their key is never asked again);
# they leave the cache as it culls. The limit is for memory only.
KEEP_SECONDS = 24 * 3600
# "read the version now" (the default) and "not in the cache"
READ = object()
MISSING = object()


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


def kept(
    page: str, scope: str, parts: tuple, build: Callable[[], str], version_now: str | object | None = READ
) -> SafeString:
    """``build()``'s HTML for ``parts`` under the current data version, for
    users of ``scope`` (``Access.fingerprint()`` of the user the page is
    for), from the cache when it is there. The version is read first, so
    what ``build`` reads is at least as new as the key it is kept under;
    a caller that has read it already, before reading anything else for
    the request (``Selection.version``), passes it as ``version_now``."""
    return mark_safe(kept_value(page, scope, parts, lambda: str(build()), version_now))


def kept_value(
    page: str, scope: str, parts: tuple, build: Callable[[], Any], version_now: str | object | None = READ
) -> Any:
    """As ``kept``, for any value the cache can hold (pickled: each caller
    gets its own copy, model instances included)."""
    if version_now is READ:
        version_now = version.current()
    if version_now is None:
        return build()
    name = key(page, version_now, scope, *parts)
    value = cache.get(name, MISSING)
    if value is MISSING:
        # One thread of the process computes a value; the others asking for
        # it meanwhile wait and take it (after a write, 20 requests at once
        # would otherwise compute it 20 times on two cores).
        with _computing(name):
            value = cache.get(name, MISSING)
            if value is MISSING:
                value = build()
                cache.set(name, value, KEEP_SECONDS)
    return value


def scope_of(request, version_now: str | None) -> str:
    """The signed-in user's ``Access.fingerprint()``, kept under the data
    version by user: the memberships it is made of are watched tables (a
    role given or taken advances the version), and whether the user is a
    superuser (``auth_user``, not watched) is part of the key. Without a
    version row, read each time."""
    user = request.user
    if version_now is None:
        return request.access.fingerprint()
    return kept_value("scope", "", (user.pk, bool(user.is_superuser)), request.access.fingerprint, version_now)


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

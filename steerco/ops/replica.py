"""Reads from a PostgreSQL replica, opt-in (DATABASE_REPLICA_URL; docs/deploy.md).

With no replica configured none of this is installed and every query goes to
``default``, as before. With one:

- ``ReadFromReplica`` (middleware) lets a page read from the replica only on a
  safe request (GET, HEAD, OPTIONS) from a browser that has not written
  anything in the last ``REPLICA_PIN_SECONDS``: after a POST the pin cookie
  sends its next reads to the primary, so the page after a save shows the
  save even while the replica lags behind.
- ``ReplicaRouter`` sends those reads to ``replica``; every write, every read
  inside a transaction on the primary (``select_for_update``, the write
  service ``collection.services.record``), and everything outside a request
  (job workers, management commands, backups) goes to ``default``.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA = "replica"
PIN_COOKIE = "steerco_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

_replica_allowed: ContextVar[bool] = ContextVar("steerco_replica_allowed", default=False)


@contextmanager
def replica_reads(allowed: bool = True):
    """Allow (or forbid) reads from the replica within the block."""
    token = _replica_allowed.set(allowed)
    try:
        yield
    finally:
        _replica_allowed.reset(token)


class ReplicaRouter:
    def db_for_read(self, model, **hints):
        if REPLICA not in connections.settings or not _replica_allowed.get():
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS  # read what this transaction is about to change
        return REPLICA

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the same rows, wherever they were read

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replica follows the primary's schema


class ReadFromReplica:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        safe = request.method in SAFE_METHODS
        with replica_reads(safe and PIN_COOKIE not in request.COOKIES):
            response = self.get_response(request)
        if not safe:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

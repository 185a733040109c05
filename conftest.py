"""Test-wide settings: a fast password hasher (tests are not about hashing),
uploaded files in a temporary folder, never in the data directory, and on
SQLite a live server that answers one request at a time."""

import contextlib
import tempfile
import threading

import pytest
from django.conf import settings
from django.core.servers.basehttp import WSGIServer


class OneRequestAtATime(WSGIServer):
    """The browser tests' live server on SQLite. The test database is an
        in-memory one whose single connection the server's threads share;
        two requests at once (an HTMX check while a page loads, more often on a
        loaded machine) then fail with "database table is locked". Served one
        at a time, with `Connection: close` (Django adds it for a server
        without threads), nothing can overlap. A test that reads the database
    while the browser may still be asking takes `busy` (the `server_quiet`
    fixture): the test's thread shares that connection too."""

    busy = threading.Lock()

    def __init__(self, *args, connections_override=None, **kwargs):
        # LiveServerThread.run has already put the shared connections into
        # this thread, which is the one that serves every request here.
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address):
        with self.busy:
            super().process_request(request, client_address)


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="steerco-test-media-")
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        from django.test.testcases import LiveServerThread

        LiveServerThread.server_class = OneRequestAtATime


@pytest.fixture
def server_quiet():
    """Held, no request is being served by the live server (SQLite; on
    PostgreSQL each thread has its own connection, and nothing to wait for)."""
    if settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        return OneRequestAtATime.busy
    return contextlib.nullcontext()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what a page kept under the data
    version in one test (rolled back since) is not another test's."""
    from django.core.cache import cache

    cache.clear()
    yield

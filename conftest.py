"""Test-wide settings: a fast password hasher (tests are not about hashing),
and uploaded files in a temporary folder, never in the data directory."""

import tempfile

import pytest
from django.conf import settings


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="steerco-test-media-")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: what a page kept under the data
    version in one test (rolled back since) is not another test's."""
    from django.core.cache import cache

    cache.clear()
    yield

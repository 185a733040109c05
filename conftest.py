"""Test-wide settings: a fast password hasher (tests are not about hashing),
and uploaded files in a temporary folder, never in the data directory."""

import tempfile

from django.conf import settings


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="steerco-test-media-")

"""Test-wide settings: a fast password hasher (tests are not about hashing)."""

from django.conf import settings


def pytest_configure(config):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

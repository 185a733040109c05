"""Encryption at rest for personal data (names and identity numbers in
inspection cases), with the ``cryptography`` library's Fernet.

Keys come from ``STEERCO_FIELD_KEYS`` (newest first, comma-separated, so an
old key can still decrypt while a new one encrypts). Production refuses to
start without them (settings.py); development and the demo derive a key from
SECRET_KEY so a fresh checkout works.
"""

from __future__ import annotations

import base64
import hashlib
from functools import cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # cryptography loads with the first encrypted value, not at every start-up
    from cryptography.fernet import MultiFernet


def dev_key() -> bytes:
    digest = hashlib.sha256(("steerco-field-encryption:" + settings.SECRET_KEY).encode()).digest()
    return base64.urlsafe_b64encode(digest)


@cache
def _cipher() -> MultiFernet:
    from cryptography.fernet import Fernet, MultiFernet

    keys = list(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [dev_key()])
    try:
        return MultiFernet([Fernet(k) for k in keys])
    except ValueError:
        raise ImproperlyConfigured(
            "STEERCO_FIELD_KEYS: each key must be a Fernet key (32 url-safe base64-encoded bytes); "
            "make one with: python -c 'from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())'"
        ) from None


def encrypt(text: str) -> str:
    return _cipher().encrypt(text.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    from cryptography.fernet import InvalidToken

    try:
        return _cipher().decrypt(token.encode("ascii")).decode("utf-8")
    except InvalidToken:
        raise ImproperlyConfigured(
            "Encrypted personal data cannot be read with the configured STEERCO_FIELD_KEYS (wrong or missing key)."
        ) from None


def reset() -> None:
    """Forget the cached cipher (tests that change the keys)."""
    _cipher.cache_clear()

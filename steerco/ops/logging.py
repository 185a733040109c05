"""A logging filter that masks personal data before a record is written.

Logs go to files and log collectors that more people can read than the
database; they must not carry e-mail addresses, phone numbers, citizen ID
numbers or client IP addresses. The patterns are deliberately broad: a
masked order number is a smaller loss than a leaked phone number.
"""

from __future__ import annotations

import logging
import re

_H6 = "[0-9a-f]{1,4}"  # one IPv6 group
_PATTERNS = [
    (re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+"), "[email]"),
    (re.compile(r"\b(?:\d{1,3}\.){3}\d{1,3}\b"), "[ip]"),
    (re.compile(r"\b(?:[0-9a-f]{1,4}:){3,7}[0-9a-f]{1,4}\b", re.IGNORECASE), "[ip]"),
    # compressed IPv6 ("2001:db8::1", "fe80::1", "::1"; not a bare "::")
    (re.compile(rf"(?<![\w:])(?:{_H6}(?::{_H6}){{0,6}})?::{_H6}(?::{_H6}){{0,6}}(?![\w:])", re.IGNORECASE), "[ip]"),
    (re.compile(rf"(?<![\w:]){_H6}(?::{_H6}){{0,6}}::(?![\w:])", re.IGNORECASE), "[ip]"),
    (re.compile(r"(?<!\d)(?:\+84|0)(?:[\s.-]?\d){9,10}(?!\d)"), "[phone]"),
    (re.compile(r"(?<!\d)\d{9}(?:\d{3})?(?!\d)"), "[id-number]"),
]


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if cleaned != message or record.args:
            record.msg, record.args = cleaned, None
        return True

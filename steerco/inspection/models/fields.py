"""A text field stored encrypted: the database column holds a Fernet token,
Python code sees the plain text. It cannot be searched or ordered by."""

from __future__ import annotations

from django.db import models

from .. import crypto


class EncryptedTextField(models.TextField):
    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value in (None, ""):
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value, expression, connection):
        if value in (None, ""):
            return value
        return crypto.decrypt(value)

"""System check: the field-encryption keys are Fernet keys. Run by every
management command and by ``check --deploy`` (so ``steerco serve`` refuses
to start), rather than failing on the first page that opens a person."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security)
def field_keys(app_configs=None, **kwargs):
    from cryptography.fernet import Fernet

    errors = []
    for position, key in enumerate(getattr(settings, "FIELD_ENCRYPTION_KEYS", []) or [], start=1):
        try:
            Fernet(key)
        except (ValueError, TypeError):
            errors.append(
                checks.Error(
                    f"STEERCO_FIELD_KEYS: key {position} is not a Fernet key (32 url-safe base64-encoded bytes)",
                    hint="make one with: python -c 'from cryptography.fernet import Fernet; "
                    "print(Fernet.generate_key().decode())'",
                    id="steerco.E001",
                )
            )
    return errors

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Stated reasons for changes to what was agreed, the history helpers
    and the acting user. The bottom of the domain: every app may use it, it
    imports none (docs/architecture.md)."""

    name = "steerco.audit"
    verbose_name = _("Audit: reasons for changes")

    def ready(self):
        from . import history

        history.connect()  # a change made in a request records the request as its reason

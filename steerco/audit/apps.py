from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Stated reasons for changes to what was agreed, the history helpers
    and the acting user. The bottom of the domain: every app may use it, it
    imports none (docs/architecture.md)."""

    name = "steerco.audit"
    verbose_name = _("Audit: reasons for changes")

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import history, version

        history.connect()  # a change made in a request records the request as its reason
        # the data version's triggers, after every migrate (a table rebuilt by SQLite loses its own)
        post_migrate.connect(version.on_post_migrate, sender=self, dispatch_uid="steerco.audit.version")

from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    name = "steerco.ops"
    verbose_name = _("Operations")

    def ready(self):
        from .middleware import mark_renewed

        user_logged_in.connect(mark_renewed, dispatch_uid="steerco.ops.mark_renewed")

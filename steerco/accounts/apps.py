from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "steerco.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from . import tokens  # noqa: F401  (a password change revokes the user's API tokens)

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "steerco.accounts"
    verbose_name = _("Accounts and roles")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from steerco.units.models.unit import answer_role_paths

        from .access import forget, visible_paths
        from .models import Membership

        answer_role_paths(visible_paths)  # Unit.objects.visible_to asks the access policy
        post_save.connect(forget, sender=Membership, dispatch_uid="steerco.accounts.forget")
        post_delete.connect(forget, sender=Membership, dispatch_uid="steerco.accounts.forget_deleted")
        from . import tokens  # noqa: F401  (a password change revokes the user's API tokens)

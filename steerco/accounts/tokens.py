"""API token authentication (``Authorization: Token <key>``) against the
user's own tokens (``ApiToken``): unknown, expired and revoked keys are
refused alike. A password change, however made (the user's page, the
admin, ``changepassword``), revokes every token of the user."""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication

from .models import ApiToken
from .models.token import digest

LAST_USED_EVERY = timedelta(hours=1)  # at most one write an hour per token


class ApiTokenAuthentication(TokenAuthentication):
    model = ApiToken

    def authenticate_credentials(self, key: str):
        token = ApiToken.objects.active().select_related("user").filter(digest=digest(key)).first()
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid, expired or revoked token."))
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_EVERY:
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user, token


@receiver(post_save, sender=get_user_model(), dispatch_uid="steerco-revoke-tokens-on-password-change")
def revoke_on_password_change(sender, instance, created, **kwargs):
    # AbstractBaseUser keeps the new raw password in _password from
    # set_password() until the save that stores it has run.
    if not created and getattr(instance, "_password", None) is not None:
        ApiToken.objects.filter(user=instance).delete()

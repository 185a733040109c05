"""What a user may do where, for data collection: the access policy's
answer (``accounts.access``, one read of the memberships per request) in
the workflow's terms."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser

from steerco.accounts.access import access_for
from steerco.units.models import Unit

from .workflow import POLICY_ACTION, Action


class Scope:
    def __init__(self, user):
        self.user = user
        self.access = access_for(user)

    def paths(self, action: Action) -> list[str] | None:
        """Subtree roots where ``action`` is allowed; None means everywhere."""
        return self.access.paths(POLICY_ACTION[action])

    def can(self, action: Action, unit: Unit) -> bool:
        return self.access.can(POLICY_ACTION[action], unit)

    def units(self, action: Action = Action.VIEW):
        """Units where ``action`` is allowed, as a queryset."""
        return self.access.units(POLICY_ACTION[action])

    def anywhere(self, action: Action) -> bool:
        return self.access.anywhere(POLICY_ACTION[action])


class Operator(AnonymousUser):
    """Whoever runs ``steerco import`` / ``export`` on the server: every
    right, recorded as no user (the file name says where it came from)."""

    is_superuser = True
    username = "command line"

    def __str__(self) -> str:
        return self.username

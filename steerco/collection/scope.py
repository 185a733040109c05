"""What a user may do where. Built on ``Unit.objects.visible_to`` (the one
scoping mechanism): a ``Scope`` reads the user's memberships once and then
answers for many units without further queries."""

from __future__ import annotations

from functools import cached_property

from django.contrib.auth.models import AnonymousUser

from steerco.units.models import Unit

from .workflow import ROLES_FOR, Action


class Scope:
    def __init__(self, user):
        self.user = user

    @cached_property
    def _memberships(self) -> list[tuple[str, str]] | None:
        """(path, role) pairs, read once; the paths are what
        ``Unit.objects.visible_to`` reads (``role_paths``)."""
        if getattr(self.user, "is_superuser", False):
            return None
        if not self.user.is_authenticated:
            return []
        return list(self.user.memberships.values_list("unit__path", "role"))

    def paths(self, action: Action) -> list[str] | None:
        """Subtree roots where ``action`` is allowed; None means everywhere."""
        if self._memberships is None:
            return None
        roles = ROLES_FOR[action]
        return [path for path, role in self._memberships if role in roles]

    def can(self, action: Action, unit: Unit) -> bool:
        paths = self.paths(action)
        return paths is None or any(unit.path.startswith(p) for p in paths)

    def units(self, action: Action = Action.VIEW):
        """Units where ``action`` is allowed, as a queryset."""
        return Unit.objects.under_paths(self.paths(action))

    def anywhere(self, action: Action) -> bool:
        paths = self.paths(action)
        return paths is None or bool(paths)


class Operator(AnonymousUser):
    """Whoever runs ``steerco import`` / ``export`` on the server: every
    right, recorded as no user (the file name says where it came from)."""

    is_superuser = True
    username = "command line"

    def __str__(self) -> str:
        return self.username

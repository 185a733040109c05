"""One access object per request: which units a user sees, and where each
action of ``accounts.policy`` is allowed.

``access_for(user)`` reads the user's memberships once (one query, with
each unit's path, type and parent path) and keeps the answer on the user
object, which lives as long as the request (or the command) does; the
``AccessMiddleware`` puts it on ``request.access``. Every app asks it, and
no app reads memberships for itself.
"""

from __future__ import annotations

import hashlib
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cached_property

from django.db.models import BooleanField, ExpressionWrapper, Q
from django.utils.functional import SimpleLazyObject

from steerco.units.models import Unit, UnitType, working_as
from steerco.units.models.unit import PATH_SEP

from .policy import POLICY, Do, Reach


@dataclass(frozen=True)
class Held:
    """One membership: a role on a unit."""

    role: str
    unit_id: int
    path: str
    served_path: str  # the subtree a commission watches over (its own path otherwise)


class Access:
    def __init__(self, user):
        self.user = user

    @cached_property
    def everything(self) -> bool:
        """Superusers (and the command line's operator) may do everything."""
        return bool(getattr(self.user, "is_superuser", False))

    @cached_property
    def held(self) -> list[Held]:
        """The user's memberships, read once."""
        if self.user is None or not self.user.is_authenticated:
            return []
        # a unit of any type working as an organ serves its parent's subtree
        organ = ExpressionWrapper(working_as(UnitType.ORGAN, field="unit__type"), output_field=BooleanField())
        rows = self.user.memberships.annotate(organ=organ).values_list(
            "role", "unit_id", "unit__path", "organ", "unit__parent__path"
        )
        return [
            Held(role, unit_id, path, parent_path if organ and parent_path else path)
            for role, unit_id, path, organ, parent_path in rows.order_by()
        ]

    def fingerprint(self) -> str:
        """What decides every answer of this object, as a key: two users
        with the same memberships (or two superusers) see and may do the
        same, so a page kept for one (``dashboard.kept``) may be shown to
        the other, and to no one else."""
        if self.everything:
            return "everything"
        held = sorted((h.role, h.unit_id, h.path, h.served_path) for h in self.held)
        return hashlib.sha256(repr(held).encode()).hexdigest()

    def _roots(self, action: Do) -> list[tuple[str, bool]]:
        """(path, strict) of each subtree where ``action`` is allowed."""
        rule = POLICY[Do(action)]
        roots = []
        for held in self.held:
            if held.role not in rule.roles:
                continue
            if rule.reach == Reach.TOP and held.path.count(PATH_SEP) != 1:
                continue
            path = held.served_path if rule.reach == Reach.SERVED else held.path
            roots.append((path, rule.reach == Reach.BELOW))
        return roots

    def paths(self, action: Do = Do.VIEW) -> list[str] | None:
        """Subtree roots where ``action`` is allowed (None: everywhere).
        For a ``BELOW`` action the root itself is excluded (see ``can``)."""
        if self.everything:
            return None
        return [path for path, _strict in self._roots(action)]

    def roles_paths(self, roles) -> list[str] | None:
        """Paths of the units where the user holds one of ``roles``."""
        if self.everything:
            return None
        return [h.path for h in self.held if roles is None or h.role in roles]

    def can(self, action: Do, unit) -> bool:
        if self.everything:
            return True
        return any(
            unit.path.startswith(path) and not (strict and unit.path == path) for path, strict in self._roots(action)
        )

    def anywhere(self, action: Do) -> bool:
        return self.everything or bool(self._roots(action))

    def units(self, action: Do = Do.VIEW, base=None):
        """Units where ``action`` is allowed, as a queryset (of ``base``)."""
        base = Unit.objects.all() if base is None else base
        if self.everything:
            return base
        roots = self._roots(action)
        if not roots:
            return base.none()
        condition = Q()
        for path, strict in roots:
            condition |= Q(path__startswith=path) & ~Q(path=path) if strict else Q(path__startswith=path)
        return base.filter(condition)

    def home_units(self):
        """The units the user works at, a page's starting points: those they
        hold a role in, and for a role whose reach is the level served (an
        inspector's) that level; the top units for a superuser."""
        if self.everything:
            return Unit.objects.filter(parent__isnull=True).order_by("path")
        served = {r for r in POLICY[Do.SEE_CASES].roles}
        paths = {h.served_path if h.role in served else h.path for h in self.held}
        return Unit.objects.filter(path__in=paths).order_by("path") if paths else Unit.objects.none()

    def held_units(self, action: Do):
        """The units themselves on which a role allowing ``action`` is held
        (an inspector's commissions)."""
        if self.everything:
            return Unit.objects.all()
        roles = POLICY[Do(action)].roles
        return Unit.objects.filter(pk__in=[h.unit_id for h in self.held if h.role in roles])


# The access objects of the request being served, by user id (set by the
# middleware); outside a request (commands, jobs, tests calling services)
# the object is kept on the user object instead.
_THIS_REQUEST: ContextVar[dict | None] = ContextVar("steerco_access", default=None)


def access_for(user) -> Access:
    """The user's access object: one per request (one read of the
    memberships), or one per user object outside a request."""
    if user is None or not getattr(user, "is_authenticated", False):
        return Access(user)
    made = _THIS_REQUEST.get()
    if made is not None:
        access = made.get(user.pk)
        if access is None or access.user.is_superuser != user.is_superuser:
            access = made[user.pk] = Access(user)
        return access
    access = user.__dict__.get("_steerco_access")
    if access is None:
        access = user._steerco_access = Access(user)
    return access


class AccessMiddleware:
    """``request.access``: the signed-in user's access object, made when
    first asked (after DRF has authenticated an API call), once per request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _THIS_REQUEST.set({})
        request.access = SimpleLazyObject(lambda: access_for(request.user))
        try:
            return self.get_response(request)
        finally:
            _THIS_REQUEST.reset(token)


def visible_paths(user, roles=None) -> list[str] | None:
    """What ``Unit.objects.visible_to`` asks (registered from the app's
    ready()): the subtrees of the user's roles, from the one read."""
    if user is None or not user.is_authenticated:
        return []
    return access_for(user).roles_paths(roles)


def forget(sender, instance, **kwargs) -> None:
    """A membership changed: its user reads again (the user object that
    holds it, and the current request's object)."""
    user = instance._state.fields_cache.get("user")
    if user is not None:
        user.__dict__.pop("_steerco_access", None)
    made = _THIS_REQUEST.get()
    if made is not None:
        made.pop(instance.user_id, None)

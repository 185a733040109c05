"""Who is responsible for a unit's report or remediation, from the
memberships (read once per run): the reverse of ``access`` (who holds a
role at a unit, rather than where one user holds roles), for reminders.

The responsible people are the holders of a role on the unit itself or,
when nobody holds it there, on its nearest ancestor that has one (a role
covers its subtree). Once something is overdue, the secretariat of the
superior unit hears of it too: the nearest strict ancestor with a
secretariat.
"""

from __future__ import annotations

from collections import defaultdict

from steerco.units.models.unit import PATH_SEP

from .models import Membership, Role


def ancestor_paths(path: str) -> list[str]:
    """``A/B/C/`` → ``["A/B/C/", "A/B/", "A/"]`` (the unit first)."""
    codes = [c for c in path.split(PATH_SEP) if c]
    return [PATH_SEP.join(codes[:n]) + PATH_SEP for n in range(len(codes), 0, -1)]


class Holders:
    def __init__(self) -> None:
        self._at: dict[tuple[str, str], list[int]] = defaultdict(list)
        rows = Membership.objects.filter(user__is_active=True).values_list("user_id", "role", "unit__path")
        for user_id, role, path in rows.order_by("user_id"):
            self._at[(path, role)].append(user_id)

    def nearest(self, path: str, role: str, *, strict: bool = False) -> list[int]:
        candidates = ancestor_paths(path)[1:] if strict else ancestor_paths(path)
        for candidate in candidates:
            found = self._at.get((candidate, role))
            if found:
                return list(found)
        return []

    def responsible(self, path: str, roles: tuple[str, ...], *, overdue: bool = False) -> list[int]:
        """The holders of ``roles`` for the unit at ``path``, and the
        superior unit's secretariat when ``overdue``; each user once."""
        users: list[int] = []
        for role in roles:
            users += self.nearest(path, role)
        if overdue:
            users += self.nearest(path, Role.SECRETARIAT, strict=True)
        return list(dict.fromkeys(users))

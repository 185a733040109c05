"""The one base class of refusals: an action that will not be done, with a
message for the user (already translated) and nothing written.

Every service's refusal derives from ``Refused``. The API turns any of them
into the one error shape (``steerco.api_errors``, docs/api.md):
``{"errors": [{"kind": …, "field": …, "message": …}]}`` with the class's
HTTP ``status``. A refusal may name the ``field`` it is about; a caller
that knows better (the API field the value came from) names it with
``refused_as``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


class Refused(Exception):
    """Nothing was done; ``str(self)`` says why, for the user."""

    status = 400
    kind = "invalid"
    field: str | None = None  # the input it is about, when known

    def error_items(self) -> list[dict]:
        """The items of the error shape (``steerco.api_errors``)."""
        return [{"kind": self.kind, "field": self.field, "message": str(self)}]


class Conflict(Refused):
    """Someone changed the record since it was read."""

    status = 409
    kind = "conflict"


class Forbidden(Refused):
    """The user's roles do not allow it."""

    status = 403
    kind = "forbidden"


@contextmanager
def refused_as(field: str, *refusals: type[Refused]) -> Iterator[None]:
    """A refusal raised inside (any ``Refused``, or only ``refusals``) is
    about ``field`` unless it names its own."""
    caught = refusals or (Refused,)
    try:
        yield
    except caught as err:
        if isinstance(err, Refused) and err.field is None:
            err.field = field
        raise

"""simple-history, told who acted and why.

In a request ``HistoryRequestMiddleware`` gives simple-history the signed-in
user. Actions (services) are also run outside a request (commands, jobs,
the demo loader), so they take the acting user as an explicit keyword
argument, ``acting_user=``, and stamp the records they save with
``stamp()``: nothing else sets ``_history_user`` or ``_change_reason``.

One rule for every model with history: a change made through a web request
that did not say where it came from (the admin, for instance) records the
request itself as its change reason (``record_request``, connected by the
app's ``ready()``).
"""

from __future__ import annotations

from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

HISTORY_REASON_MAX = 100  # simple-history's change-reason column: the one place this limit is written


def history_reason(text: str | None) -> str:
    """``text`` cut to what the history's change-reason column holds."""
    return (text or "")[:HISTORY_REASON_MAX]


def acting(user):
    """The user to record, or None for an anonymous or missing one."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def stamp(obj, *, acting_user, reason: str | None = None):
    """Mark ``obj``'s next history row with ``acting_user`` (and ``reason``);
    returns ``obj``. Without an acting user (a command, the demo) the
    request's user, if any, is recorded, as simple-history does."""
    if acting(acting_user) is not None:
        obj._history_user = acting_user
    if reason is not None:
        obj._change_reason = history_reason(reason)
    return obj


def record_request(sender, history_instance, **kwargs) -> None:
    if history_instance.history_change_reason:
        return
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        history_instance.history_change_reason = history_reason(f"{request.method} {request.path}")


def connect() -> None:
    pre_create_historical_record.connect(record_request, dispatch_uid="steerco.audit.history")

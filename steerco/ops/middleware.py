"""Idle timeout without a session write on every request.

A session lives SESSION_COOKIE_AGE seconds from its last save. Saving on
every request (SESSION_SAVE_EVERY_REQUEST) would cost a write per page; we
save only once half the age has passed since the last renewal, so an idle
session ends between half and the full age after the last activity.
"""

import time

from django.conf import settings

RENEWED_AT = "_steerco_renewed_at"


def mark_renewed(sender, request, user, **kwargs):
    """On login (the session is written then anyway)."""
    request.session[RENEWED_AT] = int(time.time())


class RenewActiveSessions:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and not session.is_empty() and user is not None and user.is_authenticated:
            renewed = session.get(RENEWED_AT, 0)
            if time.time() - renewed > settings.SESSION_COOKIE_AGE / 2:
                session[RENEWED_AT] = int(time.time())  # marks the session modified: saved with a new expiry
        return response

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


class NormaliseUnicode:
    """Every text a form or a query string sends is taken in Unicode NFC
    (``steerco.lib.names``): a name typed or pasted in NFD (some Mac and PDF
    tools) is stored as the same text as one typed in NFC. JSON bodies are
    normalised by the API's parser (``steerco.ops.parsers``)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.GET = _nfc_querydict(request.GET)
        if request.method in ("POST", "PUT", "PATCH"):
            request.POST = _nfc_querydict(request.POST)
        return self.get_response(request)


def _nfc_querydict(data):
    from django.http import QueryDict

    from steerco.lib.names import nfc

    if not data or all(nfc(k) == k and all(nfc(v) == v for v in data.getlist(k)) for k in data):
        return data
    out = QueryDict(mutable=True)
    for key in data:
        out.setlist(nfc(key), [nfc(v) for v in data.getlist(key)])
    out._mutable = False
    return out

"""Input no view should have to think about, refused before any view runs.

- A NUL byte in the path, a query parameter, a form field or
  an API's JSON body (``steerco.ops.parsers``): PostgreSQL
  cannot store or compare it in text (a server error there, and never a
  legitimate value anywhere) → 400.
- An integer in the URL beyond what an integer column holds (2⁶³ − 1), or a
  year outside 1000–9999 → 404, the answer for any record that does not
  exist (Python ints would overflow the database driver or the date type).

API paths get a JSON body, pages a short plain-text sentence.
"""

from __future__ import annotations

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext as _

from steerco.api_errors import body, is_api

MAX_ID = 2**63 - 1
YEARS = range(1000, 10000)
# Bodies Django parses itself; their text fields (never the files' bytes).
FORMS = ("application/x-www-form-urlencoded", "multipart/form-data")


def _has_nul(request) -> bool:
    if "\x00" in request.path:
        return True
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return True
    if request.method == "POST" and request.content_type in FORMS:
        for key, values in request.POST.lists():
            if "\x00" in key or any("\x00" in v for v in values):
                return True
    return False


def _answer(request, status: int, message: str) -> HttpResponse:
    if is_api(request):
        kind = "invalid" if status == 400 else "not_found"
        return JsonResponse(body([{"kind": kind, "field": None, "message": message}]), status=status)
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RefuseHostileInput:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if _has_nul(request):
            return _answer(request, 400, _("The request contains a NUL character, which is never valid input."))
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        for name, value in [*((None, v) for v in view_args), *view_kwargs.items()]:
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            if abs(value) > MAX_ID or (name == "year" and value not in YEARS):
                return _answer(request, 404, _("Not found."))
        return None

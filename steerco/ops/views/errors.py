"""The error handlers.

- 500: a database that cannot be reached gets its own page (503, "try
  again in a minute"); a full disk gets 507 ("nothing was saved");
  everything else Django's plain 500.
- 404 and 500 under ``/api/`` answer JSON (``{"detail": …}``), like the API's
  own errors, never an HTML page.

The pages are rendered without the site layout: the layout reads the
session and the user, which live in the database that may be away."""

import errno
import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import page_not_found as plain_page_not_found
from django.views.defaults import server_error as plain_server_error

logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 30


def _database_unreachable(error: BaseException | None) -> bool:
    # OperationalError covers "connection refused", "server closed the
    # connection", "database is locked"; a plain DatabaseError (a bad query)
    # is a bug and stays a 500.
    return isinstance(error, (OperationalError, InterfaceError)) or (
        isinstance(error, DatabaseError) and "connection" in str(error).lower()
    )


def disk_full(error: BaseException | None) -> bool:
    return isinstance(error, OSError) and error.errno in (errno.ENOSPC, errno.EDQUOT)


def _is_api(request) -> bool:
    return request is not None and request.path.startswith("/api/")


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if disk_full(error):
        logger.error("disk full: %s", request.path)
        message = _("The server's disk is full, so nothing was saved. Tell the system administrator, then try again.")
        if _is_api(request):
            return JsonResponse({"detail": message}, status=507)
        body = render_to_string("ops/507.html", {"message": message})
        return HttpResponse(body, status=507)
    if _database_unreachable(error):
        logger.error("database unavailable: %s", type(error).__name__)
        if _is_api(request):
            response = JsonResponse(
                {"detail": _("The database cannot be reached right now; try again in a minute.")}, status=503
            )
        else:
            response = HttpResponse(render_to_string("ops/503.html", {"retry_after": RETRY_AFTER_SECONDS}), status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if _is_api(request):
        return JsonResponse(
            {"detail": _("Server error. The administrator can find the details in the log.")}, status=500
        )
    return plain_server_error(request, template_name)


def page_not_found(request, exception, template_name="404.html"):
    if _is_api(request):
        return JsonResponse({"detail": _("Not found.")}, status=404)
    return plain_page_not_found(request, exception, template_name)

"""The error handlers.

- 500: a database that cannot be reached gets its own page (503, "try
  again in a minute"); a full disk gets 507 ("nothing was saved");
  everything else Django's plain 500.
- Under ``/api/`` every error is JSON in the API's one shape
  (``steerco.api_errors``): Django's own 400, 403, 404, 500, 503 and 507 too.

The pages are rendered without the site layout: the layout reads the
session and the user, which live in the database that may be away."""

import errno
import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views import defaults
from django.views.decorators.csrf import requires_csrf_token
from django.views.defaults import server_error as plain_server_error

from steerco.api_errors import is_api, json_error

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


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if disk_full(error):
        logger.error("disk full: %s", request.path)
        message = _("The server's disk is full, so nothing was saved. Tell the system administrator, then try again.")
        if is_api(request):
            return json_error(507, "disk_full", message)
        return HttpResponse(render_to_string("ops/507.html", {"message": message}), status=507)
    if not _database_unreachable(error):
        if is_api(request):
            return json_error(500, "server_error", _("Something went wrong on the server; it has been logged."))
        return plain_server_error(request, template_name)
    logger.error("database unavailable: %s", type(error).__name__)
    if is_api(request):
        return json_error(
            503,
            "unavailable",
            _("The database cannot be reached; try again in a minute."),
            Retry_After=str(RETRY_AFTER_SECONDS),
        )
    body = render_to_string("ops/503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def not_found(request, exception=None, template_name="404.html"):
    if is_api(request):
        return json_error(404, "not_found", _("There is nothing at this address."))
    return defaults.page_not_found(request, exception, template_name)


page_not_found = not_found  # the name issue 22's tests use


def permission_denied(request, exception=None, template_name="403.html"):
    if is_api(request):
        return json_error(403, "forbidden", _("You may not do this."))
    return defaults.permission_denied(request, exception, template_name)


def bad_request(request, exception=None, template_name="400.html"):
    if is_api(request):
        return json_error(400, "bad_request", _("The request could not be understood."))
    return defaults.bad_request(request, exception, template_name)

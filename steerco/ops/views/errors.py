"""The 500 handler: a database that cannot be reached gets its own page
(503, "try again in a minute"), everything else Django's plain 500.

The page is rendered without the site layout: the layout reads the session
and the user, which live in the database that is away."""

import logging
import sys

from django.db import DatabaseError, InterfaceError, OperationalError
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.views.decorators.csrf import requires_csrf_token
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


@requires_csrf_token
def server_error(request, template_name="500.html"):
    error = sys.exc_info()[1]
    if not _database_unreachable(error):
        return plain_server_error(request, template_name)
    logger.error("database unavailable: %s", type(error).__name__)
    body = render_to_string("ops/503.html", {"retry_after": RETRY_AFTER_SECONDS})
    response = HttpResponse(body, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

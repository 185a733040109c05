"""The API's one error shape and the one place that makes it.

Every error of ``/api/…`` is JSON::

    {"errors": [{"kind": "invalid", "field": "unit", "message": "…"}, …]}

``kind`` says what went wrong (``invalid``, ``conflict``, ``forbidden``,
``not_found``, ``not_authenticated``, ``method_not_allowed``, …,
``unavailable``, ``server_error``); ``field`` names the input it is about
(a dotted path into the body for nested input) or is null; ``message`` is
for people, in the request's language. A value's problems also carry its
``indicator``. The HTTP status is the usual one (400, 401, 403, 404, 405,
409, 415, 429, 500, 503). DRF's errors come here through
``handler`` (``REST_FRAMEWORK["EXCEPTION_HANDLER"]``), service refusals
(``steerco.lib.errors.Refused``) too, and Django's own 404/500/503 on
``/api/`` paths through ``steerco.ops.views``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, JsonResponse
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_handler

from steerco.lib.errors import Refused

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request is not None and request.path.startswith(API_PREFIX)


def body(errors: list[dict]) -> dict:
    return {"errors": errors}


def _flatten(detail, field: str | None) -> list[dict]:
    """DRF's error details (a dict by field, a list, nested) as items."""
    if isinstance(detail, dict):
        items = []
        for key, value in detail.items():
            name = None if key in ("non_field_errors", "detail") else str(key)
            items += _flatten(value, f"{field}.{name}" if field and name else (name or field))
        return items
    if isinstance(detail, list):
        return [item for value in detail for item in _flatten(value, field)]
    kind = getattr(detail, "code", None) or "invalid"
    return [{"kind": str(kind), "field": field, "message": str(detail)}]


KINDS = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.NotAcceptable: "not_acceptable",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "throttled",
}


def handler(exc, context):
    """REST framework's exception handler: one shape for every error."""
    if isinstance(exc, Refused):
        return Response(body(exc.error_items()), status=exc.status)
    if isinstance(exc, DjangoValidationError):  # a model's clean() or a service's check
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_handler(exc, context)
    if response is None:
        return None  # a bug: Django's 500 (JSON on /api/, steerco.ops.views)
    if isinstance(exc, exceptions.ValidationError):
        errors = _flatten(exc.detail, None)
    else:
        kind = next((k for cls, k in KINDS.items() if isinstance(exc, cls)), None)
        errors = [{"kind": kind or exc.get_codes(), "field": None, "message": str(exc.detail)}]
    response.data = body(errors)
    return response


def json_error(status: int, kind: str, message: str, **headers) -> JsonResponse:
    """Django's own error pages on ``/api/``, in the same shape."""
    response = JsonResponse(body([{"kind": kind, "field": None, "message": message}]), status=status)
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response

"""One way to load findings with access control, and one way to hand a
form post over to a service, for every view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect

from .. import access
from ..models import Finding


def visible_findings(user):
    return Finding.objects.visible_to(user)


def load_finding(request, pk: int, *, for_edit: bool = False) -> Finding:
    """The finding if the user may see it (404 otherwise: its existence is
    not revealed); with ``for_edit``, 403 unless they may also change it."""
    finding = get_object_or_404(visible_findings(request.user).select_related("owner"), pk=pk)
    if for_edit and not access.can_edit(request.user, finding.owner):
        raise PermissionDenied
    return finding


def attempt(request, call, *, refused, done, then: HttpResponse | str, form=None, invalid=""):
    """The shape of every form post that hands over to a service: with a
    ``form`` that is not valid, show ``invalid`` (a text, or a function of
    the form) and stop; else run ``call()``; if it raises one of
    ``refused`` (the services' errors, whose message is for the user) show
    that message, else show ``done`` (a text, or a function of what
    ``call`` returned); then go to ``then`` (a response, or a URL or URL
    name for ``redirect``)."""
    back = then if isinstance(then, HttpResponse) else redirect(then)
    if form is not None and not form.is_valid():
        messages.error(request, invalid(form) if callable(invalid) else invalid)
        return back
    try:
        result = call()
    except refused as err:
        messages.error(request, str(err))
    else:
        messages.success(request, done(result) if callable(done) else done)
    return back


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

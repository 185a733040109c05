"""One way to load findings with access control, for every view."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

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

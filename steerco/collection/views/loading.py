"""One way for views to load what they show, scoped to the user."""

from django.http import Http404
from django.shortcuts import get_object_or_404

from ..models import ReportingRound
from ..scope import Scope
from ..workflow import Action


def load_round(pk: int) -> ReportingRound:
    return get_object_or_404(ReportingRound.objects.select_related("programme__owner"), pk=pk)


def load_unit(scope: Scope, code: str, action: Action = Action.VIEW):
    """A unit the user may act on, or 404 (a unit out of scope does not
    exist for them)."""
    unit = scope.units(action).filter(code=code).first()
    if unit is None:
        raise Http404
    return unit

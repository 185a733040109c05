"""The audit trail of one record: who changed what, when, from where."""

from decimal import Decimal

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from steerco.indicators.models import DataValue
from steerco.lib.numbers import fmt_exact

from ..checks import current_language
from ..models import Submission
from ..scope import Scope
from ..workflow import Action

VALUE_FIELDS = ["value", "status", "note", "source", "source_ref", "version"]
SUBMISSION_FIELDS = ["status", "comment", "override_reason", "submitted_at", "decided_at"]


def history_rows(obj, fields):
    """Newest first: each history row with the fields that changed (before,
    after) against the row before it. One query for the rows and users."""
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id"))
    rows = []
    for i, record in enumerate(records):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes = []
        for name in fields:
            after = getattr(record, name)
            before = getattr(previous, name) if previous else None
            if previous is None or before != after:
                field = record._meta.get_field(name)
                changes.append((field.verbose_name, _shown(field, before), _shown(field, after)))
        rows.append({"record": record, "changes": changes})
    return rows


def _shown(field, value):
    """Choice labels instead of codes, 120 instead of 120.0000."""
    if value is None:
        return None
    if field.choices:
        return dict(field.choices).get(value, value)
    if isinstance(value, Decimal):
        return fmt_exact(value, current_language())
    return value


def _history_page(request, queryset, pk, fields):
    """The history page of one record whose unit the user can see."""
    obj = get_object_or_404(queryset, pk=pk)
    if not Scope(request.user).units(Action.VIEW).filter(pk=obj.unit_id).exists():
        raise Http404
    context = {"object": obj, "title": str(obj), "rows": history_rows(obj, fields)}
    return render(request, "collection/history.html", context)


@login_required
def value_history(request, pk):
    return _history_page(request, DataValue.objects.select_related("indicator", "unit"), pk, VALUE_FIELDS)


@login_required
def submission_history(request, pk):
    return _history_page(request, Submission.objects.select_related("round__programme", "unit"), pk, SUBMISSION_FIELDS)

"""The audit trail of one record: who changed what, when, from where."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from steerco.indicators.models import DataValue

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
                changes.append((record._meta.get_field(name).verbose_name, before, after))
        rows.append({"record": record, "changes": changes})
    return rows


def _visible(user, unit) -> bool:
    return Scope(user).units(Action.VIEW).filter(pk=unit.pk).exists()


@login_required
def value_history(request, pk):
    value = get_object_or_404(DataValue.objects.select_related("indicator", "unit"), pk=pk)
    if not _visible(request.user, value.unit):
        raise Http404
    context = {"object": value, "title": str(value), "rows": history_rows(value, VALUE_FIELDS)}
    return render(request, "collection/history.html", context)


@login_required
def submission_history(request, pk):
    submission = get_object_or_404(Submission.objects.select_related("round__programme", "unit"), pk=pk)
    if not _visible(request.user, submission.unit):
        raise Http404
    context = {"object": submission, "title": str(submission), "rows": history_rows(submission, SUBMISSION_FIELDS)}
    return render(request, "collection/history.html", context)

"""Loading items and meetings through the user's scope (404 when not
visible: their existence is not revealed)."""

from django.shortcuts import get_object_or_404

from steerco.findings.views.common import attempt  # noqa: F401  (the house's form-post shape)

from ..models import Item, Meeting


def load_item(request, pk: int) -> Item:
    qs = Item.objects.visible_to(request.user).select_related(
        "raised_by", "addressed_to", "body_unit", "programme", "task_group", "indicator", "finding", "task"
    )
    return get_object_or_404(qs, pk=pk)


def load_meeting(request, pk: int) -> Meeting:
    return get_object_or_404(Meeting.objects.visible_to(request.user).select_related("convened_by", "programme"), pk=pk)

"""The reasons one may give for a change."""

from rest_framework import viewsets

from ..models import ChangeReason
from .serializers import ChangeReasonSerializer


class ChangeReasonViewSet(viewsets.ReadOnlyModelViewSet):
    """Active reasons; ``?kind=target|reopen|deadline|not_relevant``."""

    serializer_class = ChangeReasonSerializer
    lookup_field = "code"

    def get_queryset(self):
        kind = self.request.query_params.get("kind")
        rows = ChangeReason.objects.for_kind(kind) if kind else ChangeReason.objects.filter(active=True)
        return rows.order_by("sort_order", "code")

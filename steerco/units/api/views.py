from rest_framework import viewsets

from ..models import Unit
from .serializers import UnitSerializer


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units the caller may see (their roles' subtrees), looked up by code."""

    serializer_class = UnitSerializer
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9_.-]+"

    def get_queryset(self):
        return Unit.objects.visible_to(self.request.user).select_related("parent").order_by("path")

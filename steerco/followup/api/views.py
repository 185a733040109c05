"""The caller's own inbox."""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from ..models import Notice
from .serializers import NoticeSerializer


class NoticeViewSet(viewsets.ReadOnlyModelViewSet):
    """The caller's notices, newest first; ``?unread=1`` for unread only."""

    serializer_class = NoticeSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Notice.objects.none()
        rows = Notice.objects.filter(user=self.request.user).select_related("unit")
        if self.request.query_params.get("unread"):
            rows = rows.filter(read_at__isnull=True)
        return rows.order_by("-sent_on", "-pk")

    @extend_schema(request=None, responses=NoticeSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notice = self.get_object()
        if notice.read_at is None:
            notice.read_at = timezone.now()
            notice.save(update_fields=["read_at"])
        return Response(NoticeSerializer(notice).data)

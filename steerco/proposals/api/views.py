"""Difficulties, proposals and meetings over the API, with the same scope
and rules as the pages: objects come from the scoped querysets, every
change goes through the services (a refusal is a 400 on its field)."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from steerco.lib.errors import refused_as
from steerco.units.models import Unit

from ..models import Item, Meeting
from ..services import attachments, items
from .serializers import (
    AttachmentSerializer,
    ItemSerializer,
    MeetingSerializer,
    MoveSerializer,
    ProposalFileSerializer,
    RaiseSerializer,
)


class ItemViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Items raised by, addressed to or answered by units the caller may
    see. ``POST`` raises one; ``move`` assigns, answers, accepts or
    disputes; ``files`` attaches a file. There is no update or delete."""

    serializer_class = ItemSerializer

    def get_queryset(self):
        qs = (
            Item.objects.visible_to(self.request.user)
            .select_related("raised_by", "addressed_to", "body_unit", "programme")
            .prefetch_related("attachments")
        )
        params = self.request.query_params
        for name in ("status", "period", "kind"):
            if params.get(name):
                qs = qs.filter(**{name: params[name]})
        if params.get("unit"):
            unit = Unit.objects.visible_to(self.request.user).filter(code=params["unit"]).first()
            qs = qs.filter(raised_by__path__startswith=unit.path) if unit else qs.none()
        return qs.order_by("raised_on", "pk")

    @extend_schema(request=RaiseSerializer, responses=ItemSerializer)
    def create(self, request):
        params = RaiseSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        files = data.pop("files", []) or request.FILES.getlist("files")
        with refused_as("raised_by"):
            item = items.raise_item(files=files, **data, acting_user=request.user)
        return Response(ItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=MoveSerializer, responses=ItemSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request, pk=None):
        item = self.get_object()
        params = MoveSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        d = params.validated_data
        with refused_as(d["action"]):
            if d["action"] == "assign":
                item = items.assign(
                    item, deadline=d.get("deadline"), body_unit=d.get("body_unit"),
                    body_name=d.get("body_name", ""), acting_user=request.user,
                )  # fmt: skip
            elif d["action"] == "answer":
                item = items.answer(item, text=d.get("text", ""), acting_user=request.user)
            elif d["action"] == "accept":
                item = items.accept(item, acting_user=request.user)
            else:
                item = items.dispute(item, reason=d.get("reason", ""), acting_user=request.user)
        return Response(ItemSerializer(item).data)

    @extend_schema(request={"multipart/form-data": ProposalFileSerializer}, responses=AttachmentSerializer)
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def files(self, request, pk=None):
        item = self.get_object()
        params = ProposalFileSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        with refused_as("file"):
            created = attachments.attach(item, params.validated_data["file"], acting_user=request.user)
        return Response(AttachmentSerializer(created).data, status=status.HTTP_201_CREATED)


class MeetingViewSet(viewsets.ReadOnlyModelViewSet):
    """Meetings convened or attended by units the caller may see, with their
    conclusions."""

    serializer_class = MeetingSerializer

    def get_queryset(self):
        return (
            Meeting.objects.visible_to(self.request.user)
            .select_related("programme", "convened_by")
            .prefetch_related("attending", "conclusions__body_unit")
            .order_by("-held_on", "pk")
        )

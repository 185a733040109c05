"""Findings over the API, with the same scope and rules as the pages:
objects come from the scoped querysets, moves go through the workflow
service, uploads through the evidence service."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from steerco.followup.api.fields import stated_from
from steerco.units.models import Unit

from .. import access
from ..models import DeepReviewSuggestion, Evidence, Status, WeakOrganisation
from ..services import carryover, deadlines, workflow
from ..services import evidence as evidence_service
from ..services.exceptions import exception_list
from ..views.common import visible_findings
from ..views.evidence import open_evidence
from .serializers import (
    CloseYearSerializer,
    DeadlineSerializer,
    EvidenceSerializer,
    ExceptionSerializer,
    FindingSerializer,
    SuggestionSerializer,
    TransitionSerializer,
    UploadSerializer,
    WeakOrganisationSerializer,
)


class FindingViewSet(
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """Findings of the units the caller may see. Status changes only
    through ``transition``; there is no delete."""

    serializer_class = FindingSerializer

    def get_queryset(self):
        qs = visible_findings(self.request.user).select_related("owner").prefetch_related("actions__owner", "causes")
        for name in ("status", "source"):
            if self.request.query_params.get(name):
                qs = qs.filter(**{name: self.request.query_params[name]})
        if self.request.query_params.get("unit"):
            unit = Unit.objects.visible_to(self.request.user).filter(code=self.request.query_params["unit"]).first()
            qs = qs.filter(owner__path__startswith=unit.path) if unit else qs.none()
        return qs.order_by("owner__path", "identified_on", "pk")

    def perform_create(self, serializer):
        stated_from(serializer.validated_data)  # nothing agreed yet: no reason needed
        serializer.save(created_by=self.request.user)

    def perform_update(self, serializer):
        finding = serializer.instance
        if not access.can_edit(self.request.user, finding.owner):
            raise PermissionDenied
        if finding.status == Status.VERIFIED:
            raise ValidationError({"status": [_("A verified finding is final and can no longer be changed.")]})
        reason = stated_from(serializer.validated_data)
        previous = finding.deadline
        with transaction.atomic():
            finding.deadline = serializer.validated_data.get("deadline", previous)
            try:
                deadlines.check_move(finding, previous, self.request.user, reason)
            except workflow.TransitionError as err:
                raise ValidationError({"reason": [str(err)]}) from None
            finding._history_user = self.request.user
            serializer.save()

    @extend_schema(request=DeadlineSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def deadline(self, request, pk=None):
        """Move the deadline of the finding or of one of its actions."""
        finding = self.get_object()
        params = DeadlineSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        target = _finding_or_action(finding, params.validated_data.get("action"))
        if not access.can_edit(request.user, target.owner):
            raise PermissionDenied
        try:
            deadlines.move(target, params.validated_data["deadline"], request.user, stated_from(params.validated_data))
        except workflow.TransitionError as err:
            raise ValidationError({"reason": [str(err)]}) from None
        finding.refresh_from_db()
        return Response(FindingSerializer(finding, context=self.get_serializer_context()).data)

    @extend_schema(request=TransitionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        finding = self.get_object()
        params = TransitionSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        target = _finding_or_action(finding, params.validated_data.get("action"))
        if not access.can_move(request.user, target.owner):
            raise PermissionDenied
        try:
            workflow.transition(
                target,
                params.validated_data["to"],
                request.user,
                on=params.validated_data.get("on"),
                note=params.validated_data.get("note", ""),
                reason=stated_from(params.validated_data),
            )
        except workflow.TransitionError as err:
            raise ValidationError({"to": [str(err)]}) from None
        finding.refresh_from_db()
        return Response(FindingSerializer(finding, context=self.get_serializer_context()).data)

    @extend_schema(methods=["get"], responses=EvidenceSerializer(many=True))
    @extend_schema(methods=["post"], request={"multipart/form-data": UploadSerializer}, responses=EvidenceSerializer)
    @action(detail=True, methods=["get", "post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, pk=None):
        finding = self.get_object()
        if request.method == "GET":
            return Response(EvidenceSerializer(finding.evidence.all(), many=True).data)
        if not access.can_edit(request.user, finding.owner):
            raise PermissionDenied
        params = UploadSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        linked = None
        if params.validated_data.get("action"):
            linked = get_object_or_404(finding.actions, pk=params.validated_data["action"])
        try:
            created = evidence_service.attach(
                finding,
                params.validated_data["file"],
                request.user,
                action=linked,
                description=params.validated_data.get("description", ""),
            )
        except evidence_service.EvidenceError as err:
            raise ValidationError({"file": [str(err)]}) from None
        return Response(EvidenceSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses=ExceptionSerializer(many=True))
    @action(detail=False, methods=["get"], pagination_class=None)  # one list, as the schema says
    def exceptions(self, request):
        try:
            days = int(request.query_params.get("days", 60))
        except ValueError:
            raise ValidationError({"days": ["a whole number of days"]}) from None
        rows = exception_list(visible_findings(request.user), stale_days=max(days, 1))
        data = [
            {"finding": FindingSerializer(r.finding, context=self.get_serializer_context()).data, "reasons": r.reasons}
            for r in rows
        ]
        return Response(data)


def _finding_or_action(finding, action_id: int | None):
    """The finding itself, or the one of its actions the call names."""
    if not action_id:
        return finding
    return get_object_or_404(finding.actions.select_related("owner", "finding"), pk=action_id)


class EvidenceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = EvidenceSerializer

    def get_queryset(self):
        return Evidence.objects.filter(finding__in=visible_findings(self.request.user)).order_by("pk")

    @extend_schema(responses={(200, "application/octet-stream"): bytes})
    @action(detail=True, methods=["get"], url_name="download")
    def download(self, request, pk=None):
        return open_evidence(self.get_object())


class WeakOrganisationViewSet(viewsets.ReadOnlyModelViewSet):
    """Weak grassroots organisations the caller may see; ``?year=2023``."""

    serializer_class = WeakOrganisationSerializer

    def get_queryset(self):
        qs = WeakOrganisation.objects.filter(organisation__in=Unit.objects.visible_to(self.request.user))
        year = self.request.query_params.get("year")
        if year:
            if not year.isdigit():
                raise ValidationError({"year": ["a year, e.g. 2023"]})
            qs = qs.filter(year=int(year))
        return qs.select_related("organisation").order_by("year", "organisation__path")

    @extend_schema(request=CloseYearSerializer, responses=CloseYearSerializer)
    @action(detail=False, methods=["post"], url_path="close-year")
    def close_year(self, request):
        params = CloseYearSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        unit = Unit.objects.visible_to(request.user).filter(code=params.validated_data["unit"]).first()
        if unit is None or not access.can_close_year(request.user, unit):
            raise PermissionDenied
        try:
            result = carryover.close_year(unit, params.validated_data["year"], request.user)
        except carryover.CarryOverError as err:
            raise ValidationError({"year": [str(err)]}) from None
        return Response(
            {"unit": unit.code, "year": result.year, "carried": result.carried, "consolidated": result.consolidated}
        )


class SuggestionViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = SuggestionSerializer

    def get_queryset(self):
        return (
            DeepReviewSuggestion.objects.filter(addressed_to__in=Unit.objects.visible_to(self.request.user))
            .select_related("suggested_by", "addressed_to")
            .order_by("-review_year", "addressed_to__path")
        )

"""Inspection over the API, with the web pages' scope and rules: cases
through ``Case.objects.visible_to`` (404 outside it), moves through
``services``, each read of a person logged with the ``api`` channel."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, permissions, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from steerco.lib.errors import refused_as
from steerco.lib.periods import Period
from steerco.programmes.windows import window_for
from steerco.units.models import Unit

from .. import services
from ..models import Channel
from ..scope import is_inspector, jurisdiction
from ..statistics import GROUPS, level_stats
from .serializers import (
    CaseSerializer,
    ConcludeSerializer,
    DecideSerializer,
    OpenCaseSerializer,
    PersonSerializer,
    StatisticsSerializer,
)


class IsInspector(permissions.BasePermission):
    message = _("Inspection cases are kept by inspection commissions only.")

    def has_permission(self, request, view):
        return is_inspector(request.user)


class CaseViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Inspection cases of the caller's commission and the commissions below."""

    serializer_class = CaseSerializer
    permission_classes = [permissions.IsAuthenticated, IsInspector]
    lookup_field = "code"
    lookup_value_regex = "[A-Z0-9_.-]+"

    def get_queryset(self):
        return services.cases_in_scope(self.request.user).order_by("-opened_on", "code")

    @extend_schema(request=OpenCaseSerializer, responses={201: CaseSerializer})
    def create(self, request):
        data = OpenCaseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        fields = data.validated_data
        case = services.open_case(
            commission=fields["commission"],
            subject=fields["subject"],
            subject_unit=fields.get("subject_unit"),
            opened_on=fields["opened_on"],
            acting_user=request.user,
        )
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConcludeSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, code=None):
        data = ConcludeSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.conclude(case=self.get_object(), acting_user=request.user, **data.validated_data)
        return Response(CaseSerializer(case).data)

    @extend_schema(request=DecideSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def decide(self, request, code=None):
        data = DecideSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        case = services.decide(
            case=self.get_object(),
            acting_user=request.user,
            on=data.validated_data["on"],
            form=data.validated_data["discipline_form"],
        )
        return Response(CaseSerializer(case).data)

    @extend_schema(responses=PersonSerializer)
    @action(detail=True, methods=["get"])
    def person(self, request, code=None):
        """The member's name and identity number; every call is logged."""
        person = services.read_person(case=self.get_object(), acting_user=request.user, channel=Channel.API)
        if person is None:
            raise NotFound(_("No personal data is kept for this case."))
        response = Response(PersonSerializer(person).data)
        response["Cache-Control"] = "no-store"
        return response


class StatisticsView(GenericAPIView):
    """Counts per level and period, against the same period last year. No
    case codes and no personal data."""

    serializer_class = StatisticsSerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("unit", str, required=True, description="Unit code (its whole subtree)"),
            OpenApiParameter("period", str, required=True, description="2023-H1, 2023, 2023-Q3, …"),
        ],
        responses=StatisticsSerializer,
    )
    def get(self, request):
        with refused_as("period"):
            period = Period.parse(request.query_params.get("period", ""))
        visible = Unit.objects.visible_to(request.user) | jurisdiction(request.user)
        unit = get_object_or_404(visible, code=request.query_params.get("unit", ""))
        stats = level_stats(unit, period, window=window_for(unit))
        body = {
            "unit": unit.code,
            "period": period.code,
            "previous_period": stats.previous_period.code,
            "window": {"start": stats.span.start, "end": stats.span.end},
        }
        for name in GROUPS:
            group = stats.group(name)
            body[name] = {
                "current": group.current,
                "previous": group.previous,
                "change": {m: c.change for m, c in group.comparisons},
            }
        return Response(StatisticsSerializer(body).data)

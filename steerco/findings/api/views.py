"""Findings over the API, with the same scope and rules as the pages:
objects come from the scoped querysets, moves go through the workflow
service, uploads through the evidence service."""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from steerco.audit.api.fields import stated_from
from steerco.lib.errors import refused_as
from steerco.units.models import Unit

from .. import access
from ..models import (
    DeepReviewSuggestion,
    Evidence,
    Finding,
    ParIndex,
    ParScore,
    RemediationPlan,
    Status,
    WeakOrganisation,
)
from ..services import carryover, deadlines, par, register, reviews, workflow
from ..services import evidence as evidence_service
from ..services.exceptions import exception_rows, with_reasons
from ..views.common import visible_findings
from ..views.evidence import open_evidence
from .serializers import (
    CauseInput,
    CloseYearSerializer,
    ConsolidatedInput,
    DeadlineSerializer,
    EvidenceSerializer,
    ExceptionSerializer,
    FindingSerializer,
    ParIndexSerializer,
    ParNodeSerializer,
    ParScoreSerializer,
    ParScoresResultSerializer,
    ParScoresSerializer,
    PlanSerializer,
    SuggestionInput,
    SuggestionSerializer,
    TransitionSerializer,
    UploadSerializer,
    WeakOrganisationInput,
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
        with refused_as("owner", workflow.TransitionError):
            serializer.instance = register.save_finding(
                Finding(**serializer.validated_data), acting_user=self.request.user
            )

    def perform_update(self, serializer):
        finding = serializer.instance
        if not access.can_edit(self.request.user, finding.owner):
            raise PermissionDenied
        if finding.status == Status.VERIFIED:
            raise ValidationError({"status": [_("A verified finding is final and can no longer be changed.")]})
        reason = stated_from(serializer.validated_data)
        previous = finding.deadline
        for name, value in serializer.validated_data.items():
            setattr(finding, name, value)
        with refused_as("reason", workflow.TransitionError):
            register.save_finding(finding, acting_user=self.request.user, previous_deadline=previous, reason=reason)

    @extend_schema(request=DeadlineSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def deadline(self, request, pk=None):
        """Move the deadline of the finding or of one of its actions."""

        def move(target, data):
            deadlines.move(target, data["deadline"], stated_from(data), acting_user=request.user)

        return self._on_target(request, DeadlineSerializer, access.can_edit, "reason", move)

    @extend_schema(request=TransitionSerializer, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        def move(target, data):
            workflow.transition(
                target,
                data["to"],
                on=data.get("on"),
                note=data.get("note", ""),
                reason=stated_from(data),
                acting_user=request.user,
            )

        return self._on_target(request, TransitionSerializer, access.can_move, "to", move)

    def _on_target(self, request, params_class, may, field: str, call) -> Response:
        """Read ``params_class`` from the request, pick the finding or the
        action it names, check ``may(user, its owner)``, run the workflow
        ``call(target, params)`` (its refusal a 400 on ``field``) and
        answer with the finding as it now stands."""
        finding = self.get_object()
        params = params_class(data=request.data)
        params.is_valid(raise_exception=True)
        target = _finding_or_action(finding, params.validated_data.get("action"))
        if not may(request.user, target.owner):
            raise PermissionDenied
        with refused_as(field, workflow.TransitionError):
            call(target, params.validated_data)
        return self._fresh(finding)

    def _fresh(self, finding) -> Response:
        """The finding as it now stands, after a service changed it."""
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
        with refused_as("file", evidence_service.EvidenceError):
            created = evidence_service.attach(
                finding,
                params.validated_data["file"],
                action=linked,
                description=params.validated_data.get("description", ""),
                acting_user=request.user,
            )
        return Response(EvidenceSerializer(created).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CauseInput, responses=FindingSerializer)
    @action(detail=True, methods=["post"])
    def causes(self, request, pk=None):
        """Add a cause (subjective or objective) to the finding."""
        finding = self.get_object()
        params = CauseInput(data=request.data)
        params.is_valid(raise_exception=True)
        with refused_as("description", reviews.ReviewError):
            reviews.add_cause(finding, **params.validated_data, acting_user=request.user)
        return self._fresh(finding)

    @extend_schema(responses=ExceptionSerializer(many=True))
    @action(detail=False, methods=["get"])  # paged, as the schema says
    def exceptions(self, request):
        try:
            days = int(request.query_params.get("days", 60))
        except ValueError:
            raise ValidationError({"days": ["a whole number of days"]}) from None
        if not 1 <= days <= 3650:  # as the page; a timedelta overflows past 999 999 999 days
            raise ValidationError({"days": ["a whole number of days from 1 to 3650"]})
        rows = exception_rows(visible_findings(request.user), stale_days=days)
        page = self.paginate_queryset(rows.prefetch_related("actions__owner", "causes"))
        data = [
            {"finding": FindingSerializer(r.finding, context=self.get_serializer_context()).data, "reasons": r.reasons}
            for r in with_reasons(page)
        ]
        return self.get_paginated_response(data)


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


def _visible_unit(user, code: str):
    unit = Unit.objects.visible_to(user).filter(code=code.strip().upper()).first()
    if unit is None:
        raise NotFound(_("There is no unit “%(code)s” within your scope.") % {"code": code})
    return unit


class WeakOrganisationViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Weak grassroots organisations the caller may see; ``?year=2023``.
    ``POST`` puts one on a year's list; ``consolidated`` marks it done."""

    serializer_class = WeakOrganisationSerializer

    @extend_schema(request=WeakOrganisationInput, responses=WeakOrganisationSerializer)
    def create(self, request, *args, **kwargs):
        params = WeakOrganisationInput(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        organisation = _visible_unit(request.user, data["organisation"])
        if not access.can_edit(request.user, organisation):
            raise PermissionDenied  # seen but not theirs to change: 403, not a 400 about the data
        with refused_as("organisation", carryover.CarryOverError):
            entry = carryover.add_to_list(organisation, data["year"], data["reason"], acting_user=request.user)
        return Response(WeakOrganisationSerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=ConsolidatedInput, responses=WeakOrganisationSerializer)
    @action(detail=True, methods=["post"])
    def consolidated(self, request, pk=None):
        entry = self.get_object()
        if not access.can_edit(request.user, entry.organisation):
            raise PermissionDenied
        params = ConsolidatedInput(data=request.data)
        params.is_valid(raise_exception=True)
        with refused_as("consolidated_on", carryover.CarryOverError):
            carryover.mark_consolidated(entry, params.validated_data["consolidated_on"], acting_user=request.user)
        return Response(WeakOrganisationSerializer(entry).data)

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
        with refused_as("year", carryover.CarryOverError):
            result = carryover.close_year(unit, params.validated_data["year"], acting_user=request.user)
        return Response(
            {"unit": unit.code, "year": result.year, "carried": result.carried, "consolidated": result.consolidated}
        )


class SuggestionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Deep self-review suggestions to units the caller may see. ``POST``
    records one (a working role on the suggesting body)."""

    serializer_class = SuggestionSerializer

    @extend_schema(request=SuggestionInput, responses=SuggestionSerializer)
    def create(self, request, *args, **kwargs):
        params = SuggestionInput(data=request.data)
        params.is_valid(raise_exception=True)
        data = dict(params.validated_data)
        data["suggested_by"] = _visible_unit(request.user, data["suggested_by"])
        data["addressed_to"] = _visible_unit(request.user, data["addressed_to"])
        with refused_as("addressed_to", reviews.ReviewError):
            suggestion = reviews.suggest(**data, acting_user=request.user)
        return Response(SuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED)

    def get_queryset(self):
        return (
            DeepReviewSuggestion.objects.filter(addressed_to__in=Unit.objects.visible_to(self.request.user))
            .select_related("suggested_by", "addressed_to")
            .order_by("-review_year", "addressed_to__path")
        )


class ParIndexViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """PAR indexes with their areas → criteria → sub-criteria, by code.
    Creating an index or adding a node is the city secretariat's."""

    serializer_class = ParIndexSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return ParIndex.objects.prefetch_related("areas__criteria__sub_criteria").order_by("code")

    def create(self, request, *args, **kwargs):
        _manager_only(request.user)
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        data = serializer.validated_data
        with refused_as("code", par.ParError):
            serializer.instance = par.create_index(
                code=data["code"],
                name_vi=data["name_vi"],
                name_en=data.get("name_en", ""),
                acting_user=self.request.user,
            )

    @extend_schema(request=ParNodeSerializer, responses=ParIndexSerializer)
    @action(detail=True, methods=["post"])
    def nodes(self, request, code=None):
        """Add an area, criterion or sub-criterion, or change the one with
        that code under the same parent."""
        index = self.get_object()
        _manager_only(request.user)
        params = ParNodeSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        with refused_as("node", par.ParError):
            par.save_node(index, **params.validated_data, acting_user=request.user)
        return Response(ParIndexSerializer(self.get_queryset().get(pk=index.pk)).data)


def _manager_only(user) -> None:
    if not access.can_manage_par_index(user):
        raise PermissionDenied(_("Only the city secretariat may change the PAR index."))


class ParScoreViewSet(viewsets.ReadOnlyModelViewSet):
    """Scores of the units the caller may see; ``?unit=…&year=…&index=…``.
    ``POST`` records a unit's scores for a year (all or nothing) and
    follows them up into findings."""

    serializer_class = ParScoreSerializer

    def get_queryset(self):
        qs = ParScore.objects.filter(unit__in=Unit.objects.visible_to(self.request.user))
        params = self.request.query_params
        if params.get("unit"):
            qs = qs.filter(unit__code=params["unit"].strip().upper())
        if params.get("year"):
            if not params["year"].isdigit():
                raise ValidationError({"year": [_("a year, e.g. 2022")]})
            qs = qs.filter(year=int(params["year"]))
        if params.get("index"):
            qs = qs.filter(sub_criterion__criterion__area__index__code=params["index"])
        return qs.select_related("unit", "sub_criterion").order_by(
            "unit__path", "year", "sub_criterion__criterion__area__sort_order", "sub_criterion__criterion__sort_order"
        )

    @extend_schema(request=ParScoresSerializer, responses=ParScoresResultSerializer)
    def create(self, request):
        params = ParScoresSerializer(data=request.data)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        index = ParIndex.objects.filter(code=data["index"]).first()
        if index is None:
            raise ValidationError({"index": [_("There is no PAR index “%(code)s”.") % {"code": data["index"]}]})
        code = data["unit"].strip().upper()
        unit = Unit.objects.visible_to(request.user).filter(code=code).first()
        if unit is None:
            raise NotFound(_("There is no unit “%(code)s” within your scope.") % {"code": code})
        if not access.can_edit(request.user, unit):
            raise PermissionDenied(_("You may not record PAR-index scores for %(unit)s.") % {"unit": unit.code})
        rows = data["scores"]
        with refused_as("scores", par.ParError):
            result = par.save_scores(
                index,
                unit,
                data["year"],
                {r["sub_criterion"]: r["score"] for r in rows},
                notes={r["sub_criterion"]: r["note"] for r in rows if "note" in r},
                identified_on=data.get("identified_on"),
                deadline=data.get("deadline"),
                acting_user=request.user,
            )
        body = {
            "saved": result.saved,
            "findings_created": [f.pk for f in result.created],
            "withdrawn": result.withdrawn,
            "kept": [f.pk for f in result.kept],
        }
        return Response(body, status=status.HTTP_201_CREATED if result.saved else status.HTTP_200_OK)


class PlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Remediation plans of the units the caller may see."""

    serializer_class = PlanSerializer

    def get_queryset(self):
        return (
            RemediationPlan.objects.filter(unit__in=Unit.objects.visible_to(self.request.user))
            .select_related("unit")
            .prefetch_related("findings")
            .order_by("-adopted_on", "pk")
        )

    def perform_create(self, serializer):
        data = serializer.validated_data
        unit = _visible_unit(self.request.user, data["unit"]["code"])
        with refused_as("unit", reviews.ReviewError):
            serializer.instance = reviews.adopt_plan(
                unit=unit,
                title=data["title"],
                period=data["period"],
                adopted_on=data["adopted_on"],
                suggestion=data.get("suggestion"),
                acting_user=self.request.user,
            )

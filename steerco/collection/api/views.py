"""Values, targets, reporting rounds (periods) and submissions over REST,
with the same scope, validation and workflow as the web pages: every write
goes through ``collection.services``. A service's refusal (``Rejected``)
is answered by the one API error handler (``steerco.api_errors``)."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from steerco.audit.api.fields import stated_from
from steerco.indicators.models import DataValue, Indicator, Source, Target
from steerco.lib.errors import refused_as
from steerco.lib.periods import Period
from steerco.programmes.models import Programme

from .. import closing, services
from ..models import ReportingRound, RoundState, Submission
from ..scope import Scope
from ..unusual import AskUnusual
from ..workflow import Action
from .serializers import (
    ActionSerializer,
    RoundSerializer,
    SubmissionSerializer,
    TargetSerializer,
    ValueSerializer,
    ValueWriteSerializer,
)


def _period(code: str) -> str:
    with refused_as("period"):
        return Period.parse(code).code


def _filter(queryset, request, **fields):
    """Apply ``?name=value`` query filters mapped to lookups."""
    for name, lookup in fields.items():
        value = request.query_params.get(name)
        if value:
            queryset = queryset.filter(**{lookup: value})
    return queryset


class ScopedMixin:
    def scope(self) -> Scope:
        if not hasattr(self, "_scope"):
            self._scope = Scope(self.request.user)
        return self._scope

    def visible_units(self):
        return self.scope().units(Action.VIEW)

    def unit(self, code):
        unit = self.visible_units().filter(code=code or "").first()
        if unit is None:
            raise ValidationError({"unit": [f"no unit {code!r} that you can see"]})
        return unit


class ValueViewSet(
    ScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Data values of the units you may see. Filters: ``programme``,
    ``period``, ``unit``, ``indicator``, ``status``. A change must carry the
    ``version`` you read; a stale one gets 409 Conflict."""

    serializer_class = ValueSerializer

    def get_queryset(self):
        rows = DataValue.objects.filter(unit__in=self.visible_units()).select_related(
            "indicator__programme", "unit", "entered_by"
        )
        rows = _filter(
            rows,
            self.request,
            programme="indicator__programme__code",
            period="period",
            unit="unit__code",
            indicator="indicator__code",
            status="status",
        )
        return rows.order_by("period", "unit__path", "indicator__sort_order", "indicator__code")

    @extend_schema(request=ValueWriteSerializer, responses={201: ValueSerializer})
    def create(self, request, *args, **kwargs):
        data = self._write_data()
        for name in ("programme", "unit", "period", "indicator"):
            if not data.get(name):
                raise ValidationError({name: ["This field is required."]})
        programme = get_object_or_404(Programme, code=data["programme"])
        return self._record(programme, self.unit(data["unit"]), _period(data["period"]), data, status.HTTP_201_CREATED)

    @extend_schema(request=ValueWriteSerializer, responses={200: ValueSerializer})
    def update(self, request, *args, **kwargs):
        value = self.get_object()
        data = self._write_data()
        data["indicator"] = value.indicator.code
        return self._record(value.indicator.programme, value.unit, value.period, data, status.HTTP_200_OK)

    def _write_data(self):
        serializer = ValueWriteSerializer(data=self.request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _record(self, programme, unit, period, data, success):
        entry = services.Entry(data["indicator"], data["value"], data.get("version") or 0, data.get("note"))
        outcome = services.record(
            programme,
            unit,
            period,
            entries=[entry],
            source=Source.API,
            source_ref=f"{self.request.method} {self.request.path}",
            scope=self.scope(),
            acting_user=self.request.user,
            # the form's question, asked here too: an unusual value needs a reason
            unusual=AskUnusual(stated_from(data)),
        )
        value = outcome.values[0]
        value.rule_warnings = outcome.warnings
        code = success if outcome.changed else status.HTTP_200_OK
        return Response(ValueSerializer(value).data, status=code)


class TargetViewSet(
    ScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Targets of the units you may see; the secretariat sets them."""

    serializer_class = TargetSerializer

    def get_queryset(self):
        rows = Target.objects.filter(unit__in=self.visible_units()).select_related("indicator__programme", "unit")
        rows = _filter(rows, self.request, programme="indicator__programme__code", period="period", unit="unit__code")
        return rows.order_by("period", "unit__path", "indicator__code")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        indicator = get_object_or_404(
            Indicator, programme__code=data["indicator"]["programme"]["code"], code=data["indicator"]["code"]
        )
        return self._set(indicator, self.unit(data["unit"]["code"]), _period(data["period"]), data)

    def update(self, request, *args, **kwargs):
        target = self.get_object()
        serializer = self.get_serializer(target, data=request.data, partial=kwargs.get("partial", False))
        serializer.is_valid(raise_exception=True)
        return self._set(target.indicator, target.unit, target.period, serializer.validated_data)

    def _set(self, indicator, unit, period, data):
        target = services.set_target(
            indicator,
            unit,
            period,
            data["value"],
            kind=data.get("kind"),
            note=data.get("note", ""),
            reason=stated_from(data),
            source_ref=f"{self.request.method} {self.request.path}",
            scope=self.scope(),
            acting_user=self.request.user,
        )
        return Response(TargetSerializer(target).data, status=status.HTTP_200_OK)


class PeriodViewSet(
    ScopedMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, mixins.CreateModelMixin, mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):  # fmt: skip
    """Reporting rounds: a programme's period open for entry, with its data
    window (cut-off) and deadline. The secretariat opens them, and closes
    them or moves their dates with PATCH (``state``, ``deadline``,
    ``data_from``, ``data_to``). Closing a round that units still owe, and
    reopening one, need a ``reason``."""

    CHANGEABLE = ("state", "deadline", "data_from", "data_to", "note")

    def update(self, request, *args, **kwargs):
        round_ = self.get_object()
        serializer = self.get_serializer(round_, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        changes = {k: v for k, v in serializer.validated_data.items() if k in self.CHANGEABLE}
        state = changes.pop("state", round_.state)
        reason = str(request.data.get("reason", ""))
        if changes:
            services.change_round(
                round_,
                scope=self.scope(),
                source_ref=f"{request.method} {request.path}",
                **changes,
                acting_user=request.user,
            )
        if state != round_.state:
            move = closing.close_round if state == RoundState.CLOSED else closing.reopen_round
            round_ = move(round_, acting_user=request.user, reason=reason, scope=self.scope())
        return Response(RoundSerializer(round_).data)

    serializer_class = RoundSerializer

    def get_queryset(self):
        if not self.scope().anywhere(Action.VIEW):
            return ReportingRound.objects.none()
        rows = ReportingRound.objects.select_related("programme")
        return _filter(rows, self.request, programme="programme__code", state="state").order_by("-period")

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        programme = get_object_or_404(Programme.objects.select_related("owner"), code=data["programme"]["code"])
        round_ = services.open_round(
            programme,
            _period(data["period"]),
            deadline=data["deadline"],
            data_from=data.get("data_from"),
            data_to=data.get("data_to"),
            unit_types=data.get("types", []),
            note=data.get("note", ""),
            scope=self.scope(),
            acting_user=request.user,
        )
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


class SubmissionViewSet(ScopedMixin, viewsets.ReadOnlyModelViewSet):
    """Each unit's report in a round and its workflow: POST to
    ``submit``, ``approve`` (``override_reason`` when sub-units are not all
    approved), ``return`` or ``reopen`` (both with a ``comment``)."""

    serializer_class = SubmissionSerializer

    def get_queryset(self):
        rows = Submission.objects.filter(unit__in=self.visible_units()).select_related("round__programme", "unit")
        rows = _filter(rows, self.request, programme="round__programme__code", period="round__period")
        rows = _filter(rows, self.request, unit="unit__code", status="status")
        return rows.order_by("round__period", "unit__path")

    def _act(self, request, action_name):
        submission = self.get_object()
        body = ActionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        services.record(
            submission.round.programme,
            submission.unit,
            submission.round.period,
            action=action_name,
            comment=body.validated_data["comment"],
            override_reason=body.validated_data["override_reason"],
            reason=stated_from(body.validated_data),
            source=Source.API,
            source_ref=f"{request.method} {request.path}",
            scope=self.scope(),
            acting_user=request.user,
        )
        submission.refresh_from_db()
        return Response(SubmissionSerializer(submission).data)

    @extend_schema(request=ActionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._act(request, Action.SUBMIT)

    @extend_schema(request=ActionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._act(request, Action.APPROVE)

    @extend_schema(request=ActionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_(self, request, pk=None):
        return self._act(request, Action.RETURN)

    @extend_schema(request=ActionSerializer, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._act(request, Action.REOPEN)


__all__ = ["PeriodViewSet", "SubmissionViewSet", "TargetViewSet", "ValueViewSet"]

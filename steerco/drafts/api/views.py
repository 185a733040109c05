"""Draft checks over REST: POST a draft (multipart file or text) for a
programme, unit and period and get the machine-readable result; list and
read the checks of the units one may see. Same scope and service as the
page."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from steerco.collection.models import Submission
from steerco.collection.scope import Scope
from steerco.collection.workflow import Action
from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme

from .. import services
from ..core.reading import ReadError
from ..models import DraftCheck
from ..views.messages import read_error
from .serializers import CheckRequestSerializer, DraftCheckDetailSerializer, DraftCheckSerializer


class DraftCheckViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    def get_queryset(self):
        return (
            DraftCheck.objects.filter(unit__in=Scope(self.request.user).units())
            .select_related("programme", "unit")
            .order_by("-created_at", "-pk")
        )

    def get_serializer_class(self):
        if self.action == "create":
            return CheckRequestSerializer
        return DraftCheckDetailSerializer if self.action == "retrieve" else DraftCheckSerializer

    @extend_schema(request=CheckRequestSerializer, responses={201: DraftCheckDetailSerializer})
    def create(self, request):
        incoming = CheckRequestSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        scope = Scope(request.user)
        programme = Programme.objects.filter(code=data["programme"]).first()
        if programme is None:
            raise ValidationError({"programme": ["unknown programme"]})
        unit = scope.units().filter(code=data["unit"]).first()
        if unit is None:
            raise ValidationError({"unit": ["no such unit in your scope"]})
        try:
            period = Period.parse(data["period"])
        except PeriodError as err:
            raise ValidationError({"period": [str(err)]}) from None
        submission = None
        if data.get("submission") is not None:
            submission = Submission.objects.select_related("round", "unit").filter(pk=data["submission"]).first()
            if submission is None or not scope.units().filter(pk=submission.unit_id).exists():
                raise NotFound
            if not (scope.can(Action.EDIT, submission.unit) or scope.can(Action.APPROVE, submission.unit)):
                raise PermissionDenied
            if (submission.unit_id, submission.round.period, submission.round.programme_id) != (
                unit.pk,
                period.code,
                programme.pk,
            ):
                raise ValidationError({"submission": ["the submission is for another unit, period or programme"]})
        upload, text = data.get("file"), data.get("text") or ""
        if bool(upload) == bool(text.strip()):
            raise ValidationError({"file": ["send either a file or a text"]})
        if upload is not None and upload.size > services.max_bytes():
            raise ValidationError({"file": [read_error(services.TooLarge())]})
        name, content = (upload.name, upload.read()) if upload is not None else ("draft.txt", text.encode("utf-8"))
        try:
            checked = services.run(programme, unit, period, name, content, request.LANGUAGE_CODE)
        except ReadError as err:
            raise ValidationError({"file" if upload is not None else "text": [read_error(err)]}) from None
        kept = services.keep(checked, programme, unit, period, name, content, submission, acting_user=request.user)
        return Response(DraftCheckDetailSerializer(kept).data, status=status.HTTP_201_CREATED)

"""Figures over REST: what the dashboard and the report show, from the
figure service (``steerco.indicators.figures``), never computed here."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from steerco.lib.periods import Period, PeriodError
from steerco.programmes.models import Programme
from steerco.units.models import Unit

from ..figures import Figure, figures
from ..models import Indicator


def _number(value):
    return None if value is None else str(value)


def as_json(row: Figure) -> dict:
    target = row.target
    return {
        "indicator": row.indicator.code,
        "kind": row.indicator.kind,
        "unit": row.unit.code if row.unit else None,
        "period": row.period.code,
        "value": _number(row.value),
        "n": _number(row.n),
        "N": _number(row.N),
        "reporting": row.figure.reporting,
        "target": None
        if target is None
        else {
            "value": _number(target.value),
            "period": target.period,
            "own": _number(target.own),
            "assigned": _number(target.assigned),
        },
        "to_date": _number(row.judged.value),
        "due_share": _number(row.due_share) if target else None,
        "share_of_target": _number(row.share_of_target),
        "status": row.status,
        "previous": _number(row.previous.value),
        "change": _number(row.change),
        "coverage": {
            "entered": list(row.coverage.entered),
            "missing": list(row.coverage.missing),
            "partial": row.coverage.partial,
        },
        "provenance": {
            "as_of": row.provenance.as_of.isoformat(),
            "to_date": list(row.provenance.to_date),
            "restated": row.restated,
            # the days a register figure counts records from
            "window": _window(row.provenance.window),
        },
    }


def _window(span) -> dict | None:
    return None if span is None else {"start": span.start.isoformat(), "end": span.end.isoformat()}


class FigureView(APIView):
    """GET /api/figures/?programme=…&unit=…&period=…[&indicator=…]: the
    figures of a unit the caller may see (404 for any other)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("programme", str, required=True),
            OpenApiParameter("unit", str, required=True),
            OpenApiParameter("period", str, required=True),
            OpenApiParameter("indicator", str),
        ],
        responses={200: OpenApiTypes.OBJECT},
    )
    def get(self, request):
        params = request.query_params
        unit = Unit.objects.visible_to(request.user).filter(code=params.get("unit") or "").first()
        if unit is None:
            raise Http404
        programme = Programme.objects.filter(code=params.get("programme") or "").first()
        if programme is None:
            raise ValidationError({"programme": [_("Unknown programme.")]})
        try:
            period = Period.parse(params.get("period") or "")
        except PeriodError:
            raise ValidationError({"period": [_("Write a period such as 2023, 2023-H1 or 2023-Q3.")]}) from None
        indicators = Indicator.objects.filter(programme=programme).select_related("numerator", "denominator")
        if params.get("indicator"):
            indicators = indicators.filter(code=params["indicator"])
        rows = figures(programme, list(indicators.order_by("sort_order", "code")), unit, period)
        return Response({"results": [as_json(r) for r in rows]})

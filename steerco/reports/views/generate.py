"""The report page: choose a programme, a unit, a period, a format and a
language; download the file, or issue a numbered snapshot.

Generation runs in the request for now (a city report takes a few
seconds); ``build_report`` takes a ``progress`` callback so a background
job can run it unchanged."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.indicators.models import DataValue
from steerco.lib.periods import Period
from steerco.units.models import Unit

from ..builder import build_report
from ..forms import ReportForm
from ..issuing import can_issue, issue_report
from ..models import IssuedFile, IssuedReport
from ..models.issued import CONTENT_TYPES, ReportFormat
from .scope import programmes, report_units


def _latest_period(programme) -> str:
    codes = DataValue.objects.filter(indicator__programme=programme).values_list("period", flat=True).distinct()
    periods = sorted((Period.parse(c) for c in codes), key=lambda p: (p.end, p.start), reverse=True)
    return periods[0].code if periods else ""


def _form(request, data=None):
    progs = programmes()
    units = report_units(request.user)
    initial = {}
    if progs:
        initial = {"programme": progs[0].code, "period": _latest_period(progs[0])}
        owner = next((u for u in units if u.pk == progs[0].owner_id), None)
        if owner:
            initial["unit"] = owner.code
    return ReportForm(data, initial=initial, programmes=progs, units=units), progs, units


def _chosen(form, progs, units):
    data = form.cleaned_data
    programme = next(p for p in progs if p.code == data["programme"])
    unit = next(u for u in units if u.code == data["unit"])
    return programme, unit, data


def _filename(programme, unit, period, fmt) -> str:
    return f"bao-cao-{programme.code}-{period}-{unit.code}".replace("/", "-") + f".{fmt}"


@login_required
def generate(request):
    if request.method == "POST":
        form, progs, units = _form(request, request.POST)
        if form.is_valid():
            programme, unit, data = _chosen(form, progs, units)
            fmt = data["format"]
            content = build_report(
                programme, data["period"], fmt, data["language"], unit=unit, style=data["style"] or None
            )
            response = HttpResponse(content, content_type=CONTENT_TYPES[ReportFormat(fmt)])
            response["Content-Disposition"] = content_disposition_header(
                fmt != ReportFormat.HTML, _filename(programme, unit, data["period"].code, fmt)
            )
            return response
    else:
        form, progs, units = _form(request)
    files = IssuedFile.objects.only("id", "report_id", "format", "sha256").order_by("format")
    issued = (
        IssuedReport.objects.filter(unit__in=Unit.objects.visible_to(request.user))
        .select_related("programme", "unit", "issued_by")
        .prefetch_related(Prefetch("files", queryset=files))
        .order_by("-issued_at", "-number")[:50]
    )
    can = any(can_issue(request.user, u) for u in units[:1])
    return render(request, "reports/generate.html", {"form": form, "issued": issued, "can_issue": can})


@login_required
@require_POST
def issue(request):
    form, progs, units = _form(request, request.POST)
    if not form.is_valid():
        messages.error(request, _("The report was not issued: check the fields below."))
        return render(request, "reports/generate.html", {"form": form, "issued": [], "can_issue": True}, status=400)
    programme, unit, data = _chosen(form, progs, units)
    if not can_issue(request.user, unit):
        return HttpResponse(_("Only the secretariat of this unit may issue its report."), status=403)
    report = issue_report(
        programme, data["period"], data["language"], request.user, unit=unit, style=data["style"] or None
    )
    messages.success(request, _("Report %(symbol)s issued.") % {"symbol": report.symbol})
    return redirect("reports:generate")

"""The report page: choose a programme, a unit, a period, a format and a
language; generate the file as a background job (its page shows progress,
then the download), or issue a numbered snapshot."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.collection.working import working_period
from steerco.indicators.models import DataValue
from steerco.jobs.services import start_job
from steerco.lib.periods import Period
from steerco.units.models import Unit

from ..forms import ReportForm
from ..issuing import can_issue, preview
from ..jobs import GENERATE, ISSUE
from ..models import IssuedFile, IssuedReport
from .scope import programmes, report_units


def _latest_period(programme, unit=None) -> str:
    """The period the committee is working on (its latest reporting round,
    ``collection.working``); without a round, the latest period with data."""
    found, _reason = working_period(programme, unit)
    if found is not None:
        return found.code
    codes = DataValue.objects.filter(indicator__programme=programme).values_list("period", flat=True).distinct()
    periods = sorted((Period.parse(c) for c in codes), key=lambda p: (p.end, p.start), reverse=True)
    return periods[0].code if periods else ""


def _form(request, data=None):
    progs = programmes()
    units = report_units(request.user)
    initial = {}
    if progs:
        owner = next((u for u in units if u.pk == progs[0].owner_id), None)
        initial = {
            "programme": progs[0].code,
            "period": _latest_period(progs[0], owner or (units[0] if units else None)),
        }
        if owner:
            initial["unit"] = owner.code
    return ReportForm(data, initial=initial, programmes=progs, units=units), progs, units


def _chosen(form, progs, units):
    data = form.cleaned_data
    programme = next(p for p in progs if p.code == data["programme"])
    unit = next(u for u in units if u.code == data["unit"])
    return programme, unit, data


@login_required
def generate(request):
    if request.method == "POST":
        form, progs, units = _form(request, request.POST)
        if form.is_valid():
            # The form offers only the units in the user's scope; the job is
            # scoped to the chosen unit, so its file goes to the same people.
            programme, unit, data = _chosen(form, progs, units)
            params = {
                "programme": programme.code,
                "period": data["period"].code,
                "format": data["format"],
                "language": data["language"],
                "unit": unit.code,
                "style": data["style"] or "",
                "date": data["date"].isoformat() if data["date"] else "",
            }
            job = start_job(GENERATE, acting_user=request.user, unit=unit, params=params)
            messages.success(request, _("The report is being generated; this page shows its progress."))
            return redirect("jobs:detail", pk=job.pk)
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
    about = preview(programme, unit, data["period"], data["language"], data["style"] or None, data["date"])
    if "confirm" not in request.POST:
        # Nothing is numbered on the first click: the number, the date and
        # a summary are shown, and only the confirming post issues.
        context = {"form": form, "programme": programme, "unit": unit, "data": data, "preview": about}
        return render(request, "reports/issue_confirm.html", context)
    params = {
        "programme": programme.code,
        "period": data["period"].code,
        "language": data["language"],
        "unit": unit.code,
        "style": data["style"] or "",
        # the date confirmed: the one set, else the reviewed draft's, else today
        "date": about.issued_on.isoformat(),
    }
    job = start_job(ISSUE, acting_user=request.user, unit=unit, params=params)
    messages.success(request, _("The report is being issued; this page shows its progress."))
    return redirect("jobs:detail", pk=job.pk)

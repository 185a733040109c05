from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from steerco.units.models import Unit

from ..delivery import received_by, record_opened
from ..models import Delivery, IssuedFile, IssuedReport, ReportFormat


@login_required
def download(request, pk: int, fmt: str):
    """The stored bytes of an issued report, exactly as issued."""
    stored = get_object_or_404(
        IssuedFile.objects.select_related("report__programme", "report__unit"), report_id=pk, format=fmt
    )
    if not _may_see(request.user, stored.report):
        raise Http404
    content = bytes(stored.content)
    if not stored.intact:
        raise Http404  # a stored file that no longer matches its hash is never served
    report = stored.report
    record_opened(report, acting_user=request.user)
    name = f"bao-cao-so-{report.symbol}-{report.period}.{fmt}".replace("/", "-")
    response = HttpResponse(content, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-SHA256"] = stored.sha256
    return response


def _visible_report(request, pk: int) -> IssuedReport:
    report = get_object_or_404(IssuedReport.objects.select_related("programme", "unit", "issued_by"), pk=pk)
    if not _may_see(request.user, report):
        raise Http404
    return report


def _may_see(user, report) -> bool:
    """Those who see the unit, and those it was sent to."""
    return Unit.objects.visible_to(user).filter(pk=report.unit_id).exists() or received_by(report.pk, user)


@login_required
def issued_detail(request, pk: int):
    """An issued report: its number, date, files, signature (checked on
    request) and to whom it went."""
    report = _visible_report(request, pk)
    record_opened(report, acting_user=request.user)
    files = list(report.files.only("id", "report_id", "format", "sha256", "size").order_by("format"))
    deliveries = list(report.deliveries.select_related("user").order_by("pk"))
    context = {"report": report, "files": files, "verification": None, "deliveries": deliveries}
    if request.GET.get("verify"):
        from ..signing import verify_pdf

        pdf = next((f for f in report.files.all() if f.format == ReportFormat.PDF), None)
        context["verification"] = verify_pdf(bytes(pdf.content)) if pdf is not None else None
        context["verified"] = True
    return render(request, "reports/issued.html", context)


@login_required
def register(request):
    """The register of issued reports: what was sent to whom, and when."""
    units = Unit.objects.visible_to(request.user)
    deliveries = (
        Delivery.objects.filter(report__unit__in=units)
        .select_related("report__programme", "user")
        .order_by("-sent_at", "report_id", "pk")[:500]
    )
    return render(request, "reports/register.html", {"deliveries": deliveries})


@login_required
def timeline(request):
    """Per period: last submission → closed → signed → delivered, the
    machine time and the secretariat's steps."""
    from steerco.programmes.models import Programme

    from ..timeline import GOAL, GOAL_STEPS, timelines

    visible = Unit.objects.visible_to(request.user)
    programmes = Programme.objects.filter(owner__in=visible)
    return render(
        request,
        "reports/timeline.html",
        {"timelines": timelines(programmes), "goal_minutes": int(GOAL.total_seconds() // 60), "goal_steps": GOAL_STEPS},
    )

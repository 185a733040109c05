from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from steerco.units.models import Unit

from ..models import IssuedFile, IssuedReport, ReportFormat


@login_required
def download(request, pk: int, fmt: str):
    """The stored bytes of an issued report, exactly as issued."""
    stored = get_object_or_404(
        IssuedFile.objects.select_related("report__programme", "report__unit"), report_id=pk, format=fmt
    )
    if not Unit.objects.visible_to(request.user).filter(pk=stored.report.unit_id).exists():
        raise Http404
    content = bytes(stored.content)
    if not stored.intact:
        raise Http404  # a stored file that no longer matches its hash is never served
    report = stored.report
    name = f"bao-cao-so-{report.symbol}-{report.period}.{fmt}".replace("/", "-")
    response = HttpResponse(content, content_type=stored.content_type)
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-SHA256"] = stored.sha256
    return response


def _visible_report(request, pk: int) -> IssuedReport:
    report = get_object_or_404(IssuedReport.objects.select_related("programme", "unit", "issued_by"), pk=pk)
    if not Unit.objects.visible_to(request.user).filter(pk=report.unit_id).exists():
        raise Http404
    return report


@login_required
def issued_detail(request, pk: int):
    """An issued report: its number, date, files, signature (checked on
    request) and to whom it went."""
    report = _visible_report(request, pk)
    files = list(report.files.only("id", "report_id", "format", "sha256", "size").order_by("format"))
    context = {"report": report, "files": files, "verification": None}
    if request.GET.get("verify"):
        from ..signing import verify_pdf

        pdf = next((f for f in report.files.all() if f.format == ReportFormat.PDF), None)
        context["verification"] = verify_pdf(bytes(pdf.content)) if pdf is not None else None
        context["verified"] = True
    return render(request, "reports/issued.html", context)

"""Evidence: upload (type and size checked) and download (scope checked).
Files are never reachable by a public URL."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import EvidenceForm
from ..models import Evidence
from ..services import evidence as service
from .common import attempt, load_finding, visible_findings


@login_required
@require_POST
def evidence_upload(request, pk):
    finding = load_finding(request, pk, for_edit=True)
    form = EvidenceForm(request.POST, request.FILES, finding=finding)
    return attempt(
        request,
        lambda: service.attach(
            finding,
            form.cleaned_data["file"],
            action=form.cleaned_data["action"],
            description=form.cleaned_data["description"],
            acting_user=request.user,
        ),
        form=form,
        invalid=_("Choose a file to upload."),
        refused=service.EvidenceError,
        done=_("The evidence is attached."),
        then=redirect("findings:detail", pk=finding.pk),
    )


def open_evidence(evidence: Evidence) -> FileResponse:
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=evidence.original_name, content_type=evidence.content_type)


@login_required
def evidence_download(request, pk):
    evidence = get_object_or_404(Evidence.objects.filter(finding__in=visible_findings(request.user)), pk=pk)
    return open_evidence(evidence)

import contextlib
import logging
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from steerco.jobs.models import Job, JobStatus
from steerco.jobs.services import start_job
from steerco.units.models import Unit

from ..forms import UploadForm
from ..jobs import IMPORT_WORKBOOK, save_upload
from ..scope import Scope
from ..workbook import MAX_FILE_BYTES, build_template, check_archive
from ..workflow import Action
from .loading import load_round, load_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
QUEUE_DOWN = gettext_noop("The import could not be started. Nothing was saved; try again in a few minutes.")
logger = logging.getLogger(__name__)


@login_required
def template_download(request, pk, code):
    """The Excel template for a unit (``?subtree=1``: and every unit below
    it that the user may edit)."""
    round_ = load_round(pk)
    unit = load_unit(Scope(request.user), code, Action.EDIT)
    subtree = request.GET.get("subtree") == "1"
    data = build_template(request.user, round_.programme, unit, round_.period, subtree=subtree)
    name = f"bieu-nhap-{unit.code}-{round_.period}{'-cap-duoi' if subtree else ''}.xlsx"
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def upload(request, pk):
    """Upload a filled-in template. The file is checked here (size, type, zip
    bomb) and refused at once if bad; a good one is imported by a background
    job (all rows or none) whose page shows the progress and every problem."""
    round_ = load_round(pk)
    scope = Scope(request.user)
    if not scope.anywhere(Action.EDIT):
        raise PermissionDenied
    form = UploadForm(request.POST or None, request.FILES or None)
    context = {"round": round_, "form": form, "max_mb": MAX_FILE_BYTES // 1024 // 1024}
    status = 200
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            context["problems"] = [
                _("The file is too large; the limit is %(limit)s MB.") % {"limit": context["max_mb"]}
            ]
            status = 400
        else:
            data = upload.read()
            context["problems"] = check_archive(data)
            if context["problems"]:
                status = 400
            else:
                path = save_upload(data)
                try:
                    job = start_job(
                        IMPORT_WORKBOOK,
                        acting_user=request.user,
                        unit=_uploader_unit(scope),
                        params={"path": path, "filename": upload.name[:150], "round": round_.pk},
                    )
                except Exception:
                    # The queue refused it (e.g. Redis is down): no job will
                    # ever read or delete the file, so it goes now.
                    logger.exception("could not queue an import job")
                    Path(path).unlink(missing_ok=True)
                    with contextlib.suppress(DatabaseError):  # the database may be what failed
                        Job.objects.filter(kind=IMPORT_WORKBOOK, params__path=path, finished_at=None).update(
                            status=JobStatus.FAILED, finished_at=timezone.now(), error=_(QUEUE_DOWN)
                        )
                    context["problems"] = [_(QUEUE_DOWN)]
                    status = 503
                else:
                    messages.success(request, _("The file has been received; it is being imported."))
                    return redirect("jobs:detail", pk=job.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "collection/upload.html", context, status=status)


def _uploader_unit(scope: Scope):
    """The unit an import job is filed under, so the uploader's approver and
    secretariat (everyone who may see that unit) follow it too: the one unit
    where the uploader may edit. None when that is not a single subtree (the
    job is then the uploader's alone)."""
    paths = scope.paths(Action.EDIT)
    if not paths or len(set(paths)) != 1:
        return None
    return Unit.objects.filter(path=paths[0]).first()

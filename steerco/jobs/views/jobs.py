"""Job pages: the list (and the form that starts an export), the status
page that polls itself with HTMX while the job runs, the result download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from steerco.units.models import Unit

from ..models import Job
from ..registry import STARTERS
from ..services import start_job

LIST_LIMIT = 50


@login_required
def job_list(request):
    visible = Unit.objects.visible_to(request.user)
    posted = request.POST.get("kind") if request.method == "POST" else None
    starters = []
    for kind, form_class in STARTERS.items():  # the forms the owning apps registered
        form = form_class(request.POST if kind == posted else None, units=visible)
        if kind == posted and form.is_valid():
            unit, params = form.job()
            job = start_job(kind, acting_user=request.user, unit=unit, params=params)
            messages.success(request, _("The job has been queued."))
            return redirect("jobs:detail", pk=job.pk)
        starters.append((kind, form))
    jobs = Job.objects.visible_to(request.user, units=visible).select_related("unit")[:LIST_LIMIT]
    return render(request, "jobs/job_list.html", {"jobs": jobs, "starters": starters})


@require_GET
@login_required
def job_detail(request, pk: int):
    job = get_object_or_404(Job.objects.visible_to(request.user).select_related("unit"), pk=pk)
    template = "jobs/job_status.html" if request.htmx else "jobs/job_detail.html"
    return render(request, template, {"job": job})


@require_GET
@login_required
def job_download(request, pk: int):
    job = get_object_or_404(Job.objects.visible_to(request.user), pk=pk)
    if not job.result_file:
        raise Http404
    try:
        handle = job.result_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=job.result_name or "result")

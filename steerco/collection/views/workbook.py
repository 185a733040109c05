from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from steerco.indicators.models import Source

from ..forms import UploadForm
from ..scope import Scope
from ..workbook import MAX_FILE_BYTES, WorkbookError, build_template, import_workbook
from ..workflow import Action
from .loading import load_round, load_unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
    """Upload a filled-in template: all rows or none, every problem listed."""
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
            try:
                context["result"] = import_workbook(
                    request.user, upload.read(), filename=upload.name[:150], source=Source.EXCEL
                )
            except WorkbookError as err:
                context["problems"] = err.problems
                status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "collection/upload.html", context, status=status)

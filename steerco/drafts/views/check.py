"""The draft check pages: check a draft (upload or paste), see the result
(the figures highlighted in the text, a table with the problems first),
download the annotated Word copy or the JSON; the checks of one's units."""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.text import slugify
from django.utils.translation import get_language

from steerco.collection.models import Submission
from steerco.collection.scope import Scope
from steerco.collection.workflow import Action

from .. import services
from ..core.reading import ReadError
from ..forms import CheckForm
from ..models import DraftCheck
from .messages import read_error

PASTED_NAME = "van-ban-dan.txt"


def _submission(request, scope: Scope) -> Submission | None:
    """The submission a draft is checked for (?submission=pk): one the user
    may edit or decide on, or 404."""
    pk = request.GET.get("submission") or request.POST.get("submission")
    if not pk:
        return None
    if not str(pk).isdigit():
        raise Http404
    submission = Submission.objects.select_related("round__programme", "unit").filter(pk=pk).first()
    if submission is None or not scope.units().filter(pk=submission.unit_id).exists():
        raise Http404
    if not (scope.can(Action.EDIT, submission.unit) or scope.can(Action.APPROVE, submission.unit)):
        raise PermissionDenied
    return submission


@login_required
def check_view(request):
    scope = Scope(request.user)
    if not scope.anywhere(Action.VIEW):
        raise PermissionDenied
    units = scope.units()
    submission = _submission(request, scope)
    initial = {}
    if submission is not None:
        initial = {
            "programme": submission.round.programme.code,
            "unit": submission.unit.code,
            "period": submission.round.period,
        }
    form = CheckForm(request.POST or None, request.FILES or None, units=units, fixed=submission is not None,
                     initial=initial)  # fmt: skip
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            upload = data.get("file")
            if upload is not None:
                name = upload.name
                if upload.size > services.max_bytes():
                    form.add_error("file", read_error(services.TooLarge()))
                    return render(request, "drafts/check_form.html", _context(form, submission), status=400)
                content = upload.read()
            else:
                name, content = PASTED_NAME, data["text"].encode("utf-8")
            try:
                checked = services.run(data["programme"], data["unit"], data["period"], name, content, get_language())
            except ReadError as err:
                form.add_error("file" if upload is not None else "text", read_error(err))
                status = 400
            else:
                kept = services.keep(
                    checked,
                    data["programme"],
                    data["unit"],
                    data["period"],
                    name,
                    content,
                    submission,
                    acting_user=request.user,
                )
                return redirect("drafts:detail", pk=kept.pk)
        else:
            status = 400
    return render(request, "drafts/check_form.html", _context(form, submission), status=status)


def _context(form, submission) -> dict:
    return {"form": form, "submission": submission}


def _load(request, pk) -> DraftCheck:
    """A check of a unit the user may see, or 404."""
    scope = Scope(request.user)
    found = get_object_or_404(DraftCheck.objects.select_related("unit", "programme"), pk=pk)
    if not scope.units().filter(pk=found.unit_id).exists():
        raise Http404
    return found


@login_required
def detail(request, pk):
    found = _load(request, pk)
    data = found.result
    figures = data.get("figures", [])
    by_block: dict[int, list[dict]] = {}
    for number, fig in enumerate(sorted(figures, key=lambda f: f["index"]), start=1):
        fig = {**fig, "number": number}
        by_block.setdefault(fig["block"], []).append(fig)
    numbers = {f["index"]: n for n, f in enumerate(sorted(figures, key=lambda f: f["index"]), start=1)}
    blocks = []
    for block in data.get("draft", {}).get("blocks", []):
        text, at, pieces = block["text"], 0, []
        for fig in sorted(by_block.get(block["index"], []), key=lambda f: f["start"]):
            if fig["start"] < at:
                continue
            pieces.append({"text": text[at : fig["start"]]})
            pieces.append({"text": text[fig["start"] : fig["end"]], "figure": fig})
            at = fig["end"]
        pieces.append({"text": text[at:]})
        blocks.append({"kind": block.get("kind"), "pieces": [p for p in pieces if p["text"]]})
    rows = [{**f, "number": numbers[f["index"]]} for f in figures]
    return render(
        request,
        "drafts/check_detail.html",
        {"check": found, "data": data, "rows": rows, "blocks": blocks, "summary": services.summary_line(data)},
    )


def _file_stem(found: DraftCheck) -> str:
    return slugify(found.file_name.rsplit(".", 1)[0]) or "du-thao"


@login_required
def download_docx(request, pk):
    found = _load(request, pk)
    response = HttpResponse(
        bytes(found.annotated),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(found)}-kiem-tra.docx"'
    return response


@login_required
def download_json(request, pk):
    found = _load(request, pk)
    response = HttpResponse(json.dumps(found.result, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{_file_stem(found)}-kiem-tra.json"'
    return response


@login_required
def history(request):
    """The checks made for the units the user may see, newest first."""
    scope = Scope(request.user)
    checks = (
        DraftCheck.objects.filter(unit__in=scope.units())
        .select_related("unit", "programme", "created_by")
        .defer("content", "annotated", "result")
        .order_by("-created_at", "-pk")[:100]
    )
    return render(request, "drafts/check_list.html", {"checks": checks})


def latest_for(submission) -> DraftCheck | None:
    """The latest check kept with a submission (shown before approving)."""
    return submission.draft_checks.order_by("-created_at", "-pk").only("pk", "result", "checked", "problems").first()

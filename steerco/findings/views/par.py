"""Entering the PAR index: its structure (areas → criteria →
sub-criteria, each with a maximum) and a unit's scores for a year. Both
hand over to ``services.par``, which refuses bad input with a message
and writes nothing; saved scores are followed up into findings there."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from steerco.units.models import Unit

from .. import access
from ..models import ParIndex, ParScore, ParSubCriterion
from ..services import par
from .common import attempt


@login_required
def par_index_list(request):
    can_manage = access.can_manage_par_index(request.user)
    if request.method == "POST" and can_manage:
        data = request.POST
        return attempt(
            request,
            lambda: par.create_index(
                code=data.get("code", ""),
                name_vi=data.get("name_vi", ""),
                name_en=data.get("name_en", ""),
                acting_user=request.user,
            ),
            refused=par.ParError,
            done=_("The PAR index is created: now add its areas."),
            then=reverse("findings:par-indexes"),
        )
    if request.method == "POST":
        return _refuse(request, _("Only the city secretariat may change the PAR index."))
    indexes = ParIndex.objects.order_by("code")
    return render(
        request,
        "findings/par_index_list.html",
        {
            "indexes": indexes,
            "can_manage": can_manage,
            "year": timezone.localdate().year - 1,
            "units": Unit.objects.visible_to(request.user),
        },
    )


@login_required
def par_index(request, code):
    index = get_object_or_404(ParIndex, code=code)
    can_manage = access.can_manage_par_index(request.user)
    if request.method == "POST":
        if not can_manage:
            return _refuse(request, _("Only the city secretariat may change the PAR index."))
        data = request.POST
        level = data.get("level", "")

        def save():
            return par.save_node(
                index,
                level=level,
                code=data.get("code", ""),
                name_vi=data.get("name_vi", ""),
                name_en=data.get("name_en", ""),
                parent=data.get("parent", ""),
                maximum=_decimal(data.get("maximum")) if level == "sub_criterion" else None,
                acting_user=request.user,
            )

        return attempt(
            request,
            save,
            refused=par.ParError,
            done=lambda node: _("%(code)s is saved.") % {"code": node.code},
            then=request.path,
        )
    areas = index.areas.prefetch_related("criteria__sub_criteria")
    return render(
        request,
        "findings/par_index.html",
        {"index": index, "areas": areas, "can_manage": can_manage, "levels": _levels()},
    )


@login_required
def par_scores(request, code):
    """``?unit=…&year=…``: the unit's scores on the index in that year, as
    a form when the user may record them."""
    index = get_object_or_404(ParIndex, code=code)
    unit_code = (request.POST.get("unit") or request.GET.get("unit") or "").strip().upper()
    try:
        year = int(request.POST.get("year") or request.GET.get("year") or 0)
    except ValueError:
        year = 0
    context = {
        "index": index,
        "unit_code": unit_code,
        "year": year or "",
        "rows": [],
        "errors": {},
        "units": Unit.objects.visible_to(request.user),
    }
    if not unit_code or not year:
        return render(request, "findings/par_scores.html", context)
    unit = Unit.objects.visible_to(request.user).filter(code=unit_code).first()
    if unit is None:
        messages.error(request, _("There is no unit “%(code)s” within your scope.") % {"code": unit_code})
        return render(request, "findings/par_scores.html", context, status=404)
    can_edit = access.can_edit(request.user, unit)
    subs = list(
        ParSubCriterion.objects.filter(criterion__area__index=index)
        .select_related("criterion__area")
        .order_by("criterion__area__sort_order", "criterion__sort_order", "sort_order", "code")
    )
    stored = {
        s.sub_criterion_id: s
        for s in ParScore.objects.filter(unit=unit, year=year, sub_criterion__in=[s.pk for s in subs])
    }
    entered: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not can_edit:
            messages.error(request, _("You may not record PAR-index scores for %(unit)s.") % {"unit": unit.code})
            return render(request, "findings/par_scores.html", {**context, "unit": unit}, status=403)
        entered = {s.code: request.POST.get(f"s-{s.pk}", "").strip() for s in subs}
        notes = {s.code: request.POST.get(f"n-{s.pk}", "") for s in subs if f"n-{s.pk}" in request.POST}
        scores, errors = {}, {}
        for code_, raw in entered.items():
            if raw:
                value = _decimal(raw)
                if value is None:
                    errors[code_] = [_("%(code)s: write a number.") % {"code": code_}]
                scores[code_] = value
        try:
            if errors:
                raise par.ParError(_("Nothing was saved."), errors)
            result = par.save_scores(index, unit, year, scores, notes=notes, acting_user=request.user)
        except par.ParError as err:
            messages.error(request, str(err))
            context["errors"] = err.errors
            status = 400
        else:
            _report(request, result)
            return redirect(f"{reverse('findings:par-scores', args=[index.code])}?unit={unit.code}&year={year}")
    rows = []
    for s in subs:
        score = stored.get(s.pk)
        value = entered[s.code] if s.code in entered else ("" if score is None else _plain(score.score))
        rows.append(
            {
                "sub": s,
                "value": value,
                "note": score.note if score else "",
                "errors": context["errors"].get(s.code, []),
            }
        )
    results = par.criterion_results(unit, year)
    context.update(
        {
            "unit": unit,
            "rows": rows,
            "can_edit": can_edit,
            "lost": sum(1 for r in results if r.lost > 0),
            "judged": len(results),
        }
    )
    return render(request, "findings/par_scores.html", context, status=status)


def _report(request, result: par.ScoresSaved) -> None:
    messages.success(
        request,
        ngettext(
            "%(saved)s score saved; %(new)s new finding.",
            "%(saved)s scores saved; %(new)s new findings.",
            len(result.created),
        )
        % {"saved": result.saved, "new": len(result.created)},
    )
    if result.withdrawn:
        messages.info(
            request,
            _("Back at full marks, so their untouched findings were withdrawn: %(codes)s.")
            % {"codes": ", ".join(result.withdrawn)},
        )
    if result.kept:
        messages.warning(
            request,
            _(
                "Back at full marks, but remediation has started, so these findings stay: %(codes)s. "
                "Close them as no longer relevant if the correction stands."
            )
            % {"codes": ", ".join(f.par_criterion.code for f in result.kept)},
        )


def _refuse(request, message: str):
    messages.error(request, message)
    return render(request, "findings/refused.html", {"message": message}, status=403)


def _decimal(raw) -> Decimal | None:
    """A number as people write it: 1,5 or 1.5."""
    if raw is None or not str(raw).strip():
        return None
    try:
        value = Decimal(str(raw).strip().replace(" ", "").replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def _plain(value: Decimal) -> str:
    return f"{value.normalize():f}"


def _levels():
    return [("area", _("Area")), ("criterion", _("Criterion")), ("sub_criterion", _("Sub-criterion"))]

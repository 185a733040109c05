"""The other registers: weak grassroots organisations (with the year
closing), deep self-review suggestions, and PAR-index results."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from steerco.indicators.records import read_filter
from steerco.lib.errors import Refused
from steerco.units.models import Unit

from .. import access, computed
from ..exports import suggestions_workbook, weak_workbook
from ..forms import CloseYearForm, ConsolidatedForm, PlanForm, SuggestionForm, WeakOrganisationForm
from ..models import DeepReviewSuggestion, WeakOrganisation
from ..services import carryover, par
from .common import attempt, xlsx_response


def _weak_visible(user):
    return WeakOrganisation.objects.filter(organisation__in=Unit.objects.visible_to(user))


def _weak_of_year(request):
    """The visible list of the year asked for (default: the latest)."""
    visible = _weak_visible(request.user)
    years = sorted(set(visible.values_list("year", flat=True)), reverse=True)
    try:
        year = int(request.GET.get("year") or (years[0] if years else timezone.localdate().year))
    except ValueError:
        year = years[0] if years else timezone.localdate().year
    entries = list(
        visible.filter(year=year).select_related("organisation__parent", "carried_from").order_by("organisation__path")
    )
    return years, year, entries


def _counted_by(request, queryset, keys, message):
    """A figure's filter on a register list (the link from its source
    page): the records it counts, or none and why."""
    try:
        by = read_filter(request.GET, Unit.objects.visible_to(request.user), keys)
    except Refused:
        return None, message, queryset.none()
    if by is None:
        return None, "", queryset
    return by, "", computed.counted_records(queryset, by.key, by.unit, by.span)


@login_required
def weak_list(request):
    years, year, entries = _weak_of_year(request)
    counted_by, refused, found = _counted_by(
        request,
        _weak_visible(request.user),
        computed.WEAK_KEYS,
        _("This link does not name a figure counted from the weak organisations within your scope."),
    )
    if counted_by is not None or refused:
        entries = list(
            found.select_related("organisation__parent", "carried_from").order_by("year", "organisation__path")
        )
        year = counted_by.period.year if counted_by else year
    carried = sum(1 for e in entries if e.carried_from_id)
    context = {
        "counted_by": counted_by,
        "refused": refused,
        "year": year,
        "years": years,
        "entries": entries,
        "total": len(entries),
        "carried": carried,
        "new": len(entries) - carried,
        "form": WeakOrganisationForm(user=request.user, initial={"year": year}),
        "can_add": access.can_record_any(request.user),
        "close_form": CloseYearForm(initial={"year": year}, units=access.closable_units(request.user)),
        "consolidate_form": ConsolidatedForm(),
    }
    return render(request, "findings/weak_list.html", context)


@login_required
def weak_export(request):
    _years, year, entries = _weak_of_year(request)
    return xlsx_response(weak_workbook(entries, year), f"weak-organisations-{year}.xlsx")


@login_required
@require_POST
def weak_add(request):
    form = WeakOrganisationForm(request.POST, user=request.user)
    if not access.can_record_any(request.user):
        raise PermissionDenied
    year = form.cleaned_data["year"] if form.is_valid() else request.POST.get("year", "")
    return attempt(
        request,
        lambda: carryover.add_to_list(
            form.cleaned_data["organisation"],
            form.cleaned_data["year"],
            form.cleaned_data["reason"],
            acting_user=request.user,
        ),
        form=form,
        invalid=lambda f: "; ".join(str(e) for errs in f.errors.values() for e in errs),
        refused=carryover.CarryOverError,
        done=_("The organisation is on the list."),
        then=f"{reverse('findings:weak')}?year={year}",
    )


@login_required
@require_POST
def weak_consolidate(request, pk):
    entry = get_object_or_404(_weak_visible(request.user).select_related("organisation"), pk=pk)
    if not access.can_edit(request.user, entry.organisation):
        raise PermissionDenied
    form = ConsolidatedForm(request.POST)
    return attempt(
        request,
        lambda: carryover.mark_consolidated(entry, form.cleaned_data["consolidated_on"], acting_user=request.user),
        form=form,
        invalid=_("Give the date it was consolidated."),
        refused=carryover.CarryOverError,
        done=_("Marked as consolidated."),
        then=f"{reverse('findings:weak')}?year={entry.year}",
    )


@login_required
@require_POST
def close_year(request):
    form = CloseYearForm(request.POST, units=Unit.objects.visible_to(request.user))
    if "unit" in form.errors and request.POST.get("unit"):
        raise PermissionDenied  # a unit outside the user's scope
    if not form.is_valid():
        messages.error(request, _("Give a unit and a year."))
        return redirect("findings:weak")
    unit = form.cleaned_data["unit"]
    if not access.can_close_year(request.user, unit):
        raise PermissionDenied
    year = form.cleaned_data["year"]
    return attempt(
        request,
        lambda: carryover.close_year(unit, year, acting_user=request.user),
        refused=carryover.CarryOverError,
        done=lambda result: (
            _("%(year)s is closed: %(carried)s organisations carried over into %(next)s.")
            % {"year": year, "carried": result.carried, "next": year + 1}
        ),
        then=f"{reverse('findings:weak')}?year={year + 1}",
    )


def _visible_suggestions(user):
    return (
        DeepReviewSuggestion.objects.filter(addressed_to__in=Unit.objects.visible_to(user))
        .select_related("suggested_by", "addressed_to")
        .annotate(n_plans=Count("plans", distinct=True), n_findings=Count("findings", distinct=True))
        .order_by("-review_year", "suggested_by__path", "addressed_to__path")
    )


@login_required
def suggestions_export(request):
    return xlsx_response(
        suggestions_workbook(_visible_suggestions(request.user)), f"deep-reviews-{timezone.localdate():%Y%m%d}.xlsx"
    )


@login_required
def suggestion_list(request):
    counted_by, refused, rows = _counted_by(
        request,
        _visible_suggestions(request.user),
        computed.REVIEW_KEYS,
        _("This link does not name a figure counted from the deep self-review suggestions within your scope."),
    )
    by_body: dict = {}
    for s in rows:
        by_body.setdefault((s.review_year, s.suggested_by), []).append(s)
    context = {
        "groups": list(by_body.items()),
        "can_add": access.can_record_any(request.user),
        "counted_by": counted_by,
        "refused": refused,
    }
    if context["can_add"]:
        context["suggestion_form"] = SuggestionForm(units=Unit.objects.visible_to(request.user))
        context["plan_form"] = PlanForm(user=request.user)
    return render(request, "findings/suggestion_list.html", context)


@login_required
def par_results(request, code, year):
    unit = get_object_or_404(Unit.objects.visible_to(request.user), code=code)
    results = par.criterion_results(unit, year)
    return render(
        request,
        "findings/par_results.html",
        {"unit": unit, "year": year, "results": results, "lost": [r for r in results if r.lost > 0]},
    )

"""The commission's pages: the case list, a case, its moves and the person
in it. Every case is loaded through ``Case.objects.visible_to`` (via
``services.cases_in_scope``); a case out of scope is a 404, so its code
does not even confirm that it exists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters, sensitive_variables
from django.views.decorators.http import require_POST

from steerco.indicators.records import read_filter
from steerco.lib.errors import Refused

from .. import services
from ..computed import KEYS, counted_cases
from ..forms import ConcludeForm, DecideForm, OpenCaseForm, PersonForm
from ..models import Case, Channel
from ..scope import is_inspector, jurisdiction, own_commissions
from ..stages import Stage, Subject

PAGE_SIZE = 50


def _inspectors_only(user) -> None:
    if not is_inspector(user):
        raise PermissionDenied(_("Inspection cases are kept by inspection commissions only."))


def _case(request, code: str) -> Case:
    _inspectors_only(request.user)
    return get_object_or_404(services.cases_in_scope(request.user), code=code)


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@login_required
def case_list(request):
    """The commission's cases; with a figure's filter (programme,
    indicator, unit, period: the link from a figure's source page) only
    the cases that figure counts, under the programme's reporting window."""
    _inspectors_only(request.user)
    cases = services.cases_in_scope(request.user)
    counted_by, refused = None, ""
    try:
        counted_by = read_filter(request.GET, _scope_units(request.user), KEYS)
    except Refused:
        refused = _("This link does not name a figure counted from the inspection cases within your scope.")
        cases = cases.none()
    if counted_by is not None:
        cases = counted_cases(cases, counted_by.key, counted_by.unit, counted_by.span)
    stage = request.GET.get("stage")
    if stage in Stage.values:
        cases = cases.filter(stage=stage)
    page = Paginator(cases.select_related("commission", "subject_unit"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "inspection/case_list.html",
        {
            "page": page,
            "stages": Stage.choices,
            "stage": stage,
            "can_open": own_commissions(request.user).exists(),
            "counted_by": counted_by,
            "refused": refused,
            "query": query.urlencode(),
        },
    )


def _scope_units(user):
    from steerco.units.models import Unit

    return Unit.objects.visible_to(user) | jurisdiction(user)


@login_required
@sensitive_post_parameters("full_name", "identity_number")
@sensitive_variables("form")
def case_open(request):
    _inspectors_only(request.user)
    commissions = own_commissions(request.user).order_by("path")
    form = OpenCaseForm(request.POST or None, commissions=commissions, units=jurisdiction(request.user))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.open_case(
                commission=data["commission"],
                subject=data["subject"],
                subject_unit=data["subject_unit"],
                opened_on=data["on"],
                full_name=data["full_name"] if data["subject"] != Subject.ORGANISATION else "",
                identity_number=data["identity_number"] if data["subject"] != Subject.ORGANISATION else "",
                acting_user=request.user,
            )
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, _("Case %(code)s opened.") % {"code": case.code})
            return redirect("inspection:case", code=case.code)
    return render(request, "inspection/case_form.html", {"form": form})


@login_required
def case_detail(request, code):
    case = _case(request, code)
    owner = services.Case.objects.owned_by(request.user).filter(pk=case.pk).exists()
    context = {
        "case": case,
        "owner": owner,
        "history": case.history.select_related("history_user").order_by("history_date"),
        "has_person": case.is_member_case and hasattr(case, "person"),
    }
    if owner and case.stage == Stage.INSPECTING:
        context["conclude_form"] = ConcludeForm()
    if owner and case.stage == Stage.CONCLUDED_VIOLATION:
        context["decide_form"] = DecideForm(subject=case.subject)
    return render(request, "inspection/case_detail.html", context)


def _move(request, case, form, move, done: str):
    """Validate a stage form, make the move through the services, and go
    back to the case with what happened."""
    if not form.is_valid():
        _errors(request, ValidationError(list(form.errors.values())))
    else:
        try:
            move(case, acting_user=request.user, **form.cleaned_data)
        except ValidationError as e:
            _errors(request, e)
        else:
            messages.success(request, done)
    return redirect("inspection:case", code=case.code)


@login_required
@require_POST
def case_conclude(request, code):
    case = _case(request, code)
    return _move(request, case, ConcludeForm(request.POST), services.conclude, _("The conclusion is recorded."))


@login_required
@require_POST
def case_decide(request, code):
    case = _case(request, code)
    form = DecideForm(request.POST, subject=case.subject)
    return _move(request, case, form, services.decide, _("The decision is recorded."))


@never_cache
@login_required
@sensitive_post_parameters("full_name", "identity_number")
@sensitive_variables("person", "form")
def case_person(request, code):
    """The name and identity number in a member case. Each GET is logged as
    a view; a POST by the owning commission records or corrects them."""
    case = _case(request, code)
    if not case.is_member_case:
        raise PermissionDenied(_("A case on an organisation keeps no personal data."))
    if request.method == "POST":
        form = PersonForm(request.POST)
        if form.is_valid():
            try:
                services.record_person(case, acting_user=request.user, **form.cleaned_data)
            except ValidationError as e:
                _errors(request, e)
            else:
                messages.success(request, _("The member's details are saved."))
                return redirect("inspection:case", code=code)
    else:
        form = None
    person = services.read_person(case, Channel.WEB, acting_user=request.user)
    owner = services.Case.objects.owned_by(request.user).filter(pk=case.pk).exists()
    if form is None and owner:
        form = PersonForm(
            initial={"full_name": person.full_name, "identity_number": person.identity_number} if person else None
        )
    return render(request, "inspection/case_person.html", {"case": case, "person": person, "form": form})

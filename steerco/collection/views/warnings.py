"""The warnings a round's values raised: warning rules broken by values that
were kept. Listed for the units the user sees; the secretariat accepts one
as it stands with a stated reason (``indicators.validation.acknowledge``,
as the admin does), here, without the admin."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from steerco.indicators.models import RuleWarning
from steerco.indicators.validation import acknowledge

from ..forms import AcknowledgeWarningForm
from ..scope import Scope
from ..workflow import Action
from .loading import load_round


@login_required
def round_warnings(request, pk):
    round_ = load_round(pk)
    scope = Scope(request.user)
    warnings = (
        RuleWarning.objects.filter(
            rule__programme=round_.programme_id, period=round_.period, unit__in=scope.units(Action.VIEW)
        )
        .select_related("unit", "rule", "acknowledged_by")
        .order_by("unit__path", "rule__code")
    )
    form, failed = AcknowledgeWarningForm(), None
    if request.method == "POST":
        form = AcknowledgeWarningForm(request.POST)
        # a warning out of sight does not exist for the user
        wanted = str(form.data.get("warning", ""))
        warning = warnings.filter(pk=int(wanted)).first() if wanted.isdigit() else None
        if warning is None:
            raise Http404
        if not scope.can(Action.ACKNOWLEDGE, warning.unit):
            raise PermissionDenied
        if form.is_valid():
            acknowledge(warning, form.cleaned_data["reason"], acting_user=request.user)
            messages.success(
                request, _("The warning for %(unit)s is accepted with your reason.") % {"unit": warning.unit.name()}
            )
            return redirect("collection:warnings", pk=round_.pk)
        failed = warning.pk
    language = get_language() or "vi"
    rows = [
        {
            "warning": w,
            "message": w.message(language),
            "may_acknowledge": scope.can(Action.ACKNOWLEDGE, w.unit),
            "form": form if w.pk == failed else AcknowledgeWarningForm(),
        }
        for w in warnings
    ]
    context = {"round": round_, "rows": rows, "open": sum(not r["warning"].acknowledged for r in rows)}
    return render(request, "collection/warnings.html", context, status=400 if failed else 200)

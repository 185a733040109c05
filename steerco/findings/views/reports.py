"""Read-outs of the register: the Excel export, the exception list, and
the roll-up per unit (identified, remediated, verified, overdue)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.lib.period_names import read as read_period
from steerco.lib.periods import Period, PeriodError, PeriodKind
from steerco.programmes.windows import window_for
from steerco.units.models import Unit

from .. import computed
from ..exports import findings_workbook
from ..models import Finding
from ..services.exceptions import DEFAULT_STALE_DAYS, exception_rows, with_reasons
from .common import visible_findings, xlsx_response
from .findings import PAGE_SIZE, filtered_findings


@login_required
def export_xlsx(request):
    _form, findings = filtered_findings(request)
    return xlsx_response(findings_workbook(findings), f"findings-{timezone.localdate():%Y%m%d}.xlsx")


@login_required
def exceptions(request):
    try:
        stale_days = max(1, min(int(request.GET.get("days", DEFAULT_STALE_DAYS)), 3650))
    except ValueError:
        stale_days = DEFAULT_STALE_DAYS
    page = Paginator(exception_rows(visible_findings(request.user), stale_days=stale_days), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"rows": with_reasons(page.object_list), "page": page, "days": stale_days}
    return render(request, "findings/exceptions.html", context)


# column -> the register's key; the page asks for all of them in one batch
COLUMNS = {
    "identified": "findings.identified",
    "remediated": "findings.remediated",
    "verified": "findings.verified",
    "overdue": "findings.overdue",
    "par_identified": "findings.par_identified",
    "par_remediated": "findings.par_remediated",
    "par_under_review": "findings.par_under_review",
}


@login_required
def summary(request):
    """For a unit the user may see and a period: the unit and each unit
    directly below it, with the register's counts over their subtrees."""
    visible = Unit.objects.visible_to(request.user)
    unit = None
    error = ""
    asked = request.GET.get("unit", "").strip()
    if asked:
        unit = visible.filter(code=asked.upper()).first()
        if unit is None:  # said plainly, not silently replaced
            error = _(
                "The unit “%(code)s” is not in your scope (or does not exist); showing your own unit instead."
            ) % {"code": asked}
    if unit is None:
        unit = visible.order_by("path").first()
    window = window_for(unit)
    try:
        period = read_period(request.GET.get("period") or _default_period(request.user, window))
    except PeriodError:
        error = (error + " " if error else "") + _(
            "“%(code)s” is not a period; write 2023, 2023-H1, 2023-Q3, 2023-07 or 2020-2025."
        ) % {"code": request.GET.get("period")}
        period = Period.parse(_default_period(request.user, window))
    rows = []
    if unit is not None:
        units = [unit, *visible.filter(parent=unit).order_by("sort_order", "code")]
        sums = computed.register_counts(list(COLUMNS.values()), units, [period.code], window)
        for u in units:
            cells = {column: sums[key].get((u.pk, period.code)) for column, key in COLUMNS.items()}
            row = {"unit": u, **{k: (int(v.total) if v else None) for k, v in cells.items()}}
            if row["par_identified"]:  # 14 = 13 remediated + 1 under review + 0 not started
                row["par_open"] = row["par_identified"] - row["par_remediated"] - (row["par_under_review"] or 0)
            rows.append(row)
    levels = []
    if unit is not None:
        levels = computed.by_level(
            Finding.objects.in_units(visible.filter(path__startswith=unit.path)), window.span(period)
        )
    context = {
        "unit": unit,
        "period": period,
        "span": window.span(period),
        "rows": rows,
        "levels": levels,
        "error": error,
        "units": visible,
    }
    return render(request, "findings/summary.html", context)


def _default_period(user, window) -> str:
    """The half-year (under the reporting window) of the latest finding the
    user can see, else the current half-year."""
    latest = visible_findings(user).order_by("-identified_on").values_list("identified_on", flat=True).first()
    return window.period_of(latest or timezone.localdate(), PeriodKind.HALF).code

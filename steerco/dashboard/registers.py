"""Attention items from the registers: findings overdue or closed without
evidence (steerco.findings), and units that have not reported in the
period's reporting round (steerco.collection). Each reads its register's
own service, scoped to the page's unit subtree and to what the user may
see; a fixed number of queries each."""

from __future__ import annotations

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import ngettext

from steerco.collection.completeness import Standing, completeness
from steerco.collection.models import ReportingRound
from steerco.findings.models import Finding
from steerco.findings.services.exceptions import annotate_exceptions
from steerco.units.models import Unit

from .attention import Item, Severity, View, provider
from .providers import NAMED_UNITS, named


@provider("findings.exceptions")
def findings_exceptions(view: View):
    findings = annotate_exceptions(Finding.objects.visible_to(view.user).filter(owner__path__startswith=view.unit.path))
    counts = findings.aggregate(
        overdue=Count("pk", filter=Q(is_overdue=True)),
        without_evidence=Count("pk", filter=Q(is_without_evidence=True)),
    )
    url = reverse("findings:exceptions")
    if counts["overdue"]:
        yield Item(
            Severity.HIGH,
            ngettext(
                "%(count)d finding is past its remediation deadline",
                "%(count)d findings are past their remediation deadline",
                counts["overdue"],
            )
            % {"count": counts["overdue"]},
            url=url,
        )
    if counts["without_evidence"]:
        yield Item(
            Severity.HIGH,
            ngettext(
                "%(count)d finding was closed without evidence",
                "%(count)d findings were closed without evidence",
                counts["without_evidence"],
            )
            % {"count": counts["without_evidence"]},
            url=url,
        )


@provider("collection.not_reported")
def units_not_reported(view: View):
    round_ = ReportingRound.objects.filter(programme=view.programme, period=view.period.code).first()
    if round_ is None:
        return
    units = Unit.objects.visible_to(view.user).subtree_of(view.unit)
    rows = [row for level in completeness(round_, units) for row in level.rows]
    owing = [r for r in rows if r.standing not in (Standing.SUBMITTED, Standing.APPROVED)]
    late = [r for r in owing if r.late]
    if not owing:
        return
    yield Item(
        Severity.CRITICAL if late else Severity.MEDIUM,
        ngettext(
            "%(count)d of %(total)d units has not submitted for %(period)s",
            "%(count)d of %(total)d units have not submitted for %(period)s",
            len(owing),
        )
        % {"count": len(owing), "total": len(rows), "period": named(view.period)},
        detail=ngettext("%(count)d of them past the deadline.", "%(count)d of them past the deadline.", len(late))
        % {"count": len(late)}
        if late
        else "",
        url=reverse("collection:completeness", args=[round_.pk]),
        units=tuple(
            (r.submission.unit.name(), reverse("collection:completeness", args=[round_.pk]))
            for r in (late or owing)[:NAMED_UNITS]
        ),
    )

"""Recording what the register holds besides findings: a finding's
causes, a deep self-review suggestion (a higher body to a unit) and the
remediation plan a unit adopts in answer. Each checks the user's rights
and the rules, refuses with a message for the user (writing nothing), and
saves with the user for the audit trail."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.lib.errors import Refused
from steerco.lib.periods import Period, PeriodError

from .. import access
from ..models import Cause, CauseKind, DeepReviewSuggestion, RemediationPlan
from . import workflow


class ReviewError(Refused):
    """Refused, nothing written; the message is for the user."""


def _not_future(day: date) -> None:
    if day > timezone.localdate():
        raise ReviewError(_("The date cannot be in the future."))


def add_cause(finding, *, acting_user, kind: str, description: str) -> Cause:
    """A cause of ``finding`` (in the finding's plan, if it has one)."""
    if not access.can_edit(acting_user, finding.owner):
        raise ReviewError(_("You may not change findings of this unit."))
    if kind not in CauseKind.values:
        raise ReviewError(_("Choose whether the cause is subjective or objective."))
    if not description.strip():
        raise ReviewError(_("Describe the cause."))
    with transaction.atomic():
        cause = Cause(unit=finding.owner, plan_id=finding.plan_id, kind=kind, description=description.strip())
        stamp(cause, acting_user=acting_user)
        cause.save()
        cause.findings.add(finding)
        workflow.touch(finding.pk)
    return cause


def suggest(
    *,
    acting_user,
    suggested_by,
    addressed_to,
    review_year: int,
    suggested_on: date,
    to_leaders: bool = False,
    subject: str = "",
) -> DeepReviewSuggestion:
    """The body ``suggested_by`` suggests that ``addressed_to`` (a unit
    below it) review itself in depth for ``review_year``."""
    if not access.can_edit(acting_user, suggested_by):
        raise ReviewError(
            _("Only someone working for %(body)s may record its suggestions.") % {"body": suggested_by.code}
        )
    if addressed_to.pk == suggested_by.pk or not addressed_to.path.startswith(suggested_by.path):
        raise ReviewError(
            _("%(unit)s is not below %(body)s: a deep self-review is suggested by a higher body.")
            % {"unit": addressed_to.code, "body": suggested_by.code}
        )
    if not 2000 <= review_year <= 2100:
        raise ReviewError(_("%(year)s is not a year.") % {"year": review_year})
    _not_future(suggested_on)
    if DeepReviewSuggestion.objects.filter(
        suggested_by=suggested_by, addressed_to=addressed_to, review_year=review_year
    ).exists():
        raise ReviewError(
            _("%(body)s already suggested a deep self-review to %(unit)s for %(year)s.")
            % {"body": suggested_by.code, "unit": addressed_to.code, "year": review_year}
        )
    suggestion = DeepReviewSuggestion(
        suggested_by=suggested_by,
        addressed_to=addressed_to,
        review_year=review_year,
        suggested_on=suggested_on,
        to_leaders=to_leaders,
        subject=subject.strip(),
        created_by=acting_user,
    )
    stamp(suggestion, acting_user=acting_user)
    suggestion.save()
    return suggestion


def adopt_plan(*, acting_user, unit, title: str, period: str, adopted_on: date, suggestion=None) -> RemediationPlan:
    """``unit``'s remediation plan for ``period``, answering ``suggestion``
    (one addressed to that unit) if given. Its findings join it through
    the finding's ``plan``."""
    if not access.can_edit(acting_user, unit):
        raise ReviewError(_("You may not record plans for %(unit)s.") % {"unit": unit.code})
    if not title.strip():
        raise ReviewError(_("Give the plan a title."))
    try:
        period = Period.parse(period).code
    except PeriodError:
        raise ReviewError(
            _("“%(code)s” is not a period; write 2023, 2023-H1, 2023-Q3, 2023-07 or 2020-2025.") % {"code": period}
        ) from None
    _not_future(adopted_on)
    if suggestion is not None and suggestion.addressed_to_id != unit.pk:
        raise ReviewError(_("That suggestion was addressed to another unit."))
    plan = RemediationPlan(unit=unit, title=title.strip(), period=period, adopted_on=adopted_on, suggestion=suggestion)
    stamp(plan, acting_user=acting_user)
    plan.save()
    return plan

"""Closing a year's list of weak organisations and carrying it over.

Every organisation in the unit's subtree that was on year Y's list and was
not consolidated within Y is put on year Y+1's list, linked to the entry
it came from. The closing is recorded, and the year is then read-only for
that subtree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from steerco.audit.history import stamp
from steerco.lib.errors import Refused
from steerco.units import validity
from steerco.units.models import UnitType, level_of

from .. import access
from ..models import WeakOrganisation, YearClosing


class CarryOverError(Refused):
    """Refused; the message is for the user."""


@dataclass(frozen=True)
class ClosingResult:
    year: int
    carried: int
    consolidated: int
    closing: YearClosing


def closing_for(unit, year: int) -> YearClosing | None:
    """The closing of ``year`` that covers ``unit`` (on the unit itself or
    an ancestor), if any."""
    paths = [unit.path[: i + 1] for i, ch in enumerate(unit.path) if ch == "/"]
    return YearClosing.objects.filter(year=year, unit__path__in=paths).first()


def is_closed(unit, year: int) -> bool:
    return closing_for(unit, year) is not None


def close_year(unit, year: int, *, acting_user) -> ClosingResult:
    """Close ``year`` for the subtree of ``unit`` and carry the
    unconsolidated organisations into ``year + 1``."""
    if acting_user is not None and not access.can_close_year(acting_user, unit):
        raise CarryOverError(_("Only the secretariat or an administrator of this unit can close the year."))
    year_end = date(year, 12, 31)
    with transaction.atomic():
        if is_closed(unit, year):
            raise CarryOverError(_("The year %(year)s is already closed for this unit.") % {"year": year})
        in_subtree = WeakOrganisation.objects.filter(year=year, organisation__path__startswith=unit.path)
        pending = in_subtree.filter(Q(consolidated_on__isnull=True) | Q(consolidated_on__gt=year_end)).filter(
            carried_to__isnull=True
        )
        already_next = dict(
            WeakOrganisation.objects.filter(
                year=year + 1, organisation_id__in=pending.values("organisation_id")
            ).values_list("organisation_id", "pk")
        )
        carried = 0
        for entry in pending.select_related("organisation"):
            if entry.organisation_id in already_next:
                # Listed again for the next year before the closing: link it.
                nxt = WeakOrganisation.objects.get(pk=already_next[entry.organisation_id])
                if nxt.carried_from_id is None:
                    nxt.carried_from = entry
                    stamp(nxt, acting_user=acting_user)
                    nxt.save()
            else:
                nxt = WeakOrganisation(
                    organisation=entry.organisation, year=year + 1, reason=entry.reason, carried_from=entry
                )
                stamp(nxt, acting_user=acting_user)
                nxt.save()
            carried += 1
        consolidated = in_subtree.filter(consolidated_on__lte=year_end).count()
        closing = YearClosing(unit=unit, year=year, closed_by=acting_user, carried=carried)
        stamp(closing, acting_user=acting_user)
        closing.save()
    return ClosingResult(year=year, carried=carried, consolidated=consolidated, closing=closing)


def add_to_list(organisation, year: int, reason: str = "", *, acting_user) -> WeakOrganisation:
    """Put a grassroots organisation on ``year``'s list (not a closed year,
    once a year)."""
    if not access.can_edit(acting_user, organisation):
        raise CarryOverError(_("You may not change the list for %(unit)s.") % {"unit": organisation.code})
    if level_of(organisation.type) != UnitType.GRASSROOTS:
        raise CarryOverError(_("Only grassroots organisations go on this list."))
    if is_closed(organisation, year):
        raise CarryOverError(_("The list of %(year)s is closed.") % {"year": year})
    refused = validity.period_refusal(organisation, str(year))
    if refused:
        raise CarryOverError(refused)
    if WeakOrganisation.objects.filter(organisation=organisation, year=year).exists():
        raise CarryOverError(
            _("%(unit)s is already on the list of %(year)s.") % {"unit": organisation.code, "year": year}
        )
    entry = WeakOrganisation(organisation=organisation, year=year, reason=reason.strip())
    stamp(entry, acting_user=acting_user)
    entry.save()
    return entry


def mark_consolidated(entry: WeakOrganisation, on: date | None, *, acting_user) -> WeakOrganisation:
    """The organisation was consolidated on ``on`` (within an open year)."""

    if not access.can_edit(acting_user, entry.organisation):
        raise CarryOverError(_("You may not change the list for %(unit)s.") % {"unit": entry.organisation.code})
    if is_closed(entry.organisation, entry.year):
        raise CarryOverError(_("The list of %(year)s is closed.") % {"year": entry.year})
    if on is None:
        raise CarryOverError(_("Give the date it was consolidated."))
    if on > timezone.localdate():
        raise CarryOverError(_("The date cannot be in the future."))
    with transaction.atomic():
        entry.consolidated_on = on
        stamp(entry, acting_user=acting_user)
        entry.save()
    return entry

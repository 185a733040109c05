"""Whether a unit may hold figures for a period, said in words.

Every write path (entry form, Excel, API, ``steerco import``, pack targets,
targets, registers) asks ``refusal(unit, start, end)`` before writing for a
unit: a unit that did not exist at any time in the period is refused, and
the message names the unit's dates and its successor, so the person knows
where the figure belongs. ``check(unit, period)`` raises
``UnitNotValid`` with that message.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from steerco.i18n import language
from steerco.lib.numbers import fmt_day
from steerco.lib.period_names import label as period_label
from steerco.lib.periods import Period


class UnitNotValid(ValidationError):
    pass


def _day(day: date) -> str:
    return fmt_day(day)


def _unit(unit) -> str:
    """The unit as people read it: its name first, the code after."""
    return f"{unit.name()} ({unit.code})"


def refusal(unit, start: date, end: date, label: str) -> str | None:
    """None when ``unit`` existed at some time between ``start`` and ``end``
    (``label``: the period as people say it); else why not, in the active
    language, naming its dates and its successors."""
    if (unit.valid_from is None or unit.valid_from <= end) and (unit.valid_to is None or start <= unit.valid_to):
        return None
    successors = list(
        unit.successor_links.select_related("successor")
        .order_by("successor__code")
        .values_list("successor__code", "successor__name_vi")
    )
    if unit.valid_to is not None and unit.valid_to < start:
        message = _("%(unit)s existed until %(to)s; %(period)s is after that.") % {
            "unit": _unit(unit),
            "to": _day(unit.valid_to),
            "period": label,
        }
    else:
        message = _("%(unit)s exists only from %(from)s; %(period)s is before that.") % {
            "unit": _unit(unit),
            "from": _day(unit.valid_from),
            "period": label,
        }
    if successors:
        message += " " + _("Its successor: %(units)s.") % {
            "units": ", ".join(f"{name} ({code})" for code, name in successors)
        }
    return message


def period_refusal(unit, period: str | Period) -> str | None:
    p = period if isinstance(period, Period) else Period.parse(str(period))
    return refusal(unit, p.start, p.end, period_label(p, language(), inline=True))


def check(unit, period: str | Period) -> None:
    """Raise ``UnitNotValid`` when ``unit`` did not exist in ``period``."""
    message = period_refusal(unit, period)
    if message:
        raise UnitNotValid(message)


def day_refusal(unit, day: date) -> str | None:
    """Why ``unit`` cannot hold a register record dated ``day``, or None."""
    return refusal(unit, day, day, _day(day))


def check_day(unit, day: date) -> None:
    """Raise ``UnitNotValid`` when ``unit`` did not exist on ``day`` (a
    register record dated that day)."""
    message = day_refusal(unit, day)
    if message:
        raise UnitNotValid(message)

"""Verdicts and their reasons as sentences in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .core.check import Result, Verdict


def verdict_label(verdict: Verdict | str) -> str:
    return {
        Verdict.MATCHES: pgettext("draft check", "matches"),
        Verdict.DIFFERS: pgettext("draft check", "differs"),
        Verdict.INCONSISTENT: pgettext("draft check", "inconsistent"),
        Verdict.STALE: pgettext("draft check", "stale"),
        Verdict.AMBIGUOUS: pgettext("draft check", "ambiguous"),
        Verdict.NO_RECORD: pgettext("draft check", "no record"),
    }[Verdict(verdict)]


def sentence(reason: str, params: dict) -> str:
    """One reason with its parameters (formatted numbers, names)."""
    p = {k: (", ".join(v) if isinstance(v, list) else v) for k, v in params.items()}
    texts = {
        "equal": _("Same as the records: %(expected)s."),
        "other_style": _("Same as the records (%(expected)s) when read in the English number style."),
        "target": _("Same as the target: %(expected)s."),
        "rounded": _("The recorded share is %(exact)s (%(parts)s): the same once rounded."),
        "share_of_target": _("The records give %(exact)s of the target %(target)s; the draft says %(found)s."),
        "share_of_target_ok": _("The records give %(exact)s of the target %(target)s: the same once rounded."),
        "change_ok": _("Against %(previous_period)s the records give %(expected)s: the same."),
        "change": _("Against %(previous_period)s the records give %(expected)s; the draft says %(found)s."),
        "direction": _("Wrong direction: against %(previous_period)s the records give %(expected)s."),
        "value": _("The records say %(expected)s; the draft says %(found)s."),
        "target_value": _("The recorded target is %(expected)s; the draft says %(found)s."),
        "share": _("The recorded share is %(expected)s (%(parts)s); the draft says %(found)s."),
        "earlier": _("This is the figure of %(period)s; for this period the records say %(expected)s."),
        "other_unit": _("This is the figure of %(other)s; for this unit the records say %(expected)s."),
        "no_denominator": _(
            "No whole number of which %(n)s is %(found)s exists: %(nearest)s. In the records: %(recorded)s."
        ),
        "pair": _("%(n)s/%(d)s is %(exact)s, not %(found)s."),
        "parts": _("The total %(total)s is not the sum of its parts %(parts)s = %(sum)s."),
        "no_match": _("No indicator of the programme fits the words around this figure."),
        "no_data": _("The records hold no figure for this indicator in this period."),
        "no_previous": _("The records hold no figure for the period it is compared with."),
        "chosen": _("Chosen by its value among indicators that fit the words as well: %(codes)s."),
        "several": _("Several indicators fit the words equally well (%(codes)s): check by hand."),
    }
    text = texts.get(reason, reason)
    try:
        return text % p
    except (KeyError, TypeError, ValueError):
        return text


def explain(result: Result) -> str:
    """The verdict's explanation, then any further finding on the figure."""
    parts = [sentence(result.reason, result.params)]
    parts += [sentence(n.reason, n.params) for n in result.notes if n.reason not in ("equal", "rounded")]
    return " ".join(parts)


def where(result: Result) -> str:
    """Indicator, unit and period of the recorded figure, for a comment."""
    r = result.record
    if r is None:
        return ""
    return f"{r.indicator} – {r.label or r.name} · {r.unit_name} · {r.period}"


def comment(result: Result) -> str:
    """The text of a Word comment on the figure."""
    head = verdict_label(result.verdict).upper()
    place = where(result)
    lines = [f"{head}: {explain(result)}"]
    if place:
        lines.append(place)
    if result.verdict == Verdict.AMBIGUOUS and result.candidates:
        ranked = ", ".join(c.record.indicator for c in result.candidates[:5])
        lines.append(_("Candidates, best first: %(list)s") % {"list": ranked})
    return "\n".join(lines)
